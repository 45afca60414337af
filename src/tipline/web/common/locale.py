"""Choosing the page language: ?l= (remembered in the session), Accept-Language, the default."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flask import Flask, request, session
from flask_babel import Babel, get_locale

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"

LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "ru": "Русский", "zh_Hans": "简体中文"}


def install_locale(app: Flask, supported: Sequence[str], default: str) -> None:
    supported = list(supported)
    if default not in supported:
        default = supported[0]

    def select_locale() -> str:
        chosen = request.args.get("l")
        if chosen in supported:
            session["locale"] = chosen
            return chosen
        remembered = session.get("locale")
        if remembered in supported:
            return str(remembered)
        # Accept-Language uses "zh-CN"/"zh"; our catalogue is zh_Hans.
        offers = {locale.replace("_Hans", "").replace("_", "-"): locale for locale in supported}
        best = request.accept_languages.best_match(list(offers))
        return offers[best] if best else default

    app.config["BABEL_DEFAULT_LOCALE"] = default
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS_DIR))

    @app.context_processor
    def _languages() -> dict[str, object]:
        locale = get_locale()
        # BCP 47 for the lang attribute: zh_Hans → zh-Hans.
        page_lang = str(locale).replace("_", "-") if locale else default
        return {"languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in supported], "page_lang": page_lang}
