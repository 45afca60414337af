"""The source's session: who is logged in, starting and ending a session, the login guard."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from tipline.portals import SourcePortal
from tipline.web.common.web_sessions import EncryptedSessionInterface, ServerSession
from tipline.web.source.portal import source_portal

View = TypeVar("View", bound=Callable[..., Any])


def server_session() -> ServerSession:
    return cast(ServerSession, session)


def clear_keeping_locale() -> None:
    """A fresh session, but the page language the source chose stays: a Russian reader whose
    session ran out, or who logged out, must not land on a Korean page."""
    locale = session.get("locale")
    server_session().clear_all()
    if locale:
        session["locale"] = locale


def start_source_session(source_id: int, identity: str) -> None:
    clear_keeping_locale()
    session["source_id"] = source_id
    # The identity that opens the source's replies. Held only in the session store,
    # encrypted under a key that exists only in the source's cookie.
    session["identity"] = identity


def logged_in_source(services: SourcePortal) -> int | None:
    source_id = session.get("source_id")
    if isinstance(source_id, int) and services.sources.exists(source_id):
        return source_id
    return None


def had_session() -> bool:
    """Whether the browser came with a session cookie (one that has since ended, if it is empty)."""
    interface = current_app.session_interface
    return isinstance(interface, EncryptedSessionInterface) and interface.cookie_name in request.cookies


def refuse_without_session() -> Response | None:
    """Before the body of an upload from no logged-in source is read: the login page for a browser
    that never had a session (nothing it typed can be lost), None for one whose session ended (its
    message is read, to be given back, while its files are discarded)."""
    if had_session():
        return None
    # No session to clear, and none is started: no cookie is set just to refuse.
    return redirect(url_for("source.login"))


def login_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if logged_in_source(source_portal()) is None:
            clear_keeping_locale()
            # Only a browser that had a session (now ended) needs telling why; one that never
            # had any gets no cookie just for the notice (the login page explains itself).
            if had_session():
                flash(_("Please log in with your codename."), "info")
            return redirect(url_for(".login"))
        return view(*args, **kwargs)

    return cast(View, wrapped)
