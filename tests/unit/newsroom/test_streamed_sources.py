"""The whole sources list is streamed from a database cursor: it must be closed however the
response ends, read to the end, cut off, or never sent at all (CI met a server-side cursor left
to the garbage collector on PostgreSQL when a response was built and never read)."""

from __future__ import annotations

import gc
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from tests.factories.sources import make_source
from tipline.newsroom.listing import SourceQuery
from tipline.services import Services


@pytest.fixture
def unraisable() -> Iterator[list[Any]]:
    """What the garbage collector could not raise (a cursor's ResourceWarning in __del__).

    Everything alive before the test is frozen (gc.freeze) while it runs: a full collection then
    walks only what the test made, a few thousand objects, not the million of pytest and every
    imported module (a quarter of a second each, under load). What the test made is collected as
    before; only what already existed is left out, and none of it was dropped by the test."""
    caught: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = caught.append
    gc.freeze()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            yield caught
            gc.collect()
    finally:
        gc.unfreeze()
        sys.unraisablehook = previous


def _messages(caught: list[Any]) -> list[str]:
    return [str(getattr(u, "exc_value", u)) for u in caught]


@pytest.mark.parametrize("read", [0, 1, 3], ids=["never read", "cut off", "read to the end"])
def test_a_stream_closes_its_cursor_however_far_it_was_read(
    services: Services, unraisable: list[Any], read: int
) -> None:
    for _ in range(3):
        make_source(services, "a message")
    stream = services.newsroom.all_sources(SourceQuery(per_page=None))
    got = []
    if read:
        for row in stream:
            got.append(row)
            if len(got) == read:
                break
    stream.close()
    del stream
    gc.collect()

    assert read == len(got)
    assert [] == _messages(unraisable)


def test_a_closed_stream_gives_back_its_connection(services: Services) -> None:
    engine = services.engine
    before = engine.pool.checkedout()
    stream = services.newsroom.all_sources(SourceQuery(per_page=None))
    assert before + 1 == engine.pool.checkedout()
    stream.close()
    assert before == engine.pool.checkedout()


def test_a_stream_dropped_without_close_still_ends_its_cursor(services: Services, unraisable: list[Any]) -> None:
    make_source(services, "a message")
    engine = services.engine
    before = engine.pool.checkedout()
    stream = services.newsroom.all_sources(SourceQuery(per_page=None))
    del stream  # as a test client drops a streamed response it never closed
    gc.collect()

    assert before == engine.pool.checkedout()
    assert [] == _messages(unraisable)
