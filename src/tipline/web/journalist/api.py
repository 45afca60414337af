"""Journalist API v1, shaped like SecureDrop's where it has an equivalent. JSON in and out."""

from __future__ import annotations

from typing import cast

from flask import Response, g, jsonify

from tipline.contract.codec import to_json
from tipline.contract.records import TokenRecord
from tipline.journalists.records import JournalistView

# Imported for their views, which join api_access.bp as each module loads.
from tipline.web.journalist import api_admin, api_content, api_keys, api_questionnaires, api_sources  # noqa: F401
from tipline.web.journalist.api_access import bp, token_required
from tipline.web.journalist.api_json import PREFIX, error, json_body
from tipline.web.journalist.api_records import user_record
from tipline.web.journalist.openapi import openapi_document
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"

__all__ = ["PREFIX", "bp", "error"]


@bp.get("/")
def root() -> Response:
    return jsonify(
        {
            "token_url": f"{PREFIX}/token",
            "sources_url": f"{PREFIX}/sources",
            "user_url": f"{PREFIX}/user",
            "users_url": f"{PREFIX}/users",
            # SecureDrop's names for its entry points
            "current_user_url": f"{PREFIX}/user",
            "all_users_url": f"{PREFIX}/users",
            "submissions_url": f"{PREFIX}/submissions",
            "replies_url": f"{PREFIX}/replies",
            "seen_url": f"{PREFIX}/seen",
            "auth_token_url": f"{PREFIX}/token",
            "openapi_url": f"{PREFIX}/openapi.json",
            "newsroom_recipient": newsroom_desk().keyring.current(),
            "statuses": list(newsroom_desk().cases.statuses),
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.post("/token")
def token() -> tuple[Response, int]:
    body = json_body()
    fields = [body.get(name) for name in ("username", "passphrase", "one_time_code")]
    if not all(isinstance(value, str) and value for value in fields):
        return error(400, "username, passphrase and one_time_code are required strings")
    username, passphrase, code = cast(list[str], fields)
    journalist = newsroom_desk().newsroom.login(username, passphrase, code, VIA)  # LoginThrottled: 429 (api_errors)
    if journalist is None:
        return error(403, "token authentication failed")
    issued = newsroom_desk().journalists.issue_token(journalist)
    record = TokenRecord(
        token=issued.token,
        expiration=issued.expires_at.isoformat(),
        journalist_uuid=issued.journalist_uuid,
        journalist_first_name=None,  # SecureDrop's fields: Tipline keeps no names
        journalist_last_name=None,
        journalist_username=journalist.username,
    )
    return jsonify(to_json(record)), 200


@bp.get("/user")
@token_required
def user() -> Response:
    journalist: JournalistView = g.journalist
    return jsonify(to_json(user_record(journalist)))


@bp.get("/users")
@token_required
def users() -> Response:
    listed = [to_json(user_record(j)) for j in newsroom_desk().journalists.list_all() if j.is_active]
    return jsonify({"users": listed})


@bp.post("/logout")
@token_required
def logout() -> Response:
    newsroom_desk().journalists.revoke_token(g.token)
    return jsonify({"message": "Your token has been revoked."})
