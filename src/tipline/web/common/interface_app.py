"""The Flask app both interfaces start from: their own package's files, their own secret."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def interface_app(
    import_name: str, package: Path, *, secret_key: str, max_content_length: int, **config: object
) -> Flask:
    """An app serving ``package``'s static/ and templates/ folders, signing with ``secret_key``
    (each interface has its own) and taking bodies of at most ``max_content_length`` bytes;
    ``config``: what only this interface sets."""
    app = Flask(import_name, static_folder=str(package / "static"), template_folder=str(package / "templates"))
    app.config.update(
        SECRET_KEY=secret_key,
        MAX_CONTENT_LENGTH=max_content_length,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives exactly as long as the session
        SEND_FILE_MAX_AGE_DEFAULT=0,
        **config,
    )
    return app
