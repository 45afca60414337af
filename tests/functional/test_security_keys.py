"""Security-key login and registration over HTTP: what is refused. (The full ceremony with a
virtual authenticator is in tests/browser/test_security_key_browser.py.)"""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

from tests.factories.api import token_for
from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.soft_authenticator import SoftAuthenticator
from tests.functional.test_journalist_web import web_login
from tipline.db import today
from tipline.journalists.records import NewJournalist
from tipline.journalists.security_keys import RelyingParty
from tipline.services import Services
from tipline.web.journalist.api_json import PREFIX

HOST = {"base_url": "http://localhost"}


def _meta_token(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _key_step(client: FlaskClient, username: str, passphrase: str) -> tuple[int, str, list[object], int]:
    """The passphrase step's status and page (CSRF tokens blanked), then the options' credentials,
    then the verdict on a bogus assertion."""
    page = client.get("/login/key").get_data(as_text=True)
    answer = client.post(
        "/login/key", data={"csrf_token": csrf_token(page), "username": username, "passphrase": passphrase}
    )
    text = answer.get_data(as_text=True)
    blanked = re.sub(r'(content|value)="[^"]*"', r'\1=""', text)
    if answer.status_code != 200:
        return answer.status_code, blanked, [], 0
    headers = {"X-CSRFToken": _meta_token(text)}
    options = client.post("/login/key/options", headers=headers, **HOST).get_json()
    bogus = json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}})
    verdict = client.post("/login/key/verify", headers=headers, data=bogus, **HOST).status_code
    return answer.status_code, blanked, options["allowCredentials"], verdict


def test_the_key_login_does_not_tell_whether_the_passphrase_is_right(
    journalist_client: FlaskClient, services: Services
) -> None:
    """Without the second factor, a right passphrase gets exactly the answers of a wrong one."""
    reporter = make_journalist(services)
    right = _key_step(journalist_client, "reporter", reporter.passphrase)
    wrong = _key_step(journalist_client, "reporter", "wrong passphrase")
    assert right == wrong
    assert 200 == right[0]
    assert 401 == right[3]
    # An unknown username gets the same page and a decoy credential of the same form.
    unknown = _key_step(journalist_client, "nobody", "wrong")
    assert (unknown[0], unknown[1], len(unknown[2]), unknown[3]) == (200, right[1], len(right[2]), 401)
    assert 302 == journalist_client.get("/").status_code


def test_the_key_step_needs_the_passphrase_step_first(journalist_client: FlaskClient, services: Services) -> None:
    page = journalist_client.get("/login/key").get_data(as_text=True)
    headers = {"X-CSRFToken": _meta_token(page)}
    assert 400 == journalist_client.post("/login/key/options", headers=headers, **HOST).status_code
    assert 400 == journalist_client.post("/login/key/verify", headers=headers, data="{}", **HOST).status_code
    assert 302 == journalist_client.get("/").status_code


def test_a_bogus_assertion_is_refused_and_counted(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    page = journalist_client.get("/login/key").get_data(as_text=True)
    ready = journalist_client.post(
        "/login/key", data={"csrf_token": csrf_token(page), "username": "reporter", "passphrase": reporter.passphrase}
    ).get_data(as_text=True)
    headers = {"X-CSRFToken": _meta_token(ready)}
    options = journalist_client.post("/login/key/options", headers=headers, **HOST).get_json()
    bogus = json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}})

    response = journalist_client.post("/login/key/verify", headers=headers, data=bogus, **HOST)

    assert 1 == len(options["allowCredentials"])  # no key yet: a decoy, as for an unknown username
    assert 401 == response.status_code
    assert 302 == journalist_client.get("/").status_code


def test_a_bogus_registration_is_refused(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    web_login(journalist_client, reporter)
    page = journalist_client.get("/account/keys", **HOST).get_data(as_text=True)
    headers = {"X-CSRFToken": _meta_token(page)}
    options = journalist_client.post(
        "/account/keys/options", headers=headers, data=_reauth(reporter), **HOST
    ).get_json()
    bogus = json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {"clientDataJSON": "e30"}})

    response = journalist_client.post("/account/keys", headers=headers, data=bogus, **HOST)

    assert "localhost" == options["rp"]["id"]
    assert 400 == response.status_code
    assert 0 == services.security_keys.count(services.journalists.list_all()[0].id)


def test_key_routes_need_the_csrf_header(journalist_client: FlaskClient, services: Services) -> None:
    web_login(journalist_client, make_journalist(services))
    assert 400 == journalist_client.post("/account/keys/options", **HOST).status_code


