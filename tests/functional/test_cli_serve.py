"""`tipline serve --workers` needs sessions shared between processes."""

from __future__ import annotations

from pathlib import Path

from tests.factories.live import prepare_instance


def test_several_workers_are_refused_with_sessions_in_memory(tmp_path: Path) -> None:
    instance = prepare_instance(tmp_path / "memory")
    result = instance.cli("serve", "--workers", "2", check=False)
    assert 2 == result.returncode
    assert "--workers above 1 needs sessions shared between processes" in result.stderr
