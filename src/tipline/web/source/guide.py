"""The printable guide on the source interface: the same pages `tipline guide` writes.

Plain HTML in the page's language, under the same security headers as every page (the app's
after_request hook), no script, no outside resource; the QR code is inline SVG and the
stylesheet is served from here ('self'). No PDF is offered: a PDF saved on a phone that is
searched is evidence, while a page viewed in Tor Browser leaves nothing (Cache-Control: no-store).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from tipline.config import Settings
from tipline.errors import BadOnionAddress
from tipline.guide import normalise_onion_address
from tipline.guide.build import html_lang
from tipline.guide.content import guide_text
from tipline.guide.html import STYLESHEET, Document, PageLinks, render_html
from tipline.web.source.portal import source_portal

HTML = "text/html; charset=utf-8"


bp = Blueprint("guide", __name__)
# The same file the printed HTML inlines; read once (a few hundred bytes).
_STYLESHEET_TEXT = STYLESHEET.read_text(encoding="utf-8")


def onion_address(settings: Settings) -> str | None:
    """The source onion address the pages print, or None; create_source_app asks once at start,
    so that a wrong address never reaches a single page."""
    configured = settings.source_onion_address
    try:
        return normalise_onion_address(configured) if configured else None
    except BadOnionAddress as error:
        raise RuntimeError(f"source_onion_address: {error}") from None


def page_links() -> PageLinks:
    context: dict[str, object] = {}
    current_app.update_template_context(context)  # the language switcher of every page
    languages = context.get("languages") or []
    return PageLinks(
        home=url_for("source.index"),
        guide=url_for(".guide"),
        card=url_for(".card"),
        languages=tuple((str(code), str(name)) for code, name in languages),  # type: ignore[attr-defined]
    )


def lang() -> str:
    return html_lang(str(get_locale()))


def _page(document: Document) -> Response:
    """The guide or the wallet card, in the page's language, as `tipline guide` writes it."""
    address = onion_address(source_portal().settings)
    html = render_html(
        document, guide_text(_), lang(), address, stylesheet_href=url_for(".stylesheet"), links=page_links()
    )
    return Response(html, content_type=HTML)


@bp.get("/guide")
def guide() -> Response:
    return _page("guide")


@bp.get("/guide/card")
def card() -> Response:
    return _page("card")


@bp.get("/guide/guide.css")
def stylesheet() -> Response:
    return Response(_STYLESHEET_TEXT, content_type="text/css; charset=utf-8")