# --- Adding a key needs the passphrase and a TOTP code; listing and removing (issue 12, part 4) ---


def _reauth(journalist: NewJournalist, **changed: str) -> str:
    """The body static/webauthn.js posts to start a registration. The login spent the current
    step's code: the next step's is unused (one step of drift is accepted)."""
    body = {
        "name": "blue key",
        "passphrase": journalist.passphrase,
        "one_time_code": current_code(journalist, step_offset=1),
    }
    return json.dumps(body | changed)


def _add_key(client: FlaskClient, journalist: NewJournalist) -> SoftAuthenticator:
    """A logged-in journalist registers a software key, re-authenticating as the page asks."""
    key = SoftAuthenticator()
    headers = {"X-CSRFToken": _meta_token(client.get("/account/keys", **HOST).get_data(as_text=True))}
    options = client.post("/account/keys/options", headers=headers, data=_reauth(journalist), **HOST)
    assert 200 == options.status_code, options.get_data(as_text=True)
    registered = client.post("/account/keys", headers=headers, data=key.create(options.get_json()), **HOST)
    assert 201 == registered.status_code, registered.get_json()
    return key


def _plant_key(services: Services, journalist: NewJournalist) -> None:
    """A key registered through the service (the web ceremony is tested above): for tests whose
    TOTP codes go to API tokens."""
    rp, key = RelyingParty("localhost", "http://localhost"), SoftAuthenticator()
    actor = services.journalists.get(journalist.uuid)
    ceremony = services.security_keys.registration(rp, actor.id)
    services.key_management.register(
        actor, rp, ceremony.challenge, key.create(json.loads(ceremony.options_json)), name="blue key", via="web"
    )


def _actions(services: Services, action: str) -> list[tuple[str, str | None, str, str]]:
    entries = services.audit.page(1, 500).entries
    return [(e.actor, e.target_journalist, e.detail, e.via) for e in entries if e.action == action]


def _key_ids(services: Services, journalist: NewJournalist) -> list[int]:
    return [k.id for k in services.security_keys.list_for(services.journalists.get(journalist.uuid).id)]


def test_a_session_alone_cannot_start_a_key_registration(journalist_client: FlaskClient, services: Services) -> None:
    """A stolen session cookie (and CSRF token) is not enough: the registration's options, and so
    its challenge, come only with the passphrase and an unused TOTP code in the same request."""
    reporter = make_journalist(services)
    web_login(journalist_client, reporter)
    headers = {"X-CSRFToken": _meta_token(journalist_client.get("/account/keys", **HOST).get_data(as_text=True))}
    key = SoftAuthenticator()

    def start(body: str) -> int:
        return journalist_client.post("/account/keys/options", headers=headers, data=body, **HOST).status_code

    answers = [
        start("{}"),
        start(_reauth(reporter, passphrase="wrong passphrase")),
        start(_reauth(reporter, one_time_code="000000")),
        start(_reauth(reporter, one_time_code=current_code(reporter))),  # spent by the login
        start("[]"),
    ]
    # Whatever options an attacker makes up, no registration is waiting for them.
    forged = {"challenge": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "rp": {"id": "localhost"}}
    registered = journalist_client.post("/account/keys", headers=headers, data=key.create(forged), **HOST)

    assert [403, 403, 403, 403, 400] == answers
    assert 400 == registered.status_code
    assert [] == _key_ids(services, reporter)
    assert [] == _actions(services, "add_security_key")


def test_the_passphrase_and_a_fresh_code_add_a_listed_and_audited_key(
    journalist_client: FlaskClient, services: Services
) -> None:
    reporter = make_journalist(services)
    web_login(journalist_client, reporter)

    _add_key(journalist_client, reporter)
    page = journalist_client.get("/account/keys", **HOST).get_data(as_text=True)

    assert 1 == len(_key_ids(services, reporter))
    assert "blue key" in page
    assert today().isoformat() in page
    assert f"/account/keys/{_key_ids(services, reporter)[0]}/remove" in page
    assert [("reporter", "reporter", "blue key", "web")] == _actions(services, "add_security_key")


def test_a_journalist_removes_their_own_key_after_a_confirmation(
    journalist_client: FlaskClient, services: Services
) -> None:
    reporter = make_journalist(services)
    web_login(journalist_client, reporter)
    _add_key(journalist_client, reporter)
    (key_id,) = _key_ids(services, reporter)
    address = f"/account/keys/{key_id}/remove"

    confirmation = journalist_client.get(address, **HOST)
    without_csrf = journalist_client.post(address, data={}, **HOST)
    kept = _key_ids(services, reporter)
    removed = journalist_client.post(address, data={"csrf_token": csrf_token(confirmation.get_data(as_text=True))})
    again = journalist_client.post(address, data={"csrf_token": csrf_token(confirmation.get_data(as_text=True))})

    assert 200 == confirmation.status_code
    assert "blue key" in confirmation.get_data(as_text=True)
    assert 400 == without_csrf.status_code
    assert [key_id] == kept
    assert 302 == removed.status_code
    assert [] == _key_ids(services, reporter)
    assert 404 == again.status_code
    assert [("reporter", "reporter", "blue key", "web")] == _actions(services, "remove_security_key")


