"""Server-side sessions whose contents the server alone cannot read.

The cookie carries a random session id and a random key; the store holds the session data
AES-GCM-encrypted under that key, filed under a hash of the id. A seized server (its disk,
its database, its Redis) therefore holds only ciphertext, and a stolen store is useless
without the cookies. Cookies are session cookies (no Expires): nothing persists on the phone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, Request, Response, request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict


class SessionStore(Protocol):
    def load(self, handle: str) -> bytes | None: ...

    def save(self, handle: str, data: bytes, ttl_seconds: int) -> None: ...

    def delete(self, handle: str) -> None: ...


class MemorySessionStore:
    """Sessions in this process's memory: for one server process (the embedded default)."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def load(self, handle: str) -> bytes | None:
        with self._lock:
            entry = self._data.get(handle)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._data[handle]
                return None
            return entry[1]

    def save(self, handle: str, data: bytes, ttl_seconds: int) -> None:
        now = time.monotonic()
        with self._lock:
            self._data[handle] = (now + ttl_seconds, data)
            if len(self._data) % 256 == 0:
                for key in [k for k, (expiry, _) in self._data.items() if expiry < now]:
                    del self._data[key]

    def delete(self, handle: str) -> None:
        with self._lock:
            self._data.pop(handle, None)


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(
        self, initial: dict[str, Any] | None, sid: str | None, key: bytes | None, born: int | None = None
    ) -> None:
        def on_update(_self: CallbackDict[str, Any]) -> None:
            self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.key = key
        # When this id was issued (seconds since the epoch): the absolute lifetime counts from it.
        # Kept beside the data, not in it, so that an otherwise empty session stays empty.
        self.born = born
        self.retired: list[str] = []
        self.modified = False

    def regenerate(self) -> None:
        """New id and key at every change of privilege (login, account creation): no fixation."""
        if self.sid is not None:
            self.retired.append(self.sid)
        self.sid = None
        self.key = None
        self.born = None
        self.modified = True

    def clear_all(self) -> None:
        self.clear()
        self.regenerate()


_STORE_FAILURE = "tipline.session_store_failure"


def raise_session_store_failure() -> None:
    """A before_request hook (registered first): re-raise a failure of the session store, met
    while the session was opened, inside the request, where the app's error handlers apply."""
    error = request.environ.get(_STORE_FAILURE)
    if error is not None:
        raise error


def _handle(sid: str) -> str:
    return hashlib.sha256(sid.encode("ascii")).hexdigest()


def _pack(data: dict[str, Any], born: int) -> bytes:
    return json.dumps({"born": born, "data": data}, separators=(",", ":")).encode("utf-8")


def _unpack(plain: bytes) -> tuple[int, dict[str, Any]] | None:
    """(born, data), or None for anything else (such as a session stored before "born" existed)."""
    value = json.loads(plain)
    if not isinstance(value, dict) or set(value) != {"born", "data"}:
        return None
    born, data = value["born"], value["data"]
    if not isinstance(born, int) or not isinstance(data, dict):
        return None
    return born, data


class EncryptedSessionInterface(SessionInterface):
    """lifetime_seconds: idle limit (the store forgets a session not saved for that long).
    max_age_seconds: absolute limit from login or creation, however active (None: no limit).
    clock: seconds since the epoch; tests may pass one they can move."""

    def __init__(
        self,
        store: SessionStore,
        cookie_name: str,
        lifetime_seconds: int,
        *,
        secure: bool,
        max_age_seconds: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.cookie_name = cookie_name
        self.lifetime_seconds = lifetime_seconds
        self.secure = secure
        self.max_age_seconds = max_age_seconds
        self.clock = clock

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        cookie = request.cookies.get(self.cookie_name, "")
        sid, _, encoded_key = cookie.partition(".")
        if sid and encoded_key:
            try:
                key = base64.urlsafe_b64decode(encoded_key + "==")
                blob = self._load(request, _handle(sid)) if len(key) == 32 else None
                if blob is not None:
                    plain = AESGCM(key).decrypt(blob[:12], blob[12:], _handle(sid).encode())
                    unpacked = _unpack(plain)
                    if unpacked is not None and not self._too_old(unpacked[0]):
                        return ServerSession(unpacked[1], sid, key, unpacked[0])
                    # Past its absolute lifetime: gone for good, not merely ignored.
                    self.store.delete(_handle(sid))
            except (ValueError, InvalidTag):
                pass
        # Unknown, expired or forged: start afresh (the stale cookie is replaced on save).
        return ServerSession(None, None, None)

    def _load(self, request: Request, handle: str) -> bytes | None:
        try:
            return self.store.load(handle)
        except Exception as error:
            # The store (the database, Redis) failed. Raised here, the error would escape the
            # app's error handlers (Flask opens the session before them): it is raised again by
            # raise_session_store_failure, where a database outage becomes the 503 page.
            request.environ[_STORE_FAILURE] = error
            return None

    def _too_old(self, born: int) -> bool:
        return self.max_age_seconds is not None and self.clock() - born >= self.max_age_seconds

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if _STORE_FAILURE in request.environ:
            return  # the stored session could not be read: never overwrite it, nor the cookie
        for old in session.retired:
            self.store.delete(_handle(old))
        session.retired.clear()
        if not session:
            if session.sid is not None:
                self.store.delete(_handle(session.sid))
            if self.cookie_name in request.cookies:
                response.delete_cookie(self.cookie_name, path="/", httponly=True, secure=self.secure, samesite="Strict")
            return
        if session.sid is None or session.key is None:
            session.sid = secrets.token_urlsafe(24)
            session.key = secrets.token_bytes(32)
        if session.born is None:
            session.born = int(self.clock())
        handle = _handle(session.sid)
        nonce = os.urandom(12)
        plain = _pack(dict(session), session.born)
        blob = nonce + AESGCM(session.key).encrypt(nonce, plain, handle.encode())
        # Saved on every request, so the lifetime counts inactivity.
        self.store.save(handle, blob, self.lifetime_seconds)
        key_text = base64.urlsafe_b64encode(session.key).rstrip(b"=").decode("ascii")
        response.set_cookie(
            self.cookie_name,
            f"{session.sid}.{key_text}",
            httponly=True,
            secure=self.secure,
            samesite="Strict",
            path="/",
        )
