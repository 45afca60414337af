"""Settings: one frozen object, from DATA_DIR/tipline.toml and the TIPLINE_* environment."""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Any

import pytest

from tests.factories.settings import instance_settings
from tipline.config import (
    CONFIG_FILE_NAME,
    DATA_DIR_VARIABLE,
    ENVIRONMENT,
    SECRET_SETTINGS,
    ConfigError,
    KdfParameters,
    Settings,
    _check_type,
    load_settings,
    render_config,
    resolve_data_dir,
)
from tipline.crypto.age import generate_identity

# One sample text per parser in ENVIRONMENT; a new parser type must add its sample here.
SAMPLE_VALUES: dict[type, str] = {int: "4242", str: "value-from-the-environment", Path: "/srv/from-the-environment"}


def minimal(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        newsroom_recipient=generate_identity()[1],
        codename_salt="00112233445566778899aabbccddeeff",
        source_secret_key="source-secret",
        journalist_secret_key="journalist-secret",
    )


def _has_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _default(f: dataclasses.Field[Any]) -> Any:
    return f.default_factory() if f.default is dataclasses.MISSING else f.default  # type: ignore[misc]


def write_config(data_dir: Path, text: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / CONFIG_FILE_NAME).write_text(text, encoding="utf-8")


def test_render_then_load_gives_back_the_same_settings(tmp_path: Path) -> None:
    """Every field, none at its default, survives render_config → tipline.toml → load_settings."""
    settings = minimal(tmp_path).replace(
        database_url="postgresql+psycopg://tipline@127.0.0.1/tipline",
        store_dir=tmp_path / "elsewhere",
        codename_words=8,
        codename_kdf=KdfParameters(time_cost=4, memory_kib=2048, parallelism=2),
        passphrase_kdf=KdfParameters(time_cost=2, memory_kib=4096, parallelism=1),
        max_upload_bytes=123,
        max_message_bytes=45,
        source_session_minutes=5,
        journalist_session_minutes=6,
        source_session_max_hours=3,
        journalist_session_max_hours=9,
        api_token_hours=7,
        default_locale="ru",
        redis_url='redis://h/0?note="quoted"\\back',
        redis_prefix="newsroom:",
        s3_bucket="blobs",
        s3_endpoint_url="http://127.0.0.1:8333",
        s3_access_key_id="key-id",
        s3_secret_access_key="secret",
        s3_region="eu-central-1",
        s3_prefix="tipline/",
        shared_state="database",
        submission_retention_days=90,
        reply_retention_days=30,
        source_retention_days=365,
        retention_grace_days=7,
        retention_interval_minutes=15,
        restamp_interval_minutes=15,
        case_statuses="open,checked,done",
        login_failures_per_account=3,
        login_failures_global=50,
        login_throttle_minutes=30,
        source_kdf_concurrency=3,
        source_onion_address="2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion",
        newsroom_key_max_age_days=180,
        digest_email_to="desk@newsroom.example, editor@newsroom.example",
        digest_email_from="tipline@newsroom.example",
        digest_webhook_url="https://chat.newsroom.example/hooks/abc",
        digest_hour_utc=6,
        smtp_host="mail.newsroom.example",
        smtp_port=465,
        smtp_security="tls",
        smtp_username="tipline",
        smtp_password="mail-secret",
    )
    at_default = [
        f.name for f in dataclasses.fields(Settings) if _has_default(f) and getattr(settings, f.name) == _default(f)
    ]
    assert [] == at_default, "the round trip must exercise every optional field with a non-default value"
    write_config(tmp_path, render_config(settings))
    assert settings == load_settings(tmp_path, environ={})


def test_defaults_round_trip_too(tmp_path: Path) -> None:
    settings = minimal(tmp_path)
    write_config(tmp_path, render_config(settings))
    assert settings == load_settings(tmp_path, environ={})


SPECIFIC_SAMPLE_VALUES = {
    "TIPLINE_SHARED_STATE": "database",
    "TIPLINE_DIGEST_HOUR_UTC": "5",
    "TIPLINE_DIGEST_WEBHOOK_URL": "https://chat.newsroom.example/hooks/abc",
    "TIPLINE_SMTP_SECURITY": "tls",
}


