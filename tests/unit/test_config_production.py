"""The production settings parse from the environment and refuse inconsistent values."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.config import ConfigError, Settings, load_settings, render_config
from tipline.db import normalise_url


def _data_dir(tmp_path: Path) -> Path:
    settings = Settings(
        data_dir=tmp_path,
        newsroom_recipient="age1" + "q" * 58,
        codename_salt="00" * 16,
        source_secret_key="s",
        journalist_secret_key="j",
    )
    (tmp_path / "tipline.toml").write_text(render_config(settings), encoding="utf-8")
    return tmp_path


def test_production_settings_come_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "TIPLINE_DATABASE_URL": "postgresql://tipline@/tipline",
        "TIPLINE_S3_BUCKET": "blobs",
        "TIPLINE_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
        "TIPLINE_S3_ACCESS_KEY_ID": "key",
        "TIPLINE_S3_SECRET_ACCESS_KEY": "secret",
        "TIPLINE_S3_REGION": "eu-central-1",
        "TIPLINE_S3_PREFIX": "newsroom",
        "TIPLINE_REDIS_URL": "redis://127.0.0.1:6379/0",
        "TIPLINE_REDIS_PREFIX": "tl:",
        "TIPLINE_SUBMISSION_RETENTION_DAYS": "180",
        "TIPLINE_REPLY_RETENTION_DAYS": "90",
        "TIPLINE_SOURCE_RETENTION_DAYS": "365",
        "TIPLINE_RETENTION_GRACE_DAYS": "7",
        "TIPLINE_RETENTION_INTERVAL_MINUTES": "15",
    }
    settings = load_settings(_data_dir(tmp_path), environ)
    assert ("blobs", "http://127.0.0.1:8333", "key", "secret", "eu-central-1", "newsroom") == (
        settings.s3_bucket,
        settings.s3_endpoint_url,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
        settings.s3_region,
        settings.s3_prefix,
    )
    assert ("redis", "tl:") == (settings.effective_shared_state, settings.redis_prefix)
    assert (180, 90, 365, 7, 15) == (
        settings.submission_retention_days,
        settings.reply_retention_days,
        settings.source_retention_days,
        settings.retention_grace_days,
        settings.retention_interval_minutes,
    )


def test_shared_state_defaults_to_memory_without_redis(tmp_path: Path) -> None:
    directory = _data_dir(tmp_path)
    assert "memory" == load_settings(directory, {}).effective_shared_state
    assert "database" == load_settings(directory, {"TIPLINE_SHARED_STATE": "database"}).effective_shared_state


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"TIPLINE_SHARED_STATE": "disk"}, "shared_state must be one of"),
        ({"TIPLINE_SHARED_STATE": "redis"}, "needs redis_url"),
        ({"TIPLINE_SOURCE_RETENTION_DAYS": "-1"}, "must not be negative"),
    ],
)
def test_inconsistent_settings_are_refused(tmp_path: Path, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(_data_dir(tmp_path), environ)


def test_postgresql_urls_mean_psycopg_3() -> None:
    assert "postgresql+psycopg://u@h/db" == normalise_url("postgresql://u@h/db")
    assert "postgresql+psycopg://u@h/db" == normalise_url("postgres://u@h/db")
    assert "sqlite:///x.sqlite" == normalise_url("sqlite:///x.sqlite")
