"""With the database down, a source gets a plain 503 page in its language, and nothing is kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tests.factories.live import free_port
from tipline.config import Settings
from tipline.services import build_services
from tipline.web.source import create_source_app

TITLES = {
    "ko": "제보 창구를 지금은 쓸 수 없습니다",
    "en": "The tip line is not available right now",
    "ru": "Сейчас связь с редакцией недоступна",
    "zh_Hans": "线索投递暂时无法使用",
}


@pytest.fixture
def client_without_database(settings: Settings) -> Iterator[FlaskClient]:
    # A PostgreSQL URL on a loopback port nothing listens on: every query fails to connect.
    unreachable = settings.replace(
        database_url=f"postgresql+psycopg://tipline@127.0.0.1:{free_port()}/tipline?connect_timeout=2"
    )
    services = build_services(unreachable)
    yield create_source_app(services).test_client()
    services.close()


@pytest.mark.parametrize("language", sorted(TITLES))
def test_login_while_the_database_is_down_is_a_503_page_in_the_sources_language(
    client_without_database: FlaskClient, language: str
) -> None:
    """The page says the tip line is unavailable, in the chosen language, with no trace of the cause."""
    # Given a login page (it needs no database)
    page = client_without_database.get(f"/login?l={language}").get_data(as_text=True)

    # When the source sends a codename and the server cannot reach its database
    response = client_without_database.post(
        "/login", data={"csrf_token": csrf_token(page), "codename": "any words at all here now ok"}
    )

    # Then a 503 page in the source's language, without the driver's message or a stack trace
    body = response.get_data(as_text=True)
    assert 503 == response.status_code
    assert f"<h1>{TITLES[language]}</h1>" in body
    assert "Traceback" not in body
    assert "127.0.0.1" not in body
    assert "psycopg" not in body.lower()
    assert "no-store" == response.headers["Cache-Control"]
