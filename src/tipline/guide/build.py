"""`tipline guide`: the files for one language, written into a folder."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from tipline.guide.content import Gettext, GuideText, guide_text
from tipline.guide.html import render_card_html, render_guide_html
from tipline.guide.pdf import card_pdf, guide_pdf
from tipline.i18n.catalogues import SOURCE

# The command's language names → the source domain's locales.
LANGUAGES = {"ko": "ko", "en": "en", "ru": "ru", "zh": "zh_Hans"}


class CatalogueMissing(RuntimeError):
    """The compiled catalogue is missing: the guide would silently come out in English."""


def source_gettext(locale: str) -> Gettext:
    """gettext of the source interface's catalogue for `locale` (the same text the web pages show)."""
    mo = SOURCE.mo_path(locale)
    if not mo.is_file():
        raise CatalogueMissing(f"{mo} is missing: run bin/install-venv or `python -m tipline.i18n.catalogues compile`")
    translations = Translations.load(str(mo.parents[2]), [locale], SOURCE.name)
    return translations.gettext


def html_lang(locale: str) -> str:
    """BCP 47 for the lang attribute: zh_Hans → zh-Hans."""
    return locale.replace("_", "-")


def guide_for(language: str) -> tuple[str, GuideText]:
    locale = LANGUAGES[language]
    return locale, guide_text(source_gettext(locale))


def write_guide(out_dir: Path, language: str, address: str) -> list[Path]:
    """guide-LANG.html and .pdf (A4), card-LANG.html and .pdf (A7) in `out_dir`; returns the paths."""
    locale, text = guide_for(language)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        f"guide-{language}.html": render_guide_html(text, html_lang(locale), address).encode("utf-8"),
        f"guide-{language}.pdf": guide_pdf(text, locale, address),
        f"card-{language}.html": render_card_html(text, html_lang(locale), address).encode("utf-8"),
        f"card-{language}.pdf": card_pdf(text, locale, address),
    }
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written
