"""create_journalist_app: wires settings and services into the journalist interface."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFProtect

from tipline.i18n.catalogues import JOURNALIST
from tipline.services import Services
from tipline.web.common.headers import JOURNALIST_CSP, install_security_headers
from tipline.web.common.locale import install_locale
from tipline.web.common.session_stores import session_store_for
from tipline.web.common.sessions import EncryptedSessionInterface, SessionStore
from tipline.web.common.uploads import install_streamed_uploads
from tipline.web.journalist import api

JOURNALIST_LOCALES = JOURNALIST.locales


def create_journalist_app(services: Services, session_store: SessionStore | None = None) -> Flask:
    settings = services.settings
    here = Path(__file__).parent
    app = Flask(__name__, static_folder=str(here / "static"), template_folder=str(here / "templates"))
    app.config.update(
        SECRET_KEY=settings.journalist_secret_key,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        SEND_FILE_MAX_AGE_DEFAULT=0,
    )
    app.session_interface = EncryptedSessionInterface(
        session_store or session_store_for(services, "journalist"),
        cookie_name="tipline_journalist",
        lifetime_seconds=settings.journalist_session_minutes * 60,
        secure=False,
    )
    # The journalist side takes no file uploads: every file part is dropped unread.
    install_streamed_uploads(app, {})
    csrf = CSRFProtect(app)
    install_security_headers(app, JOURNALIST_CSP)
    install_locale(app, JOURNALIST_LOCALES, settings.default_locale, JOURNALIST.name)
    blueprint = api.create_blueprint(services)
    csrf.exempt(blueprint)  # token-authenticated, no cookies: CSRF does not apply
    app.register_blueprint(blueprint)

    @app.get("/")
    def index() -> str:
        return render_template("index.html")

    return app
