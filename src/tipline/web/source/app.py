"""create_source_app: wires settings and services into the source interface."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from tipline.i18n.catalogues import SOURCE
from tipline.portals import SourcePortal
from tipline.web.common.headers import SOURCE_CSP, install_security_headers
from tipline.web.common.interface_app import interface_app
from tipline.web.common.locale import install_locale
from tipline.web.common.padding import PaddedResponses
from tipline.web.common.uploads import discard_uploads, install_streamed_uploads
from tipline.web.common.web_session_stores import install_web_sessions
from tipline.web.common.web_sessions import SessionStore
from tipline.web.source import errors, guide, views
from tipline.web.source.access import logged_in_source, refuse_without_session
from tipline.web.source.guide import onion_address
from tipline.web.source.portal import keep_source_portal
from tipline.web.source.sending import SendingLimits

SOURCE_LOCALES = SOURCE.locales
# North Koreans, and Koreans in China and Russia, call their language 조선말 (see docs/glossary.md).
SOURCE_LANGUAGE_NAMES = {"ko": "조선말"}
# Room for multipart framing and the form fields around the files.
_FORM_OVERHEAD_BYTES = 1024 * 1024
# Parts (fields and files) in one form. Each file part holds an encrypting upload (a pipe, a
# thread and a file in .incoming/: three descriptors) until the request ends, and a worker streams
# at most --threads uploads at once: 8 × 20 × 3 = 480 descriptors, within even a 1024 limit
# (tests/functional/test_slow_clients.py). Sources send more files a few at a time.
MAX_FORM_PARTS = 22
# The submit form's other parts are its CSRF token and the message.
MAX_FILES_PER_SUBMISSION = MAX_FORM_PARTS - 2
# Routes whose body may carry files: nothing of it is encrypted without a source session.
UPLOAD_ENDPOINTS = frozenset({"source.submit"})


def create_source_app(services: SourcePortal, session_store: SessionStore | None = None) -> Flask:
    settings = services.settings
    app = interface_app(
        __name__,
        Path(__file__).parent,
        secret_key=settings.source_secret_key,
        max_content_length=settings.max_upload_bytes + settings.max_message_bytes + _FORM_OVERHEAD_BYTES,
        MAX_FORM_MEMORY_SIZE=settings.max_message_bytes,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
        TEMPLATES_AUTO_RELOAD=False,
    )
    install_web_sessions(
        app,
        services,
        "source",
        session_store,
        cookie_name="tipline_source",
        idle_minutes=settings.source_session_minutes,
        max_hours=settings.source_session_max_hours,
    )
    install_streamed_uploads(app, {"source.submit": services.submissions.open_upload})

    # Before CSRFProtect's hook, which reads the form: an upload from no logged-in source never
    # reaches the encryptor or .incoming. A browser that never had a session is refused before a
    # byte of its body is read; one whose session ended has its files discarded as they stream
    # (never encrypted, never written) so that the typed message can be given back.
    @app.before_request
    def _uploads_need_a_source() -> Response | None:
        if request.endpoint not in UPLOAD_ENDPOINTS or logged_in_source(services) is not None:
            return None
        discard_uploads()
        return refuse_without_session()

    CSRFProtect(app)
    install_security_headers(app, SOURCE_CSP)
    install_locale(app, SOURCE_LOCALES, settings.default_locale, SOURCE.name, SOURCE_LANGUAGE_NAMES)
    limits = SendingLimits(
        file_bytes=settings.max_upload_bytes,
        max_files=MAX_FILES_PER_SUBMISSION,
        message_bytes=settings.max_message_bytes,
        idle_minutes=settings.source_session_minutes,
    )
    onion_address(settings)  # checked once, at start: RuntimeError for a wrong address
    # The views are module-level; they reach the services through portal.source_portal().
    keep_source_portal(app, services, limits)
    app.register_blueprint(views.bp)  # with sending.py's views
    app.register_blueprint(guide.bp)
    errors.install(app, services, limits)
    app.context_processor(lambda: {"language_path": language_path()})
    # Outermost: it sees each response last (cookie set or deleted) and pads it to a bucket.
    app.wsgi_app = PaddedResponses(app.wsgi_app)  # type: ignore[method-assign]
    return app


# The page a source is sent to by a language link on the answer to a POST (an error page, the
# page of an ended session): a link back to the POST's own address would be a GET there, a 405.
_PAGE_OF_FORM = {
    "source.create": "source.generate",
    "source.login": "source.login",
    "source.submit": "source.lookup",
    "source.resend": "source.lookup",
    "source.delete_reply": "source.lookup",
    "source.logout": "source.index",
}


def language_path() -> str:
    """The path the language links point at (with ?l=): this page, if it can be fetched."""
    rule = request.url_rule
    if rule is not None and request.method in ("GET", "HEAD"):
        return request.path
    endpoint = rule.endpoint if rule is not None else None
    return url_for(_PAGE_OF_FORM.get(endpoint or "", "source.index"))
