"""The lock files: hash-pinned, free of machine-specific lines, and split by who installs what."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements"
LOCKS = ("server", "s3", "desk", "build", "dev")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==\S+ \\$")
DESK_ONLY = {"ctranslate2", "kiwipiepy", "kiwipiepy-model", "sentencepiece", "python-docx", "numpy"}
DEV_ONLY = {"pytest", "mypy", "hypothesis", "schemathesis", "ruff", "playwright", "atheris"}


def pinned(lock: str) -> set[str]:
    return {
        match[1].lower()
        for line in (REQUIREMENTS / f"{lock}.txt").read_text().splitlines()
        if (match := PIN.match(line))
    }


@pytest.mark.parametrize("lock", LOCKS)
def test_every_lock_pins_with_hashes_and_names_no_index_or_local_path(lock: str) -> None:
    text = (REQUIREMENTS / f"{lock}.txt").read_text(encoding="utf-8")
    options = [line for line in text.splitlines() if line.startswith("-")]
    assert [] == options  # no --index-url, --extra-index-url, --find-links, -e
    assert "file://" not in text
    assert "/opt/" not in text
    assert "#    make lock\n" in text  # the header names the command that reproduces it
    lines = text.splitlines()
    requirements = [number for number, line in enumerate(lines) if line[:1].isalnum()]
    assert requirements
    for number in requirements:
        assert PIN.match(lines[number]), lines[number]
        assert lines[number + 1].strip().startswith("--hash=sha256:"), lines[number]


def test_the_server_lock_holds_no_desk_nlp_and_no_dev_tools() -> None:
    server = pinned("server")
    assert {"flask", "gunicorn", "sqlalchemy", "pyrage"} <= server
    assert set() == server & (DESK_ONLY | DEV_ONLY | {"boto3", "botocore"})
    assert DESK_ONLY <= pinned("desk")
    assert {"boto3", "botocore"} <= pinned("s3")


def test_locks_agree_on_every_version_they_share() -> None:
    versions: dict[str, set[str]] = {}
    for lock in LOCKS:
        for line in (REQUIREMENTS / f"{lock}.txt").read_text().splitlines():
            if match := PIN.match(line):
                versions.setdefault(match[1].lower(), set()).add(line.split("==")[1].split()[0])
    assert {} == {name: found for name, found in versions.items() if len(found) > 1}