def test_an_admin_removes_anyones_key_and_a_journalist_nobody_elses(journalist_app: Flask, services: Services) -> None:
    admin, reporter = make_journalist(services, "editor", is_admin=True), make_journalist(services)
    admin_client, reporter_client, colleague_client = (journalist_app.test_client() for _ in range(3))
    web_login(reporter_client, reporter)
    _add_key(reporter_client, reporter)
    (key_id,) = _key_ids(services, reporter)
    colleague = make_journalist(services, "colleague")
    web_login(colleague_client, colleague)
    web_login(admin_client, admin)
    admin_page = f"/admin/journalists/{reporter.uuid}/keys"
    address = f"{admin_page}/{key_id}/remove"
    token = csrf_token(colleague_client.get("/account/keys").get_data(as_text=True))

    refused = [
        colleague_client.get(admin_page).status_code,
        colleague_client.post(address, data={"csrf_token": token}).status_code,
        colleague_client.post(f"/account/keys/{key_id}/remove", data={"csrf_token": token}).status_code,
    ]
    kept = _key_ids(services, reporter)
    listing = admin_client.get(admin_page).get_data(as_text=True)
    confirmation = admin_client.get(address).get_data(as_text=True)
    removed = admin_client.post(address, data={"csrf_token": csrf_token(confirmation)})

    assert [403, 403, 404] == refused
    assert [key_id] == kept
    assert "blue key" in listing
    assert address in listing
    assert 302 == removed.status_code
    assert [] == _key_ids(services, reporter)
    assert [("editor", "reporter", "blue key", "web")] == _actions(services, "remove_security_key")


def test_the_api_lists_and_removes_the_tokens_own_keys(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services)
    _plant_key(services, reporter)
    (key_id,) = _key_ids(services, reporter)
    colleague = make_journalist(services, "colleague")
    api, colleagues_api = token_for(journalist_client, reporter), token_for(journalist_client, colleague)

    listed = journalist_client.get(f"{PREFIX}/security-keys", headers=api).get_json()
    theirs = journalist_client.get(f"{PREFIX}/security-keys", headers=colleagues_api).get_json()
    not_theirs = journalist_client.delete(f"{PREFIX}/security-keys/{key_id}", headers=colleagues_api)
    removed = journalist_client.delete(f"{PREFIX}/security-keys/{key_id}", headers=api)
    gone = journalist_client.delete(f"{PREFIX}/security-keys/{key_id}", headers=api)

    day = today().isoformat()
    assert {"security_keys": [{"id": key_id, "name": "blue key", "created_on": day}]} == listed
    assert {"security_keys": []} == theirs
    assert 404 == not_theirs.status_code
    assert 200 == removed.status_code
    assert 404 == gone.status_code
    assert [] == _key_ids(services, reporter)
    assert [("reporter", "reporter", "blue key", "api")] == _actions(services, "remove_security_key")


def test_the_admin_api_lists_and_removes_anyones_keys(journalist_client: FlaskClient, services: Services) -> None:
    admin, reporter = make_journalist(services, "editor", is_admin=True), make_journalist(services)
    _plant_key(services, reporter)
    (key_id,) = _key_ids(services, reporter)
    colleague = make_journalist(services, "colleague")
    api, colleagues_api = token_for(journalist_client, admin), token_for(journalist_client, colleague)
    address = f"{PREFIX}/journalists/{reporter.uuid}/security-keys"

    refused = (
        journalist_client.get(address, headers=colleagues_api).status_code,
        journalist_client.delete(f"{address}/{key_id}", headers=colleagues_api).status_code,
    )
    kept = _key_ids(services, reporter)
    listed = journalist_client.get(address, headers=api).get_json()
    removed = journalist_client.delete(f"{address}/{key_id}", headers=api)

    assert (403, 403) == refused
    assert [key_id] == kept
    assert [key_id] == [k["id"] for k in listed["security_keys"]]
    assert 200 == removed.status_code
    assert [] == _key_ids(services, reporter)
    assert [("editor", "reporter", "blue key", "api")] == _actions(services, "remove_security_key")
