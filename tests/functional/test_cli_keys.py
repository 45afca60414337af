"""`tipline keys`: list, rotate-newsroom and rotate-journalist, as an admin runs them."""

from __future__ import annotations

from pathlib import Path

from tests.factories.live import prepare_instance
from tests.factories.postgres import live_environment
from tipline.config import load_settings
from tipline.crypto.age import generate_identity
from tipline.services import build_services


def test_a_journalists_key_rotates_and_the_old_one_is_no_longer_encrypted_to(tmp_path: Path, database_url: str) -> None:
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url))
    instance.add_journalist("reporter")
    _, first = generate_identity()
    _, second = generate_identity()

    no_key = instance.cli("keys", "rotate-journalist", "reporter", second, check=False)
    assert 0 != no_key.returncode
    assert "no recipient to rotate" in no_key.stderr
    instance.cli("journalist", "set-recipient", "reporter", first)
    same = instance.cli("keys", "rotate-journalist", "reporter", first, check=False)
    assert 0 != same.returncode
    assert "in use" in same.stderr
    bad = instance.cli("keys", "rotate-journalist", "reporter", "age1nope", check=False)
    assert 0 != bad.returncode
    assert 0 != instance.cli("keys", "rotate-journalist", "nobody", second, check=False).returncode

    instance.cli("keys", "rotate-journalist", "reporter", second)

    services = build_services(load_settings(instance.data_dir, environ=instance.env))
    try:
        recipients = services.submissions.current_recipients()
    finally:
        services.close()
    assert second in recipients
    assert first not in recipients
    listed = instance.cli("keys", "list").stdout
    assert f"journalist reporter  {second}" in listed
    assert first not in listed


def test_rotate_newsroom_refuses_what_is_not_a_new_recipient(tmp_path: Path, database_url: str) -> None:
    instance = prepare_instance(tmp_path / "cli", extra_env=live_environment(database_url))
    first = load_settings(instance.data_dir, environ=instance.env).newsroom_recipient
    for offered in (first, "age1nope", "AGE-SECRET-KEY-1QQQ"):
        refused = instance.cli("keys", "rotate-newsroom", offered, check=False)
        assert 0 != refused.returncode, offered
    assert [f"newsroom  {first}  from"] == [
        line[: len(first) + 16] for line in instance.cli("keys", "list").stdout.splitlines()
    ]
