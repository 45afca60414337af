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

from tipline.errors import BadOnionAddress
from tipline.guide import normalise_onion_address
from tipline.guide.build import html_lang
from tipline.guide.content import guide_text
from tipline.guide.html import STYLESHEET, PageLinks, render_card_html, render_guide_html
from tipline.portals import SourcePortal

HTML = "text/html; charset=utf-8"


def create_guide_blueprint(services: SourcePortal) -> Blueprint:
    configured = services.settings.source_onion_address
    try:
        # Checked once, at start: a wrong address must not reach a single page.
        address = normalise_onion_address(configured) if configured else None
    except BadOnionAddress as error:
        raise RuntimeError(f"source_onion_address: {error}") from None
    bp = Blueprint("guide", __name__)
    # The same file the printed HTML inlines; read once (a few hundred bytes).
    stylesheet_text = STYLESHEET.read_text(encoding="utf-8")

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

    @bp.get("/guide")
    def guide() -> Response:
        text = guide_text(_)
        html = render_guide_html(text, lang(), address, stylesheet_href=url_for(".stylesheet"), links=page_links())
        return Response(html, content_type=HTML)

    @bp.get("/guide/card")
    def card() -> Response:
        text = guide_text(_)
        html = render_card_html(text, lang(), address, stylesheet_href=url_for(".stylesheet"), links=page_links())
        return Response(html, content_type=HTML)

    @bp.get("/guide/guide.css")
    def stylesheet() -> Response:
        return Response(stylesheet_text, content_type="text/css; charset=utf-8")

    return bp
