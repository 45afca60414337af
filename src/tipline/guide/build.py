"""`tipline guide`: the files for one language, written into a folder.

The HTML needs only the server's own dependencies; the PDFs need fpdf2, the optional `guide` extra
(requirements/guide.in), which a lean server leaves out: pdf.py is imported only to draw one.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from babel.support import Translations

from tipline.errors import CatalogueMissing, PdfUnavailable
from tipline.guide.content import Gettext, GuideText, guide_text
from tipline.guide.html import render_html
from tipline.i18n.catalogues import SOURCE

# The command's language names → the source domain's locales.
LANGUAGES = {"ko": "ko", "en": "en", "ru": "ru", "zh": "zh_Hans"}


# How to get the PDFs where the `guide` extra is missing (a server installed lean).
PDF_INSTALL = "pip install 'tipline[guide]', or bin/install-venv with the guide lock: bin/install-venv server guide"


def pdf_available() -> bool:
    """Whether the PDFs can be drawn here: fpdf2 and fontTools (which it pulls) import."""
    try:
        for module in ("fpdf", "fontTools.ttLib"):
            import_module(module)
    except ImportError:
        return False
    return True


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


def write_guide(out_dir: Path, language: str, address: str, *, pdf: bool = True) -> list[Path]:
    """guide-LANG.html and card-LANG.html, and with `pdf` guide-LANG.pdf (A4) and card-LANG.pdf (A7),
    in `out_dir`; returns the paths. Raises PdfUnavailable (before writing anything) when the PDFs
    are asked for and fpdf2 is not installed."""
    if pdf and not pdf_available():
        raise PdfUnavailable(f"the PDFs need fpdf2, which is not installed: {PDF_INSTALL}")
    locale, text = guide_for(language)
    files = {f"guide-{language}.html": render_html("guide", text, html_lang(locale), address).encode("utf-8")}
    if pdf:
        from tipline.guide.pdf import card_pdf, guide_pdf

        files[f"guide-{language}.pdf"] = guide_pdf(text, locale, address)
    files[f"card-{language}.html"] = render_html("card", text, html_lang(locale), address).encode("utf-8")
    if pdf:
        files[f"card-{language}.pdf"] = card_pdf(text, locale, address)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written
