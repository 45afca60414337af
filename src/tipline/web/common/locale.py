"""Choosing the page language: ?l= (remembered in the session), Accept-Language, the default.

Each interface has its own gettext domain ("source", "journalist") in tipline/translations, so
that each is translated, and checked, for its own set of languages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel, get_locale

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

# Each language named in itself, so that a reader finds their own whatever the page language.
LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "ru": "Русский", "zh_Hans": "简体中文"}

# Tor Browser (and Firefox with resistFingerprinting) sends this same header from every user,
# whatever their language, so that it cannot tell them apart: it says nothing about the reader.
# Honouring it would show English to every Korean source on Tor Browser; the instance default
# (Korean for a Korean-language newsroom) is the better guess.
UNIFORM_ACCEPT_LANGUAGES = frozenset({"en-US,en;q=0.5", "en-US,en"})


def _offers(supported: Sequence[str]) -> dict[str, str]:
    """BCP 47 tags a browser may ask for → our locale. "zh-CN", "zh-TW" and "zh" all get zh_Hans:
    Simplified Chinese is the nearest we have for any Chinese reader."""
    offers = {locale.replace("_", "-"): locale for locale in supported}
    if "zh_Hans" in supported:
        offers["zh"] = "zh_Hans"
    return offers


def missing_catalogues(domain: str, supported: Sequence[str]) -> list[Path]:
    """Compiled catalogues (.mo) that the supported locales need and that do not exist."""
    paths = [TRANSLATIONS_DIR / locale / "LC_MESSAGES" / f"{domain}.mo" for locale in supported]
    return [path for path in paths if not path.is_file()]


def install_locale(
    app: Flask,
    supported: Sequence[str],
    default: str,
    domain: str = "messages",
    names: Mapping[str, str] | None = None,
) -> None:
    supported = list(supported)
    if default not in supported:
        default = supported[0]
    # Without its compiled catalogue a page silently falls back to English: refuse to start
    # rather than show a Korean source a page they may not be able to read.
    missing = missing_catalogues(domain, supported)
    if missing:
        raise RuntimeError(
            f"compiled catalogues missing: {', '.join(map(str, missing))}. Run bin/install-venv or make check-strings."
        )
    offers = _offers(supported)
    language_names = {**LANGUAGE_NAMES, **(names or {})}

    def select_locale() -> str:
        chosen = request.args.get("l")
        if chosen in supported:
            session["locale"] = chosen
            return chosen
        remembered = session.get("locale")
        if remembered in supported:
            return str(remembered)
        header = request.headers.get("Accept-Language", "").replace(" ", "")
        if header in UNIFORM_ACCEPT_LANGUAGES:
            return default
        best = request.accept_languages.best_match(list(offers))
        return offers[best] if best else default

    app.config["BABEL_DEFAULT_LOCALE"] = default
    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS_DIR),
        default_domain=domain,
    )

    @app.context_processor
    def _languages() -> dict[str, object]:
        locale = get_locale()
        # BCP 47 for the lang attribute: zh_Hans → zh-Hans.
        page_lang = str(locale).replace("_", "-") if locale else default
        return {
            "languages": [(code, language_names.get(code, code)) for code in supported],
            "page_lang": page_lang,
        }