@pytest.mark.parametrize(("variable", "entry"), sorted(ENVIRONMENT.items()))
def test_each_environment_variable_overrides_its_setting(
    tmp_path: Path, variable: str, entry: tuple[str, type]
) -> None:
    """Parametrised over config.ENVIRONMENT itself: a new variable is tested without a new test."""
    name, parse = entry
    if variable in SPECIFIC_SAMPLE_VALUES:  # a setting that takes only certain values
        sample_values = {**SAMPLE_VALUES, parse: SPECIFIC_SAMPLE_VALUES[variable]}
    else:
        sample_values = SAMPLE_VALUES
    assert parse in SAMPLE_VALUES, f"add a sample value for {parse.__name__} (used by {variable})"
    write_config(tmp_path, render_config(minimal(tmp_path)))
    from_file = load_settings(tmp_path, environ={})
    overridden = load_settings(tmp_path, environ={variable: sample_values[parse]})
    assert parse(sample_values[parse]) == getattr(overridden, name)
    assert getattr(from_file, name) != getattr(overridden, name)
    others = {f.name for f in dataclasses.fields(Settings)} - {name}
    assert {o: getattr(from_file, o) for o in others} == {o: getattr(overridden, o) for o in others}


def test_every_environment_entry_names_a_real_setting() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert [] == [variable for variable, (name, _) in ENVIRONMENT.items() if name not in names]
    assert all(variable.startswith("TIPLINE_") for variable in ENVIRONMENT)


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    write_config(tmp_path, render_config(minimal(tmp_path).replace(max_message_bytes=10)))
    assert 20 == load_settings(tmp_path, environ={"TIPLINE_MAX_MESSAGE_BYTES": "20"}).max_message_bytes


