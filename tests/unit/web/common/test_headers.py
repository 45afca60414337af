"""Security headers on every response of both interfaces."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tipline.web.common.headers import JOURNALIST_CSP, SOURCE_CSP


@pytest.mark.parametrize(("path", "status"), [("/", 200), ("/no-such-page", 404)])
def test_source_pages_carry_the_security_headers(source_client: FlaskClient, path: str, status: int) -> None:
    """Even error pages: nothing cached on the phone, no scripts, no framing, no referrer."""
    response = source_client.get(path)
    assert status == response.status_code
    assert SOURCE_CSP == response.headers["Content-Security-Policy"]
    assert "script-src" not in SOURCE_CSP  # the source interface runs no JavaScript at all
    assert "no-store" == response.headers["Cache-Control"]
    assert "no-referrer" == response.headers["Referrer-Policy"]
    assert "DENY" == response.headers["X-Frame-Options"]
    assert "nosniff" == response.headers["X-Content-Type-Options"]
    assert "Server" not in response.headers
    assert "Last-Modified" not in response.headers


def test_journalist_responses_carry_their_policy(journalist_client: FlaskClient) -> None:
    response = journalist_client.get("/api/v1/")
    assert JOURNALIST_CSP == response.headers["Content-Security-Policy"]
    assert "no-store" == response.headers["Cache-Control"]
