"""Every web route, walked from the URL map: anonymous visitors are sent to the login page, and
journalists without the admin role are refused every admin route."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tests.factories.journalists import make_journalist
from tests.functional.test_journalist_web import web_login
from tipline.services import Services

# Reachable without a login: the login steps themselves, logout, static files, and the API
# (token-authenticated, tested in test_journalist_api/test_journalist_roles).
PUBLIC = {"auth.login", "auth.logout", "keys.login", "keys.login_options", "keys.login_verify", "static"}


def _web_routes(app: Flask) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", rule.rule)
        routes += [(method, path, rule.endpoint) for method in sorted(rule.methods or ()) if method in ("GET", "POST")]
    return routes


def test_every_web_route_needs_a_login(journalist_app: Flask, journalist_client: FlaskClient) -> None:
    token = csrf_token(journalist_client.get("/login").get_data(as_text=True))
    routes = _web_routes(journalist_app)
    assert len(routes) >= 15
    for method, path, endpoint in routes:
        response = journalist_client.open(
            path, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token}
        )
        assert 302 == response.status_code, endpoint
        assert response.headers["Location"].endswith("/login"), endpoint


def test_every_admin_route_refuses_a_journalist(
    journalist_app: Flask, journalist_client: FlaskClient, services: Services
) -> None:
    web_login(journalist_client, make_journalist(services))
    token = csrf_token(journalist_client.get("/").get_data(as_text=True))
    admin_routes = [r for r in _web_routes(journalist_app) if r[2].startswith("admin.")]
    assert len(admin_routes) >= 4
    for method, path, endpoint in admin_routes:
        response = journalist_client.open(path, method=method, data={"csrf_token": token})
        assert 403 == response.status_code, endpoint
