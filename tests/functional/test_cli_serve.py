"""`tipline serve`: --workers needs sessions shared between processes; the interfaces' code is
imported before the processes fork."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.factories.live import prepare_instance
from tests.factories.postgres import live_environment


def test_several_workers_are_refused_with_sessions_in_memory(tmp_path: Path) -> None:
    instance = prepare_instance(tmp_path / "memory")
    result = instance.cli("serve", "--workers", "2", check=False)
    assert 2 == result.returncode
    assert "--workers above 1 needs sessions shared between processes" in result.stderr


# Run in a fresh interpreter: `tipline serve` with a stand-in for multiprocessing that records, at
# each process's start (the fork), which of the interfaces' modules the parent has imported.
_RECORD_AT_FORK = """
import json, sys
import tipline.cli.serve as serve
from tipline.cli import main
from tipline.sources.codenames import codename_scheme

WATCHED = ("flask", "gunicorn.app.base", "tipline.web.source.app", "tipline.web.journalist.app", sys.argv[1])
started = []

def built():
    return [name for name in WATCHED if name in sys.modules] + ["scheme"] * codename_scheme.cache_info().currsize

before = built()

class Process:
    def __init__(self, target, args, name):
        self.name, self.pid, self.exitcode = name, None, 0
    def start(self):
        started.append((self.name, built()))
    def is_alive(self):
        return False
    def join(self):
        pass

class Context:
    Process = Process

serve.multiprocessing.get_context = lambda method: Context()
main(["serve", "--no-retention"], standalone_mode=False)
print(json.dumps({"before": before, "started": started}))
"""


def test_the_interfaces_code_is_imported_once_before_the_processes_fork(tmp_path: Path, database_url: str) -> None:
    """Each interface's process inherits the framework, both apps, the database driver and the
    codename scheme already there, instead of importing and building them again after the fork
    (tipline.cli.serve._import_before_forking and _build_before_forking)."""
    instance = prepare_instance(tmp_path / "fork", extra_env=live_environment(database_url))
    driver = "sqlite3" if database_url.startswith("sqlite") else "psycopg"
    done = subprocess.run(
        [sys.executable, "-c", _RECORD_AT_FORK, driver],
        env=instance.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    recorded = json.loads(done.stdout.splitlines()[-1])
    assert [] == recorded["before"]  # importing the command alone imports and builds none of them
    watched = ["flask", "gunicorn.app.base", "tipline.web.source.app", "tipline.web.journalist.app", driver, "scheme"]
    started = dict(recorded["started"])
    assert {"tipline-source", "tipline-journalist"} <= started.keys()
    assert all(watched == imported for imported in started.values()), started
