"""Security-key login and registration over HTTP: what is refused. (The full ceremony with a
virtual authenticator is in tests/browser/test_security_key_browser.py.)"""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tests.factories.journalists import make_journalist
from tests.functional.test_journalist_web import web_login
from tipline.services import Services

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
    web_login(journalist_client, make_journalist(services))
    page = journalist_client.get("/account/keys", **HOST).get_data(as_text=True)
    headers = {"X-CSRFToken": _meta_token(page)}
    options = journalist_client.post("/account/keys/options", headers=headers, **HOST).get_json()
    bogus = json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {"clientDataJSON": "e30"}})

    response = journalist_client.post("/account/keys", headers=headers, data=bogus, **HOST)

    assert "localhost" == options["rp"]["id"]
    assert 400 == response.status_code
    assert 0 == services.security_keys.count(services.journalists.list_all()[0].id)


def test_key_routes_need_the_csrf_header(journalist_client: FlaskClient, services: Services) -> None:
    web_login(journalist_client, make_journalist(services))
    assert 400 == journalist_client.post("/account/keys/options", **HOST).status_code
