"""Encrypted server-side sessions: the server alone cannot read them; cookies leave nothing behind."""

from __future__ import annotations

import hashlib
import time
from typing import cast

import pytest
from flask import Flask, jsonify, session
from flask.testing import FlaskClient
from werkzeug.wrappers import Response

from tests.factories.forms import codename_on_page, csrf_token
from tipline.services import Services
from tipline.web.common.web_sessions import EncryptedSessionInterface, MemorySessionStore, ServerSession
from tipline.web.source import create_source_app

COOKIE = "tipline_test"
SECRET = "AGE-SECRET-KEY-1QQQQSECRETIDENTITYVALUEQQQQ"


def make_app(store: MemorySessionStore, lifetime_seconds: int = 600) -> Flask:
    """The smallest app that exercises the session interface exactly as the two interfaces do."""
    app = Flask(__name__)
    app.session_interface = EncryptedSessionInterface(store, COOKIE, lifetime_seconds, secure=False)

    @app.post("/set/<key>/<value>")
    def set_value(key: str, value: str) -> str:
        session[key] = value
        return ""

    @app.get("/")
    def show() -> Response:
        return jsonify(dict(session))

    @app.post("/login")
    def login() -> str:
        cast(ServerSession, session).clear_all()
        session["identity"] = SECRET
        return ""

    @app.post("/logout")
    def logout() -> str:
        cast(ServerSession, session).clear_all()
        return ""

    return app


@pytest.fixture
def store() -> MemorySessionStore:
    return MemorySessionStore()


@pytest.fixture
def client(store: MemorySessionStore) -> FlaskClient:
    return make_app(store).test_client()


def cookie_value(client: FlaskClient, name: str = COOKIE) -> str | None:
    cookie = client.get_cookie(name)
    return None if cookie is None else cookie.value


def stored(store: MemorySessionStore) -> dict[str, bytes]:
    return {handle: blob for handle, (_expiry, blob) in store._data.items()}


def test_the_store_holds_no_plaintext_of_session_values(client: FlaskClient, store: MemorySessionStore) -> None:
    """A seized session store shows neither the values, nor the keys, nor the session id."""
    client.post("/login")
    client.post("/set/source_id/424242")
    assert {"identity": SECRET, "source_id": "424242"} == client.get("/").get_json()
    cookie = cookie_value(client)
    assert cookie is not None
    sid, _, key = cookie.partition(".")
    [(handle, blob)] = stored(store).items()
    assert hashlib.sha256(sid.encode()).hexdigest() == handle
    for plaintext in (SECRET, "424242", "identity", "source_id", sid, key):
        assert plaintext.encode() not in blob
    assert sid not in handle


def test_the_session_id_rotates_at_login_and_the_old_one_is_dropped(
    client: FlaskClient, store: MemorySessionStore
) -> None:
    """No session fixation: privilege comes with a new id and key; the old entry is deleted."""
    client.post("/set/locale/ko")
    before = cookie_value(client)
    assert before is not None
    client.post("/login")
    after = cookie_value(client)
    assert after is not None
    assert before.partition(".")[0] != after.partition(".")[0]
    assert before.partition(".")[2] != after.partition(".")[2]
    assert [hashlib.sha256(after.partition(".")[0].encode()).hexdigest()] == list(stored(store))


def test_logout_clears_the_server_side_data_and_the_cookie(client: FlaskClient, store: MemorySessionStore) -> None:
    client.post("/login")
    assert 1 == len(stored(store))
    response = client.post("/logout")
    assert {} == stored(store)
    assert cookie_value(client) is None
    [set_cookie] = response.headers.getlist("Set-Cookie")
    assert set_cookie.startswith(f"{COOKIE}=;")
    assert {} == client.get("/").get_json()


def test_the_cookie_is_a_strict_httponly_session_cookie(client: FlaskClient) -> None:
    """Threat T3: nothing persists on the phone after the browser closes; no script reads it."""
    response = client.post("/login")
    [set_cookie] = response.headers.getlist("Set-Cookie")
    attributes = [part.strip().lower() for part in set_cookie.split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/" in attributes
    assert not [a for a in attributes if a.startswith(("expires", "max-age"))]


def test_a_session_expires_after_inactivity_but_not_while_in_use(store: MemorySessionStore) -> None:
    client = make_app(store, lifetime_seconds=1).test_client()
    client.post("/login")
    for _ in range(3):  # 1.5 s in all, each request well inside the 1 s lifetime
        time.sleep(0.5)
        assert SECRET == client.get("/").get_json().get("identity")
    time.sleep(1.1)
    assert {} == client.get("/").get_json()


@pytest.mark.parametrize(
    "forged",
    [
        "garbage",
        ".",
        "sid.",
        ".key",
        "a.b.c",
        "sid.!!!not-base64!!!",
        "sid." + "A" * 43,  # a well-formed key for a session that does not exist
        "세션.키",
        "x" * 4000,
    ],
)
def test_a_forged_or_garbled_cookie_gives_a_fresh_empty_session(client: FlaskClient, forged: str) -> None:
    client.set_cookie(COOKIE, forged)
    response = client.get("/")
    assert 200 == response.status_code
    assert {} == response.get_json()


def test_a_real_session_id_with_another_key_opens_nothing(client: FlaskClient, store: MemorySessionStore) -> None:
    """Knowing a session id (e.g. from the store's handles) is not enough: the key is in the cookie only."""
    client.post("/login")
    cookie = cookie_value(client)
    assert cookie is not None
    sid = cookie.partition(".")[0]
    attacker = make_app(store).test_client()
    attacker.set_cookie(COOKIE, f"{sid}.{'B' * 43}")
    assert {} == attacker.get("/").get_json()
    assert SECRET == client.get("/").get_json()["identity"]


def test_an_empty_session_sets_no_cookie_and_stores_nothing(client: FlaskClient, store: MemorySessionStore) -> None:
    response = client.get("/")
    assert [] == response.headers.getlist("Set-Cookie")
    assert {} == stored(store)


def test_the_source_interface_rotates_the_session_at_account_creation_and_login(services: Services) -> None:
    """The real source app: the codename-derived identity sits in the store only as ciphertext."""
    store = MemorySessionStore()
    client = create_source_app(services, session_store=store).test_client()
    page = client.get("/generate").get_data(as_text=True)
    codename = codename_on_page(page)
    anonymous = cookie_value(client, "tipline_source")
    assert client.post("/create", data={"csrf_token": csrf_token(page)}).status_code == 302
    created = cookie_value(client, "tipline_source")
    assert created is not None
    assert anonymous != created
    login = services.sources.login(codename)
    assert login is not None
    for blob in stored(store).values():
        assert login.identity.encode() not in blob
        assert codename.encode() not in blob

    lookup = client.get("/lookup").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(lookup)})
    assert {} == stored(store)
    page = client.get("/login").get_data(as_text=True)
    before_login = cookie_value(client, "tipline_source")
    assert client.post("/login", data={"csrf_token": csrf_token(page), "codename": codename}).status_code == 302
    after_login = cookie_value(client, "tipline_source")
    assert after_login is not None
    assert before_login != after_login
    assert 1 == len(stored(store))
