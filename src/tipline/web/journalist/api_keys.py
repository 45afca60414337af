"""API v1 security keys: a journalist lists and removes their own; an admin anyone's.

There is no registration over the API (it is a browser ceremony on the web interface, which
asks for the passphrase and a TOTP code first). Every removal is audited (SecurityKeyManagement).
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify

from tipline.errors import SecurityKeyNotFound
from tipline.journalists.security_keys import SecurityKeyView
from tipline.web.journalist.api_access import admin_required, bp, token_required
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"


def key_json(key: SecurityKeyView) -> dict[str, Any]:
    return {"id": key.id, "name": key.name, "created_on": key.created_on.isoformat()}


def listed(journalist_uuid: str) -> Response:
    return jsonify(
        {"security_keys": [key_json(k) for k in newsroom_desk().key_management.list(g.journalist, journalist_uuid)]}
    )


def removed(journalist_uuid: str, key_id: str) -> Response:
    # Digits of a database integer only; anything else names no key (not a 500 on PostgreSQL).
    if not (key_id.isascii() and key_id.isdigit() and len(key_id) <= 9):
        raise SecurityKeyNotFound()
    key = newsroom_desk().key_management.remove(g.journalist, journalist_uuid, int(key_id), VIA)
    return jsonify({"message": "The security key was removed.", "security_key": key_json(key)})


@bp.get("/security-keys")
@token_required
def own_keys() -> Response:
    return listed(g.journalist.uuid)


@bp.delete("/security-keys/<key_id>")
@token_required
def remove_own_key(key_id: str) -> Response:
    return removed(g.journalist.uuid, key_id)


@bp.get("/journalists/<journalist_uuid>/security-keys")
@admin_required
def journalist_keys(journalist_uuid: str) -> Response:
    return listed(journalist_uuid)


@bp.delete("/journalists/<journalist_uuid>/security-keys/<key_id>")
@admin_required
def remove_journalist_key(journalist_uuid: str, key_id: str) -> Response:
    return removed(journalist_uuid, key_id)
