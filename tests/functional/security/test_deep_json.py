"""A JSON body nested deeper than the parser goes ("[" × 100,000) is a 400 on every JSON route, never a 500.

Python's json module raises RecursionError on such a body, which Flask's silent parsing does not catch.
"""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories.api import token_for
from tests.factories.journalists import make_journalist
from tests.factories.sources import make_source
from tipline.errors import SecurityKeyError
from tipline.journalists.security_keys import RelyingParty
from tipline.services import Services

DEEP = b"[" * 100_000
RP = RelyingParty(rp_id="localhost", origin="http://localhost")


def _api_body_routes(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
        for method in (rule.methods or set()) & {"POST", "PUT", "PATCH"}
    )


def test_every_api_route_answers_400_to_a_deeply_nested_body(
    journalist_app: Flask, journalist_client: FlaskClient, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    journalist_app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 as production answers it, not a raise
    admin = make_journalist(services, "editor", is_admin=True)
    headers = token_for(journalist_client, admin) | {"Content-Type": "application/json"}
    made = make_source(services, "hello")
    ids = {
        "source_uuid": made.uuid,
        "journalist_uuid": make_journalist(services, "reporter").uuid,  # not the admin: a reset revokes
        "submission_uuid": made.batches[0].submission_uuids[0],
    }
    # Logout takes no body and revokes the token: last.
    routes = sorted(_api_body_routes(journalist_app), key=lambda route: route[0] == "/api/v1/logout")
    assert ("/api/v1/token", "POST") in routes
    answers = {}
    with caplog.at_level(logging.ERROR):
        for rule, method in routes:
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), made.uuid)), rule)
            not_an_object = journalist_client.open(path, method=method, data=b"[]", headers=headers)
            deep = journalist_client.open(path, method=method, data=DEEP, headers=headers)
            answers[f"{method} {rule}"] = (deep.status_code, not_an_object.status_code)
            if rule == "/api/v1/logout":
                answers[f"{method} {rule}"] = (not_an_object.status_code,) * 2
    # Deep nesting is answered like any other body that is not a JSON object: a 400 where the route
    # reads a body; never a 500.
    assert {} == {route: pair for route, pair in answers.items() if pair[0] != pair[1] or pair[0] >= 500}
    assert any(pair[0] == 400 for pair in answers.values())
    assert "Traceback" not in caplog.text
    assert "RecursionError" not in caplog.text


def test_a_deeply_nested_security_key_answer_is_refused_not_a_crash(services: Services) -> None:
    keys = services.security_keys
    with pytest.raises(SecurityKeyError), services.sessions.begin() as session:
        keys.register(RP, 1, b"challenge", DEEP.decode(), "key", within=session)
    assert keys.verify(RP, 1, b"challenge", DEEP.decode()) is False
