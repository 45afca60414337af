"""The one place that reads the environment and the config file.

Everything else receives a frozen :class:`Settings`; nothing below reads ``os.environ``.
The config file is ``DATA_DIR/tipline.toml``, written by ``tipline init``; environment
variables (``TIPLINE_*``, listed in :data:`ENVIRONMENT`) override it.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

CONFIG_FILE_NAME = "tipline.toml"
IDENTITY_FILE_NAME = "newsroom-identity.txt"
DEFAULT_DATA_DIR = "tipline-data"


class ConfigError(Exception):
    """The configuration is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost. The defaults follow RFC 9106's second recommended option (64 MiB)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1


# Settings that are secrets, or URLs that may carry a password: never printed (repr, logs, tracebacks).
SECRET_SETTINGS = frozenset(
    {
        "codename_salt",
        "source_secret_key",
        "journalist_secret_key",
        "s3_access_key_id",
        "s3_secret_access_key",
        "database_url",
        "redis_url",
        "smtp_password",
        "digest_webhook_url",
    }
)


@dataclass(frozen=True, repr=False)
class Settings:
    """Every setting of a Tipline instance. Documented in docs/configuration.md."""

    data_dir: Path
    # age recipient (public key) of the newsroom; its identity lives offline.
    newsroom_recipient: str
    # Random per-instance salt for deriving codename keys (hex). Not secret on its own,
    # but it makes precomputed codename tables useless across instances.
    codename_salt: str
    source_secret_key: str
    journalist_secret_key: str
    database_url: str = ""
    store_dir: Path | None = None
    # The fewest words in a codename (English: 7 EFF words ≈ 90 bits). Lists with fewer words
    # get more, so that every codename has at least 88 bits (BIP-39's 2,048 words → 8 words).
    codename_words: int = 7
    codename_kdf: KdfParameters = field(default_factory=KdfParameters)
    passphrase_kdf: KdfParameters = field(default_factory=KdfParameters)
    max_upload_bytes: int = 2 * 1024**3
    max_message_bytes: int = 512 * 1024
    source_session_minutes: int = 120
    journalist_session_minutes: int = 120
    # However busy a session is, it ends this long after its login (or creation): a stolen
    # cookie kept alive by polling does not live for ever.
    source_session_max_hours: int = 4
    journalist_session_max_hours: int = 12
    api_token_hours: int = 8
    # Page language when a reader has not chosen one and their browser does not say (Tor Browser
    # never says). Korean: most of our sources are Korean speakers. `tipline init` writes it.
    default_locale: str = "ko"
    redis_url: str = ""
    # Every Redis key starts with this, so one Redis can serve several instances.
    redis_prefix: str = "tipline:"
    # S3-compatible object store for the blobs; an empty bucket means the local folder.
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = "us-east-1"
    s3_prefix: str = ""
    # Where web sessions live: "memory" (one process), "database" or "redis".
    # Empty: "redis" when redis_url is set, else "memory".
    shared_state: str = ""
    # Retention, in days; 0 keeps for ever. See tipline.retention.
    submission_retention_days: int = 0
    reply_retention_days: int = 0
    source_retention_days: int = 0
    retention_grace_days: int = 14
    retention_interval_minutes: int = 60
    # How often `tipline serve` / `tipline worker` set file times back to the day: a file's
    # ctime (which no program can set) then shows only the interval it changed in. 0: never.
    restamp_interval_minutes: int = 60

    @property
    def effective_shared_state(self) -> str:
        return self.shared_state or ("redis" if self.redis_url else "memory")

    # Case statuses offered to the newsroom, in order; the first is given to new sources.
    case_statuses: str = "new,in progress,verified,published,closed"
    # Failed journalist logins allowed per account, and over all accounts, within the window.
    login_failures_per_account: int = 5
    login_failures_global: int = 100
    login_throttle_minutes: int = 15
    # Codename KDF runs (account creation, login) at once per source-interface process; more
    # wait up to a second, then get a "busy, try again" page. Bounds CPU and memory (64 MiB each).
    source_kdf_concurrency: int = 2
    # The source interface's v3 onion address (`tipline onion` writes it to TOR_DIR/source/hostname):
    # printed by `tipline guide` and shown with its QR code on the guide pages. Empty: not shown.
    source_onion_address: str = ""
    # `tipline check` warns once the newsroom recipient has been current this many days: time to
    # rotate it (`tipline keys rotate-newsroom`). 0: never. A warning, not an automatic rotation:
    # a new key pair must be made offline (docs/key-rotation-design.md).
    newsroom_key_max_age_days: int = 0
    # The daily new-submission digest (tipline.alerts.digest): sent by the worker once a day after
    # this hour (UTC) to the e-mail addresses and/or the webhook below; both empty: no digest.
    digest_email_to: str = ""
    digest_email_from: str = ""
    digest_webhook_url: str = ""
    digest_hour_utc: int = 7
    smtp_host: str = ""
    smtp_port: int = 587
    # "starttls" (port 587), "tls" (port 465) or "none" (a relay on this machine only).
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tipline.sqlite'}"

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.case_statuses.split(",") if s.strip())

    @property
    def effective_store_dir(self) -> Path:
        return self.store_dir or self.data_dir / "store"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        # A traceback, a debugger or a stray log line must not print the keys (threat T1).
        shown = (
            f"{f.name}=<hidden>"
            if f.name in SECRET_SETTINGS and getattr(self, f.name)
            else f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
        )
        return f"Settings({', '.join(shown)})"


