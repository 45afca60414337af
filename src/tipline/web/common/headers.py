"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response

SOURCE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
JOURNALIST_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def install_security_headers(app: Flask, csp: str) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = csp
        headers["Referrer-Policy"] = "no-referrer"
        # Nothing may stay in a browser cache on a phone that can be searched (threat T3).
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
        headers["Expires"] = "0"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        headers.pop("Server", None)
        headers.pop("Last-Modified", None)
        return response
