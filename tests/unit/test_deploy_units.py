"""The systemd units give the server the file descriptors its connections and uploads need."""

from __future__ import annotations

import re
from pathlib import Path

from tipline.cli.serve import WORKER_CONNECTIONS
from tipline.web.source.app import MAX_FILES_PER_SUBMISSION

DEPLOY = Path(__file__).parents[2] / "deploy"
# `tipline serve` runs two interfaces, and the unit --workers 2 of each; uploads stream on
# --threads (8) threads per worker, each file part holding up to three descriptors.
PROCESSES_PER_UNIT = 2 * 2
DESCRIPTORS_PER_WORKER = WORKER_CONNECTIONS + 8 * MAX_FILES_PER_SUBMISSION * 3 + 256


def limit_nofile(unit: str) -> int:
    match = re.search(r"^LimitNOFILE=(\d+)$", (DEPLOY / unit).read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{unit} sets no LimitNOFILE"
    return int(match.group(1))


def test_the_server_unit_allows_every_connection_and_upload_its_workers_accept() -> None:
    # The limit is per process; each worker is one.
    assert limit_nofile("tipline-serve.service") >= DESCRIPTORS_PER_WORKER * PROCESSES_PER_UNIT


def test_tor_can_hold_as_many_streams_to_the_server() -> None:
    assert limit_nofile("tipline-tor.service") >= limit_nofile("tipline-serve.service")
