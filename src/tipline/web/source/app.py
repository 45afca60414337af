"""create_source_app: wires settings and services into the source interface."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request, url_for
from flask_wtf.csrf import CSRFProtect

from tipline.i18n.catalogues import SOURCE
from tipline.services import Services
from tipline.web.common.headers import SOURCE_CSP, install_security_headers
from tipline.web.common.locale import install_locale
from tipline.web.common.session_stores import session_store_for
from tipline.web.common.sessions import EncryptedSessionInterface, SessionStore, raise_session_store_failure
from tipline.web.common.uploads import install_streamed_uploads
from tipline.web.source import errors, views
from tipline.web.source.sending import SendingLimits

SOURCE_LOCALES = SOURCE.locales
# North Koreans, and Koreans in China and Russia, call their language 조선말 (see docs/glossary.md).
SOURCE_LANGUAGE_NAMES = {"ko": "조선말"}
# Room for multipart framing and the form fields around the files.
_FORM_OVERHEAD_BYTES = 1024 * 1024
# Parts (fields and files) in one form: each file part opens an encrypting upload (a pipe, a
# thread and a file in .incoming/), so their number is bounded, far above what the form sends.
MAX_FORM_PARTS = 100
# The submit form's other parts are its CSRF token and the message.
MAX_FILES_PER_SUBMISSION = MAX_FORM_PARTS - 2


def create_source_app(services: Services, session_store: SessionStore | None = None) -> Flask:
    settings = services.settings
    here = Path(__file__).parent
    app = Flask(__name__, static_folder=str(here / "static"), template_folder=str(here / "templates"))
    app.config.update(
        SECRET_KEY=settings.source_secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes + settings.max_message_bytes + _FORM_OVERHEAD_BYTES,
        MAX_FORM_MEMORY_SIZE=settings.max_message_bytes,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives exactly as long as the session
        SEND_FILE_MAX_AGE_DEFAULT=0,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.session_interface = EncryptedSessionInterface(
        session_store or session_store_for(services, "source"),
        cookie_name="tipline_source",
        lifetime_seconds=settings.source_session_minutes * 60,
        max_age_seconds=settings.source_session_max_hours * 3600,
        secure=False,  # served over an onion service (plain HTTP inside Tor)
    )
    # First of all hooks: a session store that failed (the database down) fails the request here.
    app.before_request(raise_session_store_failure)
    install_streamed_uploads(app, {"source.submit": services.submissions.open_upload})
    CSRFProtect(app)
    install_security_headers(app, SOURCE_CSP)
    install_locale(app, SOURCE_LOCALES, settings.default_locale, SOURCE.name, SOURCE_LANGUAGE_NAMES)
    limits = SendingLimits(
        file_bytes=settings.max_upload_bytes,
        max_files=MAX_FILES_PER_SUBMISSION,
        message_bytes=settings.max_message_bytes,
        idle_minutes=settings.source_session_minutes,
    )
    app.register_blueprint(views.create_blueprint(services, limits))
    errors.install(app, services, limits)
    app.context_processor(lambda: {"language_path": language_path()})
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
