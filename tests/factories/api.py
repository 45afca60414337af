"""Logging journalists in to API v1 over HTTP."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.factories.journalists import current_code, make_journalist
from tipline.journalists.records import NewJournalist
from tipline.services import Services


def token_for(client: FlaskClient, journalist: NewJournalist, *, step_offset: int = 0) -> dict[str, str]:
    response = client.post(
        "/api/v1/token",
        json={
            "username": journalist.username,
            "passphrase": journalist.passphrase,
            "one_time_code": current_code(journalist, step_offset=step_offset),
        },
    )
    assert 200 == response.status_code, response.get_data(as_text=True)
    return {"Authorization": f"Token {response.get_json()['token']}"}


def logged_in(
    client: FlaskClient, services: Services, username: str = "reporter", *, is_admin: bool = False
) -> tuple[NewJournalist, dict[str, str]]:
    journalist = make_journalist(services, username, is_admin=is_admin)
    return journalist, token_for(client, journalist)
