"""create_source_app: wires settings and services into the source interface."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from tipline.i18n.catalogues import SOURCE
from tipline.services import Services
from tipline.web.common.headers import SOURCE_CSP, install_security_headers
from tipline.web.common.locale import install_locale
from tipline.web.common.session_stores import session_store_for
from tipline.web.common.sessions import EncryptedSessionInterface, SessionStore, raise_session_store_failure
from tipline.web.common.uploads import install_streamed_uploads
from tipline.web.source import errors, views
from tipline.web.source.guide import create_guide_blueprint

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
# Routes whose body may carry files: refused before the body is read without a source session.
UPLOAD_ENDPOINTS = frozenset({"source.submit"})


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
    # Before CSRFProtect's hook, which reads the form: an upload from no logged-in source is
    # refused before a byte of its body is read, so nothing of it is encrypted or reaches .incoming.
    refusal = views.login_refusal(services)
    app.before_request(lambda: refusal() if request.endpoint in UPLOAD_ENDPOINTS else None)
    CSRFProtect(app)
    install_security_headers(app, SOURCE_CSP)
    install_locale(app, SOURCE_LOCALES, settings.default_locale, SOURCE.name, SOURCE_LANGUAGE_NAMES)
    app.register_blueprint(views.create_blueprint(services))
    app.register_blueprint(create_guide_blueprint(services))
    errors.install(app, settings.max_upload_bytes, MAX_FILES_PER_SUBMISSION)
    return app