# Environment name → (setting name, parser). The only table of environment names.
ENVIRONMENT: Mapping[str, tuple[str, type]] = {
    "TIPLINE_DATABASE_URL": ("database_url", str),
    "TIPLINE_STORE_DIR": ("store_dir", Path),
    "TIPLINE_MAX_UPLOAD_BYTES": ("max_upload_bytes", int),
    "TIPLINE_MAX_MESSAGE_BYTES": ("max_message_bytes", int),
    "TIPLINE_SOURCE_SESSION_MINUTES": ("source_session_minutes", int),
    "TIPLINE_JOURNALIST_SESSION_MINUTES": ("journalist_session_minutes", int),
    "TIPLINE_SOURCE_SESSION_MAX_HOURS": ("source_session_max_hours", int),
    "TIPLINE_JOURNALIST_SESSION_MAX_HOURS": ("journalist_session_max_hours", int),
    "TIPLINE_API_TOKEN_HOURS": ("api_token_hours", int),
    "TIPLINE_DEFAULT_LOCALE": ("default_locale", str),
    "TIPLINE_REDIS_URL": ("redis_url", str),
    "TIPLINE_REDIS_PREFIX": ("redis_prefix", str),
    "TIPLINE_S3_BUCKET": ("s3_bucket", str),
    "TIPLINE_S3_ENDPOINT_URL": ("s3_endpoint_url", str),
    "TIPLINE_S3_ACCESS_KEY_ID": ("s3_access_key_id", str),
    "TIPLINE_S3_SECRET_ACCESS_KEY": ("s3_secret_access_key", str),
    "TIPLINE_S3_REGION": ("s3_region", str),
    "TIPLINE_S3_PREFIX": ("s3_prefix", str),
    "TIPLINE_SHARED_STATE": ("shared_state", str),
    "TIPLINE_SUBMISSION_RETENTION_DAYS": ("submission_retention_days", int),
    "TIPLINE_REPLY_RETENTION_DAYS": ("reply_retention_days", int),
    "TIPLINE_SOURCE_RETENTION_DAYS": ("source_retention_days", int),
    "TIPLINE_RETENTION_GRACE_DAYS": ("retention_grace_days", int),
    "TIPLINE_RETENTION_INTERVAL_MINUTES": ("retention_interval_minutes", int),
    "TIPLINE_RESTAMP_INTERVAL_MINUTES": ("restamp_interval_minutes", int),
    "TIPLINE_CASE_STATUSES": ("case_statuses", str),
    "TIPLINE_LOGIN_FAILURES_PER_ACCOUNT": ("login_failures_per_account", int),
    "TIPLINE_LOGIN_FAILURES_GLOBAL": ("login_failures_global", int),
    "TIPLINE_LOGIN_THROTTLE_MINUTES": ("login_throttle_minutes", int),
    "TIPLINE_SOURCE_KDF_CONCURRENCY": ("source_kdf_concurrency", int),
    "TIPLINE_SOURCE_ONION_ADDRESS": ("source_onion_address", str),
    "TIPLINE_NEWSROOM_KEY_MAX_AGE_DAYS": ("newsroom_key_max_age_days", int),
    "TIPLINE_DIGEST_EMAIL_TO": ("digest_email_to", str),
    "TIPLINE_DIGEST_EMAIL_FROM": ("digest_email_from", str),
    "TIPLINE_DIGEST_WEBHOOK_URL": ("digest_webhook_url", str),
    "TIPLINE_DIGEST_HOUR_UTC": ("digest_hour_utc", int),
    "TIPLINE_SMTP_HOST": ("smtp_host", str),
    "TIPLINE_SMTP_PORT": ("smtp_port", int),
    "TIPLINE_SMTP_SECURITY": ("smtp_security", str),
    "TIPLINE_SMTP_USERNAME": ("smtp_username", str),
    "TIPLINE_SMTP_PASSWORD": ("smtp_password", str),
}
DATA_DIR_VARIABLE = "TIPLINE_DATA_DIR"
SHARED_STATE_BACKENDS = ("", "memory", "database", "redis")