VALID = """newsroom_recipient = "{recipient}"
codename_salt = "00112233445566778899aabbccddeeff"
source_secret_key = "s"
journalist_secret_key = "j"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("codename_words = 6", "codename_words"),
        ("max_upload_bytes = 0", "size limits"),
        ("max_message_bytes = -1", "size limits"),
        ('max_upload_bytes = "big"', "max_upload_bytes"),
        ("codename_words = true", "codename_words"),
        ("default_locale = 7", "default_locale"),
        ("source_session_minutes = 0", "source_session_minutes"),
        ("api_token_hours = -2", "api_token_hours"),
        ("codename_kdf = 3", "codename_kdf must be a table"),
        ("[codename_kdf]\nrounds = 3", "codename_kdf"),
        ("[passphrase_kdf]\ntime_cost = 0", "passphrase_kdf: invalid Argon2id"),
        ('[passphrase_kdf]\ntime_cost = "3"', "passphrase_kdf"),
        ("[codename_kdf]\nmemory_kib = 4\nparallelism = 1", "codename_kdf: invalid Argon2id"),
    ],
)
def test_bad_values_in_the_file_give_a_clear_config_error(tmp_path: Path, extra: str, message: str) -> None:
    write_config(tmp_path, VALID.format(recipient=generate_identity()[1]) + extra + "\n")
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ={})


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        ({"newsroom_recipient": "ssh-ed25519 AAAA"}, "age recipient"),
        ({"newsroom_recipient": 5}, "newsroom_recipient"),
        ({"codename_salt": "not hex at all"}, "codename_salt"),
        ({"codename_salt": "0011"}, "codename_salt"),
    ],
)
def test_bad_keys_and_salts_are_refused(tmp_path: Path, replacements: dict[str, Any], message: str) -> None:
    lines = {
        "newsroom_recipient": generate_identity()[1],
        "codename_salt": "00112233445566778899aabbccddeeff",
        "source_secret_key": "s",
        "journalist_secret_key": "j",
        **replacements,
    }
    write_config(tmp_path, "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in lines.items()))
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ={})


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TIPLINE_MAX_UPLOAD_BYTES", "two gigabytes", "TIPLINE_MAX_UPLOAD_BYTES='two gigabytes' is not a valid int"),
        ("TIPLINE_MAX_UPLOAD_BYTES", "0", "size limits must be positive"),
        ("TIPLINE_SOURCE_SESSION_MINUTES", "-5", "source_session_minutes"),
        ("TIPLINE_SOURCE_KDF_CONCURRENCY", "0", "source_kdf_concurrency must be at least 1"),
    ],
)
def test_bad_environment_values_give_a_clear_config_error(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    write_config(tmp_path, render_config(minimal(tmp_path)))
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ={variable: value})


@pytest.mark.parametrize("key", ["no_such_setting", "data_dir", "debug"])
def test_unknown_keys_are_refused(tmp_path: Path, key: str) -> None:
    """A typo must not silently leave a security setting at its default."""
    write_config(tmp_path, f'{key} = "x"\n' + render_config(minimal(tmp_path)))
    with pytest.raises(ConfigError, match=f"unknown setting '{key}'"):
        load_settings(tmp_path, environ={})


def test_a_missing_required_setting_is_named(tmp_path: Path) -> None:
    write_config(tmp_path, 'newsroom_recipient = "age1x"\n')
    with pytest.raises(ConfigError, match="codename_salt"):
        load_settings(tmp_path, environ={})


def test_a_missing_file_says_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tipline init"):
        load_settings(tmp_path / "nowhere", environ={})


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    write_config(tmp_path, "this is = = not toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(tmp_path, environ={})


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = minimal(tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.codename_words = 3  # type: ignore[misc]


def test_derived_locations_default_into_the_data_dir(tmp_path: Path) -> None:
    settings = minimal(tmp_path)
    assert f"sqlite:///{tmp_path / 'tipline.sqlite'}" == settings.effective_database_url
    assert tmp_path / "store" == settings.effective_store_dir
    moved = settings.replace(database_url="sqlite:///x.db", store_dir=tmp_path / "s")
    assert ("sqlite:///x.db", tmp_path / "s") == (moved.effective_database_url, moved.effective_store_dir)


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        ("/from/option", {DATA_DIR_VARIABLE: "/from/env"}, Path("/from/option")),
        (None, {DATA_DIR_VARIABLE: "/from/env"}, Path("/from/env")),
        (None, {}, Path("tipline-data")),
        (None, {DATA_DIR_VARIABLE: ""}, Path("tipline-data")),
        ("", {DATA_DIR_VARIABLE: "/from/env"}, Path("/from/env")),
    ],
)
def test_data_dir_precedence(explicit: str | None, environ: dict[str, str], expected: Path) -> None:
    """--data-dir, else $TIPLINE_DATA_DIR, else ./tipline-data."""
    assert expected == resolve_data_dir(explicit, environ)


@pytest.mark.parametrize(
    ("annotation", "good", "bad"),
    [
        (int, 3, True),
        (bool, False, 0),
        (Path | None, None, "a string"),
        (list[str], ["a"], "a"),
        (tuple[int, ...] | None, (1, 2), [1, 2]),
        (dict[str, int], {}, []),
    ],
)
def test_type_checking_copes_with_the_annotations_future_settings_may_use(
    annotation: Any, good: object, bad: object
) -> None:
    """Checking types must not crash on generics and unions a new setting might be declared with."""
    _check_type("future_setting", good, annotation)
    with pytest.raises(ConfigError, match="future_setting must be of type"):
        _check_type("future_setting", bad, annotation)


def test_printing_the_settings_shows_no_secret(tmp_path: Path) -> None:
    """A traceback, a debugger or a log line that prints the settings must not print the keys."""
    settings = instance_settings(tmp_path, generate_identity()[1]).replace(
        s3_secret_access_key="s3-secret-" + secrets.token_hex(8),
        s3_access_key_id="s3-id-" + secrets.token_hex(8),
        database_url=f"postgresql://tipline:pw-{secrets.token_hex(8)}@db/tipline",
        redis_url=f"redis://:pw-{secrets.token_hex(8)}@redis:6379/0",
        smtp_password="mail-" + secrets.token_hex(8),
        digest_webhook_url=f"https://chat.example/hooks/{secrets.token_hex(8)}",
    )
    printed = repr(settings) + str(settings) + f"{settings!r}"
    for name in SECRET_SETTINGS:
        assert str(getattr(settings, name)) not in printed, name
    assert "<hidden>" in printed
    assert "max_upload_bytes=" in printed
