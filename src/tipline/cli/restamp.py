"""The restamp job beside `tipline serve` and in `tipline worker`: file times back to the day."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

import click

from tipline.config import Settings


def run_restamper(settings: Settings, stop: threading.Event) -> int:
    """Set file times back to the day now, then every ``restamp_interval_minutes``, until STOP is
    set; return how many runs. A failed run (a folder unreadable for a moment) is reported by its
    error's type only, and the loop goes on."""
    from tipline.services import build_store
    from tipline.storage.restamp import instance_restamper

    if settings.restamp_interval_minutes <= 0:
        return 0
    restamper = instance_restamper(settings.data_dir, build_store(settings))
    runs = 0
    while not stop.is_set():
        try:
            restamper.run()
            runs += 1
        except Exception as error:
            click.echo(f"restamp run failed: {type(error).__name__}", err=True)
        stop.wait(settings.restamp_interval_minutes * 60)
    return runs


def until_signalled(settings: Settings, run: Callable[[Settings, threading.Event], object]) -> None:
    """Run a background process of `tipline serve` (or `tipline worker`) until SIGTERM or SIGINT:
    the signal sets the event ``run`` waits on, so a run in progress finishes before it stops."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    run(settings, stop)


def restamp_process(settings: Settings) -> None:
    """Entry point of the restamp process that `tipline serve` starts beside the web servers."""
    until_signalled(settings, run_restamper)
