"""The absolute session lifetime: however busy, a session ends max_age_seconds after it was issued.

The idle limit (the store's TTL) is proven in test_sessions.py; this one counts from login, on a
clock the test moves, so nothing sleeps.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import cast

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, jsonify, session
from flask.testing import FlaskClient
from werkzeug.wrappers import Response

from tipline.web.common.web_sessions import EncryptedSessionInterface, MemorySessionStore, ServerSession

COOKIE = "tipline_test"
MAX_AGE = 12 * 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def make_app(store: MemorySessionStore, clock: Clock) -> Flask:
    app = Flask(__name__)
    app.session_interface = EncryptedSessionInterface(
        store, COOKIE, 3600, secure=False, max_age_seconds=MAX_AGE, clock=clock
    )

    @app.post("/login")
    def login() -> str:
        cast(ServerSession, session).clear_all()
        session["who"] = "reporter"
        return ""

    @app.get("/")
    def show() -> Response:
        return jsonify(dict(session))

    return app


def test_a_busy_session_ends_at_its_absolute_lifetime() -> None:
    store, clock = MemorySessionStore(), Clock()
    client = make_app(store, clock).test_client()
    client.post("/login")

    seen = []
    for _ in range(MAX_AGE // 1800):  # a request every half hour, well inside the idle limit
        seen.append(client.get("/").get_json())
        clock.now += 1800
    last = client.get("/")

    assert [{"who": "reporter"}] == seen[-1:]
    assert len(seen) == seen.count({"who": "reporter"})
    assert {} == last.get_json()
    assert any("Max-Age=0" in h or "Expires=Thu, 01 Jan 1970" in h for h in last.headers.getlist("Set-Cookie"))
    assert {} == store._data  # deleted from the store, not merely ignored


def test_a_new_login_starts_a_new_lifetime() -> None:
    store, clock = MemorySessionStore(), Clock()
    client = make_app(store, clock).test_client()
    client.post("/login")
    clock.now += MAX_AGE - 60
    client.post("/login")  # a new id, a new birth
    clock.now += MAX_AGE - 60

    assert {"who": "reporter"} == client.get("/").get_json()
    clock.now += 60
    assert {} == client.get("/").get_json()


def test_a_session_stored_without_a_birth_time_is_not_honoured() -> None:
    """Sessions stored before the limit existed carry no birth time: they end (one login), never live for ever."""
    store, clock = MemorySessionStore(), Clock()
    client: FlaskClient = make_app(store, clock).test_client()
    sid, key = "legacy-session-id", os.urandom(32)
    handle = hashlib.sha256(sid.encode()).hexdigest()
    nonce = os.urandom(12)
    store.save(handle, nonce + AESGCM(key).encrypt(nonce, json.dumps({"who": "x"}).encode(), handle.encode()), 60)
    client.set_cookie(COOKIE, f"{sid}.{base64.urlsafe_b64encode(key).rstrip(b'=').decode()}")

    assert {} == client.get("/").get_json()
    assert store.load(handle) is None
