"""Journalist API v1, shaped like SecureDrop's where it has an equivalent. JSON in and out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from tipline.contract.codec import to_json
from tipline.contract.records import TokenRecord
from tipline.journalists.records import JournalistView
from tipline.newsroom.content import OpenedBlob
from tipline.portals import NewsroomDesk
from tipline.web.journalist import api_admin, api_content, api_errors, api_keys, api_questionnaires, api_sources
from tipline.web.journalist.api_json import PREFIX, error, json_body
from tipline.web.journalist.api_records import user_record
from tipline.web.journalist.openapi import openapi_document

View = TypeVar("View", bound=Callable[..., Any])
_CHUNK = 256 * 1024
VIA = "api"

__all__ = ["PREFIX", "create_blueprint", "error"]


def create_blueprint(services: NewsroomDesk) -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix=PREFIX)
    newsroom = services.newsroom

    def token_required(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            # Checked on every request against the database: a deactivated journalist's token
            # stops working at once (its row is deleted and is_active is checked too).
            journalist = services.journalists.journalist_for_token(token.strip()) if scheme == "Token" else None
            if journalist is None:
                # 403, as SecureDrop answers: its clients take 403 to mean "log in again".
                return error(403, "a valid token is required: Authorization: Token <token>")
            g.journalist = journalist
            g.token = token.strip()
            return view(*args, **kwargs)

        return cast(View, wrapped)

    def admin_required(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not g.journalist.is_admin:
                return error(403, "this needs the admin role")
            return view(*args, **kwargs)

        return token_required(cast(View, wrapped))

    api_errors.install(bp)

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
                "newsroom_recipient": services.keyring.current(),
                "statuses": list(services.cases.statuses),
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
        journalist = newsroom.login(username, passphrase, code, VIA)  # LoginThrottled: 429 (api_errors)
        if journalist is None:
            return error(403, "token authentication failed")
        issued = services.journalists.issue_token(journalist)
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
        listed = [to_json(user_record(j)) for j in services.journalists.list_all() if j.is_active]
        return jsonify({"users": listed})

    @bp.post("/logout")
    @token_required
    def logout() -> Response:
        services.journalists.revoke_token(g.token)
        return jsonify({"message": "Your token has been revoked."})

    def stream_blob(blob: OpenedBlob, name: str) -> Response:
        handle, size, sha256 = blob.stream, blob.size, blob.sha256

        # Resumable downloads (the desk's fetch): a single open-ended range "bytes=N-" only.
        start = _range_start(request.headers.get("Range"))
        if start is not None and start >= size:
            handle.close()
            response = Response(status=416)
            response.headers["Content-Range"] = f"bytes */{size}"
            response.headers["Etag"] = f'"sha256:{sha256}"'
            return response
        start = start or 0
        if start:
            if handle.seekable():
                handle.seek(start)
            else:
                _skip(handle, start)

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(_CHUNK):
                    yield chunk

        response = Response(stream_with_context(chunks()), mimetype="application/octet-stream")
        response.headers["Accept-Ranges"] = "bytes"
        if start:
            response.status_code = 206
            response.headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        response.headers["Content-Length"] = str(size - start)
        # Spelled "Etag" as SecureDrop does: its SDK reads exactly that key from a plain dict.
        response.headers["Etag"] = f'"sha256:{sha256}"'
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    api_sources.register(bp, services, token_required)
    api_content.register(bp, services, token_required, stream_blob)
    api_admin.register(bp, services, admin_required)
    api_keys.register(bp, services, token_required, admin_required)
    api_questionnaires.register(bp, services, token_required, admin_required)
    return bp


def _range_start(header: str | None) -> int | None:
    """N for "bytes=N-"; None for no Range or any other form (answered with the whole blob)."""
    unit, _, spec = (header or "").strip().partition("=")
    first, dash, last = spec.strip().partition("-")
    if unit.strip() != "bytes" or not dash or last or not first.isdigit():
        return None
    return int(first)


def _skip(handle: Any, count: int) -> None:
    while count > 0 and (chunk := handle.read(min(_CHUNK, count))):
        count -= len(chunk)
