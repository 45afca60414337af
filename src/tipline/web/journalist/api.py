"""Journalist API v1, shaped like SecureDrop's where it has an equivalent. JSON in and out."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, g, jsonify, request, stream_with_context
from werkzeug.exceptions import HTTPException

from tipline.journalists.service import JournalistView
from tipline.services import Services
from tipline.storage import BlobNotFound
from tipline.submissions.service import InvalidReply, NotFound, SourceSummary, SubmissionView

View = TypeVar("View", bound=Callable[..., Any])
PREFIX = "/api/v1"
_CHUNK = 256 * 1024


def error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": _STATUS_NAMES.get(status, "Error"), "message": message}), status


_STATUS_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
}


def create_blueprint(services: Services) -> Blueprint:
    bp = Blueprint("api", __name__, url_prefix=PREFIX)

    def token_required(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            journalist = services.journalists.journalist_for_token(token.strip()) if scheme == "Token" else None
            if journalist is None:
                return error(401, "a valid token is required: Authorization: Token <token>")
            g.journalist = journalist
            g.token = token.strip()
            return view(*args, **kwargs)

        return cast(View, wrapped)

    def json_body() -> dict[str, Any]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise _BadJsonError()
        return body

    @bp.errorhandler(_BadJsonError)
    def _bad_json(_e: _BadJsonError) -> tuple[Response, int]:
        return error(400, "the request body must be a JSON object")

    @bp.errorhandler(NotFound)
    def _not_found(e: NotFound) -> tuple[Response, int]:
        return error(404, f"no such {e.args[0] if e.args else 'object'}")

    @bp.errorhandler(HTTPException)
    def _http(e: HTTPException) -> tuple[Response, int]:
        return error(e.code or 500, e.description or "error")

    @bp.get("/")
    def root() -> Response:
        return jsonify(
            {
                "token_url": f"{PREFIX}/token",
                "sources_url": f"{PREFIX}/sources",
                "user_url": f"{PREFIX}/user",
                "newsroom_recipient": services.settings.newsroom_recipient,
            }
        )

    @bp.post("/token")
    def token() -> tuple[Response, int]:
        body = json_body()
        fields = [body.get(name) for name in ("username", "passphrase", "one_time_code")]
        if not all(isinstance(value, str) and value for value in fields):
            return error(400, "username, passphrase and one_time_code are required strings")
        username, passphrase, code = cast(list[str], fields)
        journalist = services.journalists.authenticate(username, passphrase, code)
        if journalist is None:
            return error(403, "token authentication failed")
        issued = services.journalists.issue_token(journalist)
        return jsonify(
            {
                "token": issued.token,
                "expiration": issued.expires_at.isoformat(),
                "journalist_uuid": issued.journalist_uuid,
                "journalist_username": journalist.username,
            }
        ), 200

    @bp.get("/user")
    @token_required
    def user() -> Response:
        journalist: JournalistView = g.journalist
        return jsonify({"uuid": journalist.uuid, "username": journalist.username, "is_admin": journalist.is_admin})

    @bp.post("/logout")
    @token_required
    def logout() -> Response:
        services.journalists.revoke_token(g.token)
        return jsonify({"message": "Your token has been revoked."})

    @bp.get("/sources")
    @token_required
    def sources() -> Response:
        return jsonify({"sources": [_source_json(s) for s in services.submissions.source_summaries()]})

    @bp.get("/sources/<source_uuid>")
    @token_required
    def source(source_uuid: str) -> Response:
        return jsonify(_source_json(services.submissions.source_summary(source_uuid)))

    @bp.get("/sources/<source_uuid>/submissions")
    @token_required
    def submissions(source_uuid: str) -> Response:
        views = services.submissions.submissions_of(source_uuid)
        return jsonify({"submissions": [_submission_json(v) for v in views]})

    @bp.get("/sources/<source_uuid>/submissions/<submission_uuid>")
    @token_required
    def submission(source_uuid: str, submission_uuid: str) -> Response:
        return jsonify(_submission_json(services.submissions.submission(source_uuid, submission_uuid)))

    @bp.get("/sources/<source_uuid>/submissions/<submission_uuid>/download")
    @token_required
    def download(source_uuid: str, submission_uuid: str) -> Response:
        blob = services.submissions.submission_blob(source_uuid, submission_uuid)
        return _stream_blob(blob.blob, blob.size, blob.sha256, f"{submission_uuid}.age")

    @bp.get("/sources/<source_uuid>/batches/<batch_uuid>/manifest")
    @token_required
    def manifest(source_uuid: str, batch_uuid: str) -> Response:
        blob = services.submissions.manifest_blob(source_uuid, batch_uuid)
        return _stream_blob(blob.blob, blob.size, blob.sha256, f"{batch_uuid}-manifest.age")

    def _stream_blob(key: str, size: int, sha256: str, name: str) -> Response:
        try:
            handle = services.submissions.open_blob(key)
        except BlobNotFound:
            raise NotFound("blob") from None

        # Resumable downloads (the desk's fetch): a single open-ended range "bytes=N-" only.
        start = _range_start(request.headers.get("Range"))
        if start is not None and start >= size:
            handle.close()
            response = Response(status=416)
            response.headers["Content-Range"] = f"bytes */{size}"
            response.headers["ETag"] = f'"sha256:{sha256}"'
            return response
        start = start or 0
        if start:
            if handle.seekable():
                handle.seek(start)
            else:
                _skip(handle, start)

        def chunks() -> Any:
            with handle:
                while chunk := handle.read(_CHUNK):
                    yield chunk

        response = Response(stream_with_context(chunks()), mimetype="application/octet-stream")
        response.headers["Accept-Ranges"] = "bytes"
        if start:
            response.status_code = 206
            response.headers["Content-Range"] = f"bytes {start}-{size - 1}/{size}"
        response.headers["Content-Length"] = str(size - start)
        response.headers["ETag"] = f'"sha256:{sha256}"'
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @bp.post("/sources/<source_uuid>/replies")
    @token_required
    def reply(source_uuid: str) -> tuple[Response, int]:
        body = json_body()
        armored = body.get("reply")
        if not isinstance(armored, str):
            return error(400, "reply must be a string: an armored age ciphertext")
        try:
            reply_uuid = services.submissions.add_reply(source_uuid, armored, g.journalist.id)
        except InvalidReply as e:
            return error(400, str(e))
        return jsonify({"message": "Your reply has been stored", "uuid": reply_uuid}), 201

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


class _BadJsonError(Exception):
    """The request body is not a JSON object."""


def _source_json(s: SourceSummary) -> dict[str, Any]:
    base = f"{PREFIX}/sources/{s.uuid}"
    return {
        "uuid": s.uuid,
        "journalist_designation": s.designation,
        "key": s.recipient,  # the age recipient to encrypt replies to
        "number_of_submissions": s.submission_count,
        "number_of_unread": s.unread_count,
        "number_of_replies": s.reply_count,
        "created_on": s.created_on.isoformat(),
        "last_updated": s.last_activity_on.isoformat(),
        "url": base,
        "submissions_url": f"{base}/submissions",
        "replies_url": f"{base}/replies",
    }


def _submission_json(v: SubmissionView) -> dict[str, Any]:
    base = f"{PREFIX}/sources/{v.source_uuid}"
    return {
        "uuid": v.uuid,
        "kind": v.kind,
        "size": v.size,
        "sha256": v.sha256,
        "is_read": v.is_read,
        "received_on": v.received_on.isoformat(),
        "batch_uuid": v.batch_uuid,
        "manifest_url": f"{base}/batches/{v.batch_uuid}/manifest",
        "download_url": f"{base}/submissions/{v.uuid}/download",
        "source_url": base,
        "url": f"{base}/submissions/{v.uuid}",
    }
