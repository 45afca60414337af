"""An interface without its compiled catalogues refuses to start instead of speaking English."""

from __future__ import annotations

import pytest
from flask import Flask

from tipline.web.common.locale import TRANSLATIONS_DIR, install_locale, missing_catalogues


def test_missing_compiled_catalogues_are_listed() -> None:
    assert [TRANSLATIONS_DIR / "ko" / "LC_MESSAGES" / "no-such-domain.mo"] == missing_catalogues(
        "no-such-domain", ["ko"]
    )
    assert [] == missing_catalogues("source", ["ko", "en", "ru", "zh_Hans"])


def test_an_app_without_its_catalogues_refuses_to_start() -> None:
    with pytest.raises(RuntimeError, match="compiled catalogues missing"):
        install_locale(Flask(__name__), ["ko", "en"], "ko", "no-such-domain")
