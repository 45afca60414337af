"""The reading room: the desk folder as a local web interface (`tipline desk ui`).

It reads what `desk open` decrypted and shows it; it holds no identity and, under the offline
guard, opens no connection of its own. Every page lies under a random per-run token
(``/<token>/…``): another user of the machine, or a web page in the journalist's browser, cannot
guess its address. Every request must name 127.0.0.1 (or localhost) and this port as its Host, so
that a DNS-rebinding page cannot reach it under another name; a form must come from this origin.
"""

from __future__ import annotations

import hmac
import mimetypes
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import Babel, get_locale
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from tipline.desk.conversation import BatchView, Conversation, FileView, conversation
from tipline.desk.errors import DeskError
from tipline.desk.kept import KeptSource
from tipline.desk.notes_store import NoteText
from tipline.desk.offline import is_offline
from tipline.desk.outbox import queue_reply
from tipline.desk.reading_room import previews, workflow_views
from tipline.desk.reading_room.read_state import mark_read, unread_count
from tipline.desk.reply import MAX_REPLY_CHARS
from tipline.desk.store import DeskFolder

LOCALES = ("ko", "en")
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"  # tipline/translations
# No script at all (every page works without one), nothing from outside, no framing, forms only here.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
LOCALE_COOKIE = "reading-room-locale"


def create_app(desk: DeskFolder, token: str, port: int, default_locale: str = "ko") -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=4 * MAX_REPLY_CHARS, TEMPLATES_AUTO_RELOAD=False)
    allowed_hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    origin = f"http://127.0.0.1:{port}"

    def select_locale() -> str:
        chosen = request.args.get("l") or request.cookies.get(LOCALE_COOKIE)
        if chosen in LOCALES:
            return str(chosen)
        return request.accept_languages.best_match(list(LOCALES)) or default_locale

    Babel(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
        default_domain="journalist",
    )

    @app.before_request
    def _only_here() -> None:
        if request.host not in allowed_hosts:
            abort(421)
        if request.method == "POST" and request.headers.get("Origin") not in (None, origin, "null"):
            abort(403)

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS:
            response.headers[name] = value
        response.headers.pop("Server", None)
        # Says, for the journalist's and the tests' eyes, that this process serves under the guard.
        response.headers["X-Offline-Guard"] = "on" if is_offline() else "off"
        chosen = request.args.get("l")
        if chosen in LOCALES:
            response.set_cookie(LOCALE_COOKIE, chosen, httponly=True, samesite="Strict", path="/")
        return response

    @app.context_processor
    def _page() -> dict[str, Any]:
        return {"page_lang": str(get_locale() or default_locale), "languages": list(LANGUAGE_NAMES.items())}

    @app.errorhandler(404)
    @app.errorhandler(403)
    @app.errorhandler(421)
    def _error(error: Any) -> tuple[str, int]:
        code = int(getattr(error, "code", 404))
        return render_template("room_error.html", code=code), code

    app.register_blueprint(_room(desk, token))
    return app


def _room(desk: DeskFolder, token: str) -> Blueprint:
    room = Blueprint("room", __name__, url_prefix="/<token>", static_folder="static", static_url_path="/static")

    @room.url_value_preprocessor
    def _check_token(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        given = str((values or {}).pop("token", ""))
        if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("ascii")):
            abort(404)

    @room.url_defaults
    def _add_token(_endpoint: str, values: dict[str, Any]) -> None:
        values.setdefault("token", token)

    def find(source_uuid: str) -> tuple[KeptSource, Conversation]:
        try:
            source = desk.find_source(source_uuid)
        except DeskError:
            abort(404)
        return source, conversation(desk, source)

    def find_file(source_uuid: str, submission: str) -> FileView:
        _source, talk = find(source_uuid)
        for batch in talk.batches:
            for item in batch.files:
                if item.submission == submission:
                    return item
        raise NotFound

    @room.get("/")
    def sources() -> str:
        talks = []
        for source in desk.known_sources():
            talk = conversation(desk, source)
            talks.append((talk, unread_count(desk, source)))
        talks.sort(key=lambda t: (t[0].last_activity, t[0].designation), reverse=True)
        return render_template("room_sources.html", talks=talks, cases=workflow_views.cases_by_source(desk))

    @room.get("/source/<source_uuid>")
    def source(source_uuid: str) -> str:
        found, talk = find(source_uuid)
        page = render_template(
            "room_source.html",
            talk=talk,
            source_uuid=found.uuid,
            is_batch=lambda entry: isinstance(entry, BatchView),
            is_note=lambda entry: isinstance(entry, NoteText),
            kind_of=previews.kind_of,
            text_of=previews.text_of,
            max_reply=MAX_REPLY_CHARS,
            queued=request.args.get("queued"),
        )
        mark_read(desk, found)  # after the page is made: what was new shows as new once
        return page

    @room.post("/source/<source_uuid>/reply")
    def reply(source_uuid: str) -> Response | tuple[str, int]:
        found, _talk = find(source_uuid)
        text = request.form.get("message", "")
        try:
            queued = queue_reply(desk, found.uuid, text)
        except DeskError as error:
            return render_template("room_error.html", code=400, message=str(error)), 400
        wake = current_app.config.get("ON_QUEUED")
        if wake is not None:
            wake()  # the sender, on a desk with a login: it uploads at once
        return redirect(url_for("room.source", source_uuid=found.uuid, queued=queued.uuid) + "#reply")

    @room.get("/source/<source_uuid>/cleaned/<submission>")
    def cleaned(source_uuid: str, submission: str) -> Response:
        """The cleaned copy, as a download: never the original, never shown by the browser itself."""
        item = find_file(source_uuid, submission)
        path = item.cleaned_path
        if item.not_cleaned or path is None or not path.is_file():
            abort(404)
        return send_file(
            desk.inside(path), mimetype="application/octet-stream", as_attachment=True, download_name=path.name
        )

    @room.get("/source/<source_uuid>/image/<submission>")
    def image(source_uuid: str, submission: str) -> Response:
        """An image preview, from the cleaned copy only."""
        item = find_file(source_uuid, submission)
        path = item.cleaned_path
        if item.not_cleaned or path is None or previews.kind_of(item) != previews.IMAGE:
            abort(404)
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mimetype not in previews.IMAGE_TYPES:
            abort(404)
        return send_file(desk.inside(path), mimetype=mimetype)

    @room.get("/source/<source_uuid>/pages/<submission>")
    def pages(source_uuid: str, submission: str) -> str:
        item = find_file(source_uuid, submission)
        if previews.kind_of(item) != previews.PAGES:
            abort(404)
        rendered = previews.render_pages(desk, item)
        found, _talk = find(source_uuid)
        return render_template("room_pages.html", item=item, rendered=rendered, source_uuid=found.uuid)

    @room.get("/source/<source_uuid>/pages/<submission>/<int:number>.png")
    def page_image(source_uuid: str, submission: str, number: int) -> Response:
        item = find_file(source_uuid, submission)
        path = previews.page_path(desk, item, number)
        if path is None:
            abort(404)
        return send_file(path, mimetype="image/png")

    workflow_views.register(room, desk)

    @room.get("/favicon.ico")
    def favicon() -> tuple[str, int]:
        return "", 404

    return room


__all__ = ["CSP", "create_app"]
