"""API v1: submissions, replies and read flags, per source and across the newsroom."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterator
from typing import Any

from flask import Response, g, jsonify, request, stream_with_context

from tipline.contract.codec import to_json
from tipline.contract.records import ReplyList, SubmissionList
from tipline.newsroom.content import OpenedBlob
from tipline.web.journalist.api_access import route
from tipline.web.journalist.api_json import error, json_body, uuid_list
from tipline.web.journalist.api_lists import deleted_since, list_args, list_response
from tipline.web.journalist.api_records import (
    reply_filename,
    reply_record,
    submission_filename,
    submission_record,
)
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"
_CHUNK = 256 * 1024
DEFAULT_PER_PAGE = 1000


@route("/sources/<source_uuid>/submissions", ["GET"])
def submissions(source_uuid: str) -> Response:
    return jsonify(
        {"submissions": [to_json(submission_record(v)) for v in newsroom_desk().newsroom.submissions_of(source_uuid)]}
    )


@route("/sources/<source_uuid>/submissions/<submission_uuid>", ["GET"])
def submission(source_uuid: str, submission_uuid: str) -> Response:
    return jsonify(to_json(submission_record(newsroom_desk().newsroom.submission_of(source_uuid, submission_uuid))))


@route("/sources/<source_uuid>/submissions/<submission_uuid>", ["DELETE"])
def delete_submission(source_uuid: str, submission_uuid: str) -> Response:
    newsroom_desk().newsroom.delete_submission(g.journalist, source_uuid, submission_uuid, VIA)
    return jsonify({"message": "Submission deleted"})


@route("/sources/<source_uuid>/submissions/<submission_uuid>/download", ["GET"])
def download(source_uuid: str, submission_uuid: str) -> Response:
    blob = newsroom_desk().newsroom.download(g.journalist, source_uuid, submission_uuid, VIA)
    try:
        view = newsroom_desk().newsroom.submission_of(source_uuid, submission_uuid)
    except BaseException:
        blob.stream.close()
        raise
    return stream_blob(blob, submission_filename(view))


@route("/sources/<source_uuid>/batches/<batch_uuid>/manifest", ["GET"])
def manifest(source_uuid: str, batch_uuid: str) -> Response:
    blob = newsroom_desk().newsroom.download_manifest(g.journalist, source_uuid, batch_uuid, VIA)
    return stream_blob(blob, f"{batch_uuid}-manifest.age")


@route("/sources/<source_uuid>/replies", ["GET"])
def replies(source_uuid: str) -> Response:
    return jsonify({"replies": [to_json(reply_record(r)) for r in newsroom_desk().newsroom.replies_of(source_uuid)]})


@route("/sources/<source_uuid>/replies", ["POST"])
def reply(source_uuid: str) -> tuple[Response, int]:
    body = json_body()
    armored, message, chosen = body.get("reply"), body.get("message"), body.get("uuid")
    if chosen is not None:
        if not _is_uuid(chosen):
            return error(400, "'uuid' was not a valid UUID")
        chosen = str(uuid_module.UUID(chosen))
    if isinstance(armored, str):
        reply_uuid = newsroom_desk().newsroom.store_encrypted_reply(g.journalist, source_uuid, armored, VIA, chosen)
    elif isinstance(message, str) and chosen is None:
        # The server encrypts to the source and the newsroom and keeps no plaintext.
        reply_uuid = newsroom_desk().newsroom.reply(g.journalist, source_uuid, message, VIA)
    else:
        return error(400, "send reply (an armored age ciphertext) or message (plaintext the server encrypts)")
    stored = newsroom_desk().newsroom.reply_of(source_uuid, reply_uuid)
    return jsonify(
        {"message": "Your reply has been stored", "uuid": reply_uuid, "filename": reply_filename(stored)}
    ), 201


@route("/sources/<source_uuid>/replies/<reply_uuid>", ["GET"])
def reply_detail(source_uuid: str, reply_uuid: str) -> Response:
    return jsonify(to_json(reply_record(newsroom_desk().newsroom.reply_of(source_uuid, reply_uuid))))


@route("/sources/<source_uuid>/replies/<reply_uuid>", ["DELETE"])
def delete_reply(source_uuid: str, reply_uuid: str) -> Response:
    newsroom_desk().newsroom.delete_reply(g.journalist, source_uuid, reply_uuid, VIA)
    return jsonify({"message": "Reply deleted"})


@route("/sources/<source_uuid>/replies/<reply_uuid>/download", ["GET"])
def download_reply(source_uuid: str, reply_uuid: str) -> Response:
    found, blob = newsroom_desk().newsroom.download_reply(g.journalist, source_uuid, reply_uuid, VIA)
    return stream_blob(blob, reply_filename(found))


def everything(kind: str, record_type: type[SubmissionList] | type[ReplyList], key: str) -> Response:
    """Every source's submissions or replies: a page, the whole list, or a ?since= sync with
    what was deleted since, all cut at one cursor read first."""
    args = list_args(DEFAULT_PER_PAGE)
    cursor = newsroom_desk().newsroom.content.cursor()
    deleted = deleted_since(newsroom_desk().newsroom.content, kind, args)
    if kind == "submission":
        submissions, total = newsroom_desk().newsroom.content.all_submissions(
            args.limit, args.offset, args.since, upto=cursor
        )
        records: list[Any] = [submission_record(v) for v in submissions]
    else:
        replies, total = newsroom_desk().newsroom.content.all_replies(args.limit, args.offset, args.since, upto=cursor)
        records = [reply_record(r) for r in replies]
    return list_response(
        record_type,
        key,
        path=key,
        kept={},
        args=args,
        items=records,
        total=total,
        cursor_before=cursor,
        deleted=deleted,
    )


@route("/submissions", ["GET"])
def all_submissions() -> Response:
    return everything("submission", SubmissionList, "submissions")


@route("/replies", ["GET"])
def all_replies() -> Response:
    return everything("reply", ReplyList, "replies")


@route("/seen", ["POST"])
def seen() -> tuple[Response, int]:
    body = json_body()
    files, messages, reply_uuids = (uuid_list(body, key) for key in ("files", "messages", "replies"))
    if not (files or messages or reply_uuids):
        return error(400, "Please specify the resources to mark seen.")
    # As SecureDrop: everything must exist (and be of its kind) or nothing is marked.
    kinds = newsroom_desk().newsroom.content.submission_kinds([*files, *messages])
    for wanted, kind in ((files, "file"), (messages, "message")):
        for item in wanted:
            if kinds.get(item) != kind:
                return error(404, f"{kind} not found: {item}")
    known_replies = newsroom_desk().newsroom.content.existing_replies(reply_uuids)
    for item in reply_uuids:
        if item not in known_replies:
            return error(404, f"reply not found: {item}")
    newsroom_desk().newsroom.mark_seen(g.journalist, [*files, *messages], reply_uuids)
    return jsonify({"message": "resources marked seen"}), 200


@route("/unseen", ["POST"])
def unseen() -> Response:
    body = json_body()
    uuids = uuid_list(body, "files") + uuid_list(body, "messages")
    uuid_list(body, "replies")  # accepted like /seen; a reply stays seen once seen
    count = newsroom_desk().newsroom.mark_unseen(g.journalist, uuids)
    return jsonify({"message": f"{count} submission(s) marked unseen"})


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid_module.UUID(value)
    except ValueError:
        return False
    return True


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
