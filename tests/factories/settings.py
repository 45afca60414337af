"""Settings for an in-process instance: fresh secrets, a cheap KDF, a data folder under the test's."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from tipline.config import KdfParameters, Settings

# Cheap Argon2id for tests only; production defaults are in tipline.config.KdfParameters.
CHEAP_KDF = KdfParameters(time_cost=1, memory_kib=1024, parallelism=1)


def instance_settings(data_dir: Path, newsroom_recipient: str, **overrides: Any) -> Settings:
    """Settings as `tipline init` would write them (new random secrets), with ``overrides``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        data_dir=data_dir,
        newsroom_recipient=newsroom_recipient,
        codename_salt=secrets.token_hex(16),
        source_secret_key=secrets.token_urlsafe(32),
        journalist_secret_key=secrets.token_urlsafe(32),
        codename_kdf=CHEAP_KDF,
        passphrase_kdf=CHEAP_KDF,
        **overrides,
    )
