"""/guide and /guide/card on the source interface: the printed guide's pages, in the page's language.

Plain pages: no script, nothing from outside, the headers of every page (the walk over every route
in security/test_headers_everywhere.py covers these routes too), the address from the instance's
settings as text and inline QR code. The home page links to the guide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.factories.guide import fresh_onion_address
from tests.factories.settings import instance_settings
from tests.functional.security.test_headers_everywhere import header_problems
from tipline.config import Settings
from tipline.crypto.age import generate_identity
from tipline.guide.build import LANGUAGES, guide_for
from tipline.migrations.runner import upgrade
from tipline.services import build_services
from tipline.web.common.headers import SOURCE_CSP
from tipline.web.source import create_source_app

ADDRESS = fresh_onion_address()


def _settings(tmp_path: Path, address: str) -> Settings:
    data_dir = tmp_path / "data"
    return instance_settings(
        data_dir,
        generate_identity()[1],
        database_url=f"sqlite:///{data_dir / 'tipline.sqlite'}",
        source_onion_address=address,
    )


def _client(settings: Settings) -> Iterator[FlaskClient]:
    upgrade(settings.effective_database_url)
    services = build_services(settings)
    try:
        yield create_source_app(services).test_client()
    finally:
        services.close()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    yield from _client(_settings(tmp_path, f"http://{ADDRESS.upper()}/"))


def _locale_codes() -> list[tuple[str, str]]:
    return [(language, locale) for language, locale in LANGUAGES.items()]


def test_the_home_page_links_to_the_guide(client: FlaskClient) -> None:
    home = client.get("/?l=ko").get_data(as_text=True)
    assert 'href="/guide"' in home


@pytest.mark.parametrize(("language", "locale"), _locale_codes())
def test_the_guide_is_served_in_the_pages_language(client: FlaskClient, language: str, locale: str) -> None:
    _locale, text = guide_for(language)
    for path, expected in (("/guide", text.title), ("/guide/card", text.card_steps[0])):
        response = client.get(f"{path}?l={locale}")
        assert 200 == response.status_code
        html = response.get_data(as_text=True)
        assert f'<html lang="{locale.replace("_", "-")}">' in html
        assert str(expected) in html.replace("&#34;", '"').replace("&#39;", "'")
        # The address the settings hold, normalised, as text and as an inline QR code.
        assert ADDRESS in html
        assert "<svg" in html
        # Nothing runs and nothing comes from elsewhere; the stylesheet is our own.
        assert "<script" not in html.lower()
        assert "<style" not in html.lower()  # the source CSP allows only 'self' stylesheets
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.IGNORECASE)
        assert 'href="/guide/guide.css"' in html
        assert [] == header_problems(path, response.headers.items(), SOURCE_CSP)
        # Small like every source page (threat T2: nothing large to tell apart on the wire).
        assert len(response.data) <= 16 * 1024


def test_the_guide_and_card_link_to_each_other_and_home(client: FlaskClient) -> None:
    guide = client.get("/guide?l=en").get_data(as_text=True)
    card = client.get("/guide/card?l=en").get_data(as_text=True)
    assert 'href="/guide/card"' in guide
    assert 'href="/guide"' in card
    assert 'href="/"' in guide
    assert 'href="/"' in card


def test_the_stylesheet_is_served_with_the_same_headers(client: FlaskClient) -> None:
    response = client.get("/guide/guide.css")
    assert (200, "text/css") == (response.status_code, response.mimetype)
    assert [] == header_problems("guide.css", response.headers.items(), SOURCE_CSP)
    assert "url(" not in response.get_data(as_text=True)  # no font or image fetched from anywhere
    assert "@import" not in response.get_data(as_text=True)


def test_reading_the_guide_sets_no_cookie(client: FlaskClient) -> None:
    for path in ("/guide", "/guide/card", "/guide/guide.css"):
        assert "Set-Cookie" not in client.get(path).headers


def test_without_an_address_the_guide_shows_no_address(tmp_path: Path) -> None:
    for client in _client(_settings(tmp_path, "")):
        html = client.get("/guide?l=ko").get_data(as_text=True)
        assert 200 == client.get("/guide?l=ko").status_code
        assert "<svg" not in html
        assert ".onion" not in html


def test_a_mistyped_address_stops_the_interface_from_starting(tmp_path: Path) -> None:
    mistyped = ("a" if ADDRESS[0] != "a" else "b") + ADDRESS[1:]
    with pytest.raises(RuntimeError, match="source_onion_address"):
        next(_client(_settings(tmp_path, mistyped)))
