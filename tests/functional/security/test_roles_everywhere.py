"""Nobody reaches another role's routes: a journalist no admin route (web and API, every method),
a deactivated journalist nothing at all, and neither interface anything of the other.

test_journalist_routes.py and test_journalist_roles.py check GET/POST of the admin web pages
and the admin API paths of the OpenAPI document; these walk every rule and method of the URL
maps and also check that nothing changed.
"""

from __future__ import annotations

from flask import Flask

from tests.factories.api import token_for
from tests.factories.routes import SQLITE_ONLY, database_snapshot, fill, routes, static_paths
from tests.factories.web_sessions import (
    JOURNALIST_COOKIE,
    SOURCE_COOKIE,
    cookie_of,
    create_source_account,
    journalist_web_login,
)
from tests.functional.security.conftest import Newsroom
from tipline.config import Settings
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app

ADMIN_PREFIXES = ("/admin", "/api/v1/journalists", "/api/v1/audit")
# Reachable without a login (the login steps, the API's way in and its documents, static files).
PUBLIC = {
    "auth.login",
    "auth.logout",
    "keys.login",
    "keys.login_options",
    "keys.login_verify",
    "static",
    "api.root",
    "api.openapi",
    "api.token",
}


@SQLITE_ONLY
def test_a_journalist_reaches_no_admin_route(services: Services, newsroom: Newsroom) -> None:
    app = create_journalist_app(services)
    client = app.test_client()
    token = journalist_web_login(client, newsroom.reporter)
    api = token_for(client, newsroom.reporter, step_offset=1)
    admin_routes = [r for r in routes(app, newsroom.values) if r.rule.startswith(ADMIN_PREFIXES)]
    before = database_snapshot(services)

    answers = {}
    for route in admin_routes:
        headers = api | {"X-CSRFToken": token} if route.endpoint.startswith("api.") else {}
        response = client.open(
            route.path,
            method=route.method,
            headers=headers,
            data=None if route.endpoint.startswith("api.") else {"csrf_token": token, "username": "intruder"},
            json={"username": "intruder", "is_admin": True, "recipient": None}
            if route.endpoint.startswith("api.")
            else None,
        )
        answers[f"{route.method} {route.path}"] = response.status_code

    assert 14 <= len(answers)
    assert {403} == set(answers.values()), answers
    assert before == database_snapshot(services)
    assert 200 == client.get("/").status_code  # still logged in: refused for the role, not the session


def test_a_deactivated_journalist_reaches_nothing(services: Services, newsroom: Newsroom) -> None:
    app = create_journalist_app(services)
    client = app.test_client()
    token = journalist_web_login(client, newsroom.reporter)
    api = token_for(client, newsroom.reporter, step_offset=1)
    admin = services.journalists.get(newsroom.admin.uuid)
    services.newsroom.deactivate(admin, newsroom.reporter.uuid, "web")
    before = database_snapshot(services)

    answers = {}
    for route in routes(app, newsroom.values):
        if route.endpoint in PUBLIC:
            continue
        is_api = route.endpoint.startswith("api.")
        response = client.open(
            route.path,
            method=route.method,
            headers=api if is_api else {"X-CSRFToken": token},
            data=None if is_api else {"csrf_token": token},
            json={} if is_api else None,
        )
        answers[f"{route.method} {route.path}"] = response.status_code

    assert 40 <= len(answers)
    opened = {key: status for key, status in answers.items() if status < 300}
    assert {} == opened
    web = {k: v for k, v in answers.items() if not k.split()[1].startswith("/api/")}
    api_answers = {k: v for k, v in answers.items() if k.split()[1].startswith("/api/")}
    # The first request ends the session (redirect to the login); later forms fail their CSRF check.
    assert set(web.values()) <= {302, 400}, web
    assert {403} == set(api_answers.values()), api_answers
    assert before == database_snapshot(services)


def _views_from(app: Flask, package: str) -> dict[str, str]:
    """Endpoints whose view function does not come from this package (Flask's static view aside)."""
    return {
        endpoint: view.__module__
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not view.__module__.startswith(package)
    }


@SQLITE_ONLY
def test_neither_interface_serves_anything_of_the_other(services: Services, newsroom: Newsroom) -> None:
    source_app, journalist_app = create_source_app(services), create_journalist_app(services)
    source, desk = source_app.test_client(), journalist_app.test_client()

    assert {} == _views_from(source_app, "tipline.web.source")
    assert {} == _views_from(journalist_app, "tipline.web.journalist")
    assert set() == set(source_app.blueprints) & set(journalist_app.blueprints)
    source_rules = {rule.rule for rule in source_app.url_map.iter_rules()}
    journalist_rules = {rule.rule for rule in journalist_app.url_map.iter_rules()}
    answers = {}
    for rule in sorted(journalist_rules - source_rules):
        for method in ("GET", "POST"):
            answers[f"source {method} {rule}"] = source.open(fill(rule, newsroom.values), method=method).status_code
    for rule in sorted(source_rules - journalist_rules):
        for method in ("GET", "POST"):
            answers[f"journalist {method} {rule}"] = desk.open(fill(rule, newsroom.values), method=method).status_code
    # The journalist side's script is not served to sources, whose pages run none.
    for path in set(static_paths(journalist_app)) - set(static_paths(source_app)):
        answers[f"source GET {path}"] = source.get(path).status_code

    assert 30 <= len(answers)
    assert {404} == set(answers.values()), answers
    assert "/static/webauthn.js" in static_paths(journalist_app)


@SQLITE_ONLY
def test_a_cookie_of_one_interface_opens_nothing_on_the_other(settings: Settings, newsroom: Newsroom) -> None:
    """Even with both sessions in one shared database store, each interface keeps its own."""
    shared = build_services(settings.replace(shared_state="database"))
    try:
        source_app, journalist_app = create_source_app(shared), create_journalist_app(shared)
        source, desk = source_app.test_client(), journalist_app.test_client()
        create_source_account(source)
        journalist_web_login(desk, newsroom.admin)
        source_cookie, desk_cookie = cookie_of(source, SOURCE_COOKIE), cookie_of(desk, JOURNALIST_COOKIE)
        assert source_cookie is not None
        assert desk_cookie is not None

        crossed_to_source = source_app.test_client()
        crossed_to_source.set_cookie(SOURCE_COOKIE, desk_cookie)
        crossed_to_desk = journalist_app.test_client()
        crossed_to_desk.set_cookie(JOURNALIST_COOKIE, source_cookie)

        assert 302 == crossed_to_source.get("/lookup").status_code
        assert 302 == crossed_to_desk.get("/").status_code
        assert 200 == source.get("/lookup").status_code
        assert 200 == desk.get("/").status_code
    finally:
        shared.close()
