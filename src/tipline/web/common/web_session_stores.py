"""Which session store an app uses (the one the settings choose: see tipline.state), and the
web sessions both interfaces keep in it."""

from __future__ import annotations

from flask import Flask

from tipline.portals import Portal
from tipline.web.common.web_sessions import (
    EncryptedSessionInterface,
    MemorySessionStore,
    SessionStore,
    raise_session_store_failure,
)


def session_store_for(services: Portal, interface: str) -> SessionStore:
    """Redis or the database when configured (several server processes), else this process's memory."""
    shared = services.state.session_store(interface)
    return shared if shared is not None else MemorySessionStore()


def install_web_sessions(
    app: Flask,
    services: Portal,
    interface: str,
    store: SessionStore | None,
    *,
    cookie_name: str,
    idle_minutes: int,
    max_hours: int,
) -> None:
    """The interface's encrypted web sessions, in ``store`` (None: the one the settings choose):
    ended after ``idle_minutes`` idle and ``max_hours`` after login however busy."""
    app.session_interface = EncryptedSessionInterface(
        store or session_store_for(services, interface),
        cookie_name=cookie_name,
        lifetime_seconds=idle_minutes * 60,
        max_age_seconds=max_hours * 3600,
        secure=False,  # served over an onion service (plain HTTP inside Tor)
    )
    # First of all hooks: a session store that failed (the database down) fails the request here.
    app.before_request(raise_session_store_failure)
