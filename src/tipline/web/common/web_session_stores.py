"""Which session store an app uses: the one the settings choose (see tipline.state)."""

from __future__ import annotations

from tipline.portals import Portal
from tipline.web.common.web_sessions import MemorySessionStore, SessionStore


def session_store_for(services: Portal, interface: str) -> SessionStore:
    """Redis or the database when configured (several server processes), else this process's memory."""
    shared = services.state.session_store(interface)
    return shared if shared is not None else MemorySessionStore()
