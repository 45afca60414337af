"""create_journalist_app: wires settings and services into the journalist interface (web + API v1)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from tipline.errors import Forbidden, Invalid, NotFound, ShownError, TiplineError
from tipline.i18n.catalogues import JOURNALIST
from tipline.portals import NewsroomDesk
from tipline.web.common.headers import JOURNALIST_CSP, install_security_headers
from tipline.web.common.interface_app import interface_app
from tipline.web.common.locale import install_locale
from tipline.web.common.outages import INSUFFICIENT_STORAGE, RETRY_AFTER_SECONDS, Outage, install_outage_pages
from tipline.web.common.uploads import install_streamed_uploads
from tipline.web.common.web_session_stores import install_web_sessions
from tipline.web.common.web_sessions import SessionStore
from tipline.web.journalist import admin, api, auth, keys, questionnaires, views
from tipline.web.journalist.api_json import PREFIX
from tipline.web.journalist.names import explained, install_names
from tipline.web.journalist.portal import keep_newsroom_desk

JOURNALIST_LOCALES = JOURNALIST.locales
# An error page, with extra headers (Retry-After) when it has any.
_Answer = tuple[str | Response, int] | tuple[str | Response, int, dict[str, str]]


def create_journalist_app(services: NewsroomDesk, session_store: SessionStore | None = None) -> Flask:
    settings = services.settings
    app = interface_app(
        __name__, Path(__file__).parent, secret_key=settings.journalist_secret_key, max_content_length=8 * 1024 * 1024
    )
    install_web_sessions(
        app,
        services,
        "journalist",
        session_store,
        cookie_name="tipline_journalist",
        idle_minutes=settings.journalist_session_minutes,
        max_hours=settings.journalist_session_max_hours,
    )
    # The journalist side takes no file uploads: every file part is dropped unread.
    install_streamed_uploads(app, {})
    csrf = CSRFProtect(app)
    install_security_headers(app, JOURNALIST_CSP)
    install_locale(app, JOURNALIST_LOCALES, settings.default_locale, JOURNALIST.name)
    # The views are module-level; they reach the services through portal.newsroom_desk().
    keep_newsroom_desk(app, services)
    csrf.exempt(api.bp)  # token-authenticated, no cookies: CSRF does not apply
    for blueprint in (api.bp, auth.bp, views.bp, admin.bp, questionnaires.bp, keys.bp):
        app.register_blueprint(blueprint)
    _install_errors(app)
    install_names(app)

    @app.context_processor
    def _journalist() -> dict[str, object]:
        return {"journalist": g.get("journalist")}

    return app


def _install_errors(app: Flask) -> None:
    def page(status: int, title: str, message: str) -> tuple[str | Response, int]:
        if request.path.startswith(PREFIX + "/") or request.path == PREFIX:
            return api.error(status, message)
        try:
            return render_template("error.html", title=title, message=message), status
        except Exception:  # the error page itself failed: still never a stack trace
            return f"<!doctype html><title>{status}</title><p>{status}</p>", status

    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError) -> tuple[str | Response, int]:
        return page(400, _("This form has expired"), _("Go back, reload the page and try again."))

    def ours(e: TiplineError) -> tuple[str | Response, int]:
        """The tree of tipline/errors.py, once for every page: views only catch what they answer
        in place (a refused form, flashed on the page it came from)."""
        if isinstance(e, NotFound):
            return page(404, _("Not found"), _("It may have been deleted."))
        if isinstance(e, Forbidden):
            return page(403, _("Not allowed"), _("This needs the admin role."))
        if isinstance(e, ShownError):
            return page(400, _("Something went wrong"), explained(e))
        if isinstance(e, Invalid):
            # NUL in an address, a filter or a field that reaches the database (TextWithNul), or a
            # request no form of ours sends.
            return page(400, _("Something went wrong"), _("Go back, reload the page and try again."))
        return _unexpected(e)

    app.register_error_handler(TiplineError, ours)

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> _Answer:
        # Failures outside the view (saving the session) reach this handler wrapped in a 500.
        original = getattr(e, "original_exception", None)
        told = outage(original) if original is not None else None
        if told is not None:
            return told
        status = e.code or 500
        titles = {
            403: _("Not allowed"),
            404: _("Page not found"),
            405: _("Not allowed"),
        }
        # Werkzeug's own descriptions are English: every body the reader sees is ours, translated.
        messages = {
            400: _("Go back, reload the page and try again."),
            403: _("Your role does not allow this."),
            404: _("Check the address, or go back to the list of sources."),
            405: _("This page cannot be used that way. Go back and use its buttons."),
            413: _("That is more than this page accepts."),
        }
        message = messages.get(status, _("Please try again later."))
        return page(status, titles.get(status, _("Something went wrong")), message)

    def unavailable(title: str) -> tuple[str | Response, int, dict[str, str]]:
        message = _("Nothing was changed. Try again in a minute; if it lasts, tell the administrator.")
        body, status = page(503, title, message)
        return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    def outage_page(kind: Outage) -> _Answer:
        if kind is Outage.NO_ROOM:
            return page(
                INSUFFICIENT_STORAGE,
                _("The server has no room left"),
                _("Nothing was saved. The administrator must free space on the server."),
            )
        if kind is Outage.DATABASE_DOWN:
            return unavailable(_("The database is not available"))
        return unavailable(_("The session store is not available"))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str | Response, int]:
        app.logger.error("unhandled error in the journalist interface", exc_info=error)
        return page(500, _("Something went wrong"), _("Please try again later."))

    outage = install_outage_pages(app, outage_page, _unexpected)
