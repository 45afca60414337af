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


def security_headers(csp: str) -> list[tuple[str, str]]:
    """The headers every response carries, whoever writes it (Flask, or gunicorn for a request it cannot parse)."""
    return [
        ("Content-Security-Policy", csp),
        ("Referrer-Policy", "no-referrer"),
        # Nothing may stay in a browser cache on a phone that can be searched (threat T3).
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
        ("Expires", "0"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]


def install_security_headers(app: Flask, csp: str) -> None:
    fixed = security_headers(csp)

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        for name, value in fixed:
            headers[name] = value
        headers.pop("Server", None)
        headers.pop("Last-Modified", None)
        return response


def bare_error_response(status: int, reason: str, csp: str) -> bytes:
    """A whole HTTP response for an error answered below the app (gunicorn's "400 Bad Request" for
    a request it cannot parse, 414, 431): the same headers as every page, and a body that repeats
    nothing of the request (gunicorn's own page quotes the offending line or header)."""
    reason = "".join(c for c in reason if c.isascii() and (c.isalnum() or c in " -"))
    body = f"<!doctype html><title>{status}</title><p>{status} {reason}</p>\n".encode("ascii")
    head = [
        f"HTTP/1.1 {status} {reason}",
        "Connection: close",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in security_headers(csp)),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body