_KDF_FIELDS = {"codename_kdf", "passphrase_kdf"}


def resolve_data_dir(explicit: str | Path | None, environ: Mapping[str, str]) -> Path:
    """--data-dir, else $TIPLINE_DATA_DIR, else ./tipline-data."""
    if explicit:
        return Path(explicit)
    return Path(environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


def load_settings(data_dir: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Read DATA_DIR/tipline.toml, then apply environment overrides."""
    environ = os.environ if environ is None else environ
    path = data_dir / CONFIG_FILE_NAME
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist: run `tipline init --data-dir {data_dir}` first") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    values: dict[str, Any] = {}
    known = {f.name: f for f in fields(Settings)}
    for key, raw_value in raw.items():
        value = raw_value
        if key not in known or key == "data_dir":
            raise ConfigError(f"{path}: unknown setting {key!r}")
        if key in _KDF_FIELDS:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {key} must be a table")
            try:
                value = KdfParameters(**value)
            except TypeError as error:
                raise ConfigError(f"{path}: {key}: {error}") from None
        elif key == "store_dir":
            value = Path(value)
        values[key] = value
    for variable, (name, parse) in ENVIRONMENT.items():
        if variable in environ:
            try:
                values[name] = parse(environ[variable])
            except ValueError:
                raise ConfigError(f"{variable}={environ[variable]!r} is not a valid {parse.__name__}") from None
    try:
        settings = Settings(data_dir=data_dir, **values)
    except TypeError as error:
        raise ConfigError(f"{path}: {error}") from None
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    # TOML values arrive with whatever type the file gave them: check before comparing.
    for name, expected in typing.get_type_hints(Settings).items():
        _check_type(name, getattr(settings, name), expected)
    for name, expected in typing.get_type_hints(KdfParameters).items():
        for kdf_name in sorted(_KDF_FIELDS):
            _check_type(f"{kdf_name}.{name}", getattr(getattr(settings, kdf_name), name), expected)
    if not settings.newsroom_recipient.startswith("age1"):
        raise ConfigError("newsroom_recipient must be an age recipient (age1…)")
    if settings.codename_words < 7:
        raise ConfigError("codename_words below 7 gives under 90 bits: refused")
    if settings.max_upload_bytes <= 0 or settings.max_message_bytes <= 0:
        raise ConfigError("size limits must be positive")
    for name in (
        "source_session_minutes",
        "journalist_session_minutes",
        "source_session_max_hours",
        "journalist_session_max_hours",
        "api_token_hours",
    ):
        if getattr(settings, name) <= 0:
            raise ConfigError(f"{name} must be positive")
    try:
        salt = bytes.fromhex(settings.codename_salt)
    except ValueError:
        raise ConfigError("codename_salt must be hexadecimal") from None
    if len(salt) < 16:
        raise ConfigError("codename_salt must be at least 16 bytes (32 hex digits)")
    _validate_deployment(settings)


def _validate_deployment(settings: Settings) -> None:
    """Shared state, retention and KDF cost: the settings of a multi-server deployment."""
    if settings.shared_state not in SHARED_STATE_BACKENDS:
        raise ConfigError(f"shared_state must be one of {', '.join(repr(b) for b in SHARED_STATE_BACKENDS)}")
    if settings.effective_shared_state == "redis" and not settings.redis_url:
        raise ConfigError("shared_state = 'redis' needs redis_url")
    retention = (
        settings.submission_retention_days,
        settings.reply_retention_days,
        settings.source_retention_days,
        settings.retention_grace_days,
        settings.retention_interval_minutes,
        settings.restamp_interval_minutes,
    )
    if any(days < 0 for days in retention):
        raise ConfigError("retention settings must not be negative")
    if settings.newsroom_key_max_age_days < 0:
        raise ConfigError("newsroom_key_max_age_days must not be negative")
    if not settings.statuses:
        raise ConfigError("case_statuses must name at least one status")
    if min(settings.login_failures_per_account, settings.login_failures_global, settings.login_throttle_minutes) < 1:
        raise ConfigError("login throttle settings must be positive")
    if settings.source_kdf_concurrency < 1:
        raise ConfigError("source_kdf_concurrency must be at least 1")
    _validate_digest(settings)
    for name in _KDF_FIELDS:
        kdf: KdfParameters = getattr(settings, name)
        if kdf.time_cost < 1 or kdf.memory_kib < 8 * kdf.parallelism or kdf.parallelism < 1:
            raise ConfigError(f"{name}: invalid Argon2id parameters")


def _validate_digest(settings: Settings) -> None:
    if settings.smtp_security not in ("starttls", "tls", "none"):
        raise ConfigError("smtp_security must be 'starttls', 'tls' or 'none'")
    if not 0 <= settings.digest_hour_utc <= 23:
        raise ConfigError("digest_hour_utc must be an hour from 0 to 23")
    if settings.digest_webhook_url and not settings.digest_webhook_url.startswith(("https://", "http://")):
        raise ConfigError("digest_webhook_url must be an http(s) URL")


def _runtime_types(annotation: Any) -> tuple[type, ...]:
    """The classes a value of `annotation` can be: `Path | None` → (Path, NoneType), `list[str]` → (list,)."""
    if annotation is None:
        return (type(None),)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return tuple(t for arg in typing.get_args(annotation) for t in _runtime_types(arg))
    candidate = origin if origin is not None else annotation
    return (candidate,) if isinstance(candidate, type) else (object,)  # e.g. Literal: not checked here


def _check_type(name: str, value: object, expected: Any) -> None:
    allowed = _runtime_types(expected)
    # bool is an int to Python, but `codename_words = true` is a mistake, not 1.
    if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
        # The type, never the value: a misplaced secret must not reach an error message.
        wanted = getattr(expected, "__name__", expected)
        raise ConfigError(f"{name} must be of type {wanted}, not {type(value).__name__}")


def render_config(settings: Settings) -> str:
    """The TOML text of the settings that `tipline init` writes (secrets included: mode 0600)."""
    lines = ["# Tipline instance configuration, written by `tipline init`. Keep it private (0600).", ""]
    nested: list[str] = []
    for f in fields(Settings):
        if f.name == "data_dir":
            continue
        value = getattr(settings, f.name)
        if f.name in _KDF_FIELDS:
            nested += ["", f"[{f.name}]"] + [f"{k.name} = {getattr(value, k.name)}" for k in fields(KdfParameters)]
        elif value is None or value == "":
            continue
        elif isinstance(value, bool | int):
            lines.append(f"{f.name} = {int(value)}")
        else:
            escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{f.name} = "{escaped}"')
    return "\n".join(lines + nested) + "\n"
