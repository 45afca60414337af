"""`newsroom_key_max_age_days`: `tipline check` warns when the newsroom key is due for rotation."""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import delete, update

from tests.factories.live import prepare_instance
from tests.factories.postgres import live_environment
from tipline.config import load_settings
from tipline.crypto.age import generate_identity
from tipline.keyring.models import NewsroomKey
from tipline.services import build_services


def test_check_warns_about_an_old_or_unknown_newsroom_key_and_a_rotation_ends_the_warning(
    tmp_path: Path, database_url: str
) -> None:
    instance = prepare_instance(
        tmp_path / "cli",
        settings_overrides={"newsroom_key_max_age_days": 30},
        extra_env=live_environment(database_url),
    )
    services = build_services(load_settings(instance.data_dir, environ=instance.env))
    try:
        fresh = instance.cli("check")  # `tipline init` recorded today as the key's first day
        assert "WARNING" not in fresh.stdout

        with services.sessions.begin() as session:
            day = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=40)
            session.execute(update(NewsroomKey).values(current_from=day))
        old = instance.cli("check")  # a warning, not a failure
        assert "current for 40 days, more than newsroom_key_max_age_days (30)" in old.stdout

        with services.sessions.begin() as session:  # an instance from before the table existed
            session.execute(delete(NewsroomKey))
        unknown = instance.cli("check")
        assert "age is unknown" in unknown.stdout

        instance.cli("keys", "rotate-newsroom", generate_identity()[1])
        assert "WARNING" not in instance.cli("check").stdout
    finally:
        services.close()
