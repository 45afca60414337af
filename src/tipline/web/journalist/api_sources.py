"""API v1: sources, submissions, replies, stars, read flags and case fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from tipline.newsroom.content import ReplyView
from tipline.newsroom.listing import MAX_PER_PAGE, SORTS, SourceQuery, SourceRow
from tipline.services import Services
from tipline.submissions.service import NotFound, SubmissionView
from tipline.web.journalist.api_json import PREFIX, BadJson, bool_arg, choice_arg, error, int_arg, json_body, uuid_list

VIA = "api"
DEFAULT_PER_PAGE = 100
QUERY_KEYS = ("status", "label", "assignee", "starred", "unread", "q", "sort", "order")


def source_json(s: SourceRow) -> dict[str, Any]:
    base = f"{PREFIX}/sources/{s.uuid}"
    assignee = {"uuid": s.assignee_uuid, "username": s.assignee_username} if s.assignee_uuid else None
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
        "add_star_url": f"{base}/add_star",
        "remove_star_url": f"{base}/remove_star",
        "download_url": f"{base}/download",
        "is_starred": s.starred,
        "status": s.status,
        "labels": s.labels,
        "assigned_to": assignee,
        "has_note": s.has_note,
    }


def submission_json(v: SubmissionView) -> dict[str, Any]:
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


def reply_json(r: ReplyView) -> dict[str, Any]:
    base = f"{PREFIX}/sources/{r.source_uuid}"
    return {
        "uuid": r.uuid,
        "size": r.size,
        "sha256": r.sha256,
        "sent_on": r.sent_on.isoformat(),
        "journalist_uuid": r.journalist_uuid,
        "journalist_username": r.journalist_username,
        "source_url": base,
        "url": f"{base}/replies/{r.uuid}",
        "download_url": f"{base}/replies/{r.uuid}/download",
    }


def query_from_args(default_per_page: int) -> SourceQuery:
    order = choice_arg("order", ("asc", "desc"), "desc")
    return SourceQuery(
        status=request.args.get("status") or None,
        label=request.args.get("label") or None,
        assignee=request.args.get("assignee") or None,
        starred=bool_arg("starred"),
        unread=bool_arg("unread"),
        search=request.args.get("q") or None,
        sort=choice_arg("sort", SORTS, "last_activity"),
        descending=order == "desc",
        page=int_arg("page", 1, 1, 10**6),
        per_page=int_arg("per_page", default_per_page, 1, MAX_PER_PAGE),
    )


def register(
    bp: Blueprint, services: Services, token_required: Callable[[Any], Any], stream_blob: Callable[..., Response]
) -> None:
    newsroom = services.newsroom

    def route(rule: str, methods: list[str]) -> Callable[[Any], Any]:
        def decorate(view: Any) -> Any:
            return bp.route(rule, methods=methods)(token_required(view))

        return decorate

    @route("/sources", ["GET"])
    def sources() -> Response:
        query = query_from_args(DEFAULT_PER_PAGE)
        page = newsroom.sources(query)
        kept = {k: request.args[k] for k in QUERY_KEYS if k in request.args}

        def link(number: int) -> str:
            return f"{PREFIX}/sources?{urlencode({**kept, 'page': number, 'per_page': page.per_page})}"

        links = {
            "first": link(1),
            "last": link(page.pages),
            "next": link(page.page + 1) if page.page < page.pages else None,
            "prev": link(page.page - 1) if page.page > 1 else None,
        }
        response = jsonify(
            {
                "sources": [source_json(s) for s in page.rows],
                "page": page.page,
                "per_page": page.per_page,
                "total": page.total,
                "pages": page.pages,
                "links": links,
            }
        )
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
        return response

    @route("/sources/<source_uuid>", ["GET"])
    def source(source_uuid: str) -> Response:
        row = newsroom.source(source_uuid)
        return jsonify({**source_json(row), "note": row.note_ciphertext})

    @route("/sources/<source_uuid>", ["PATCH"])
    def update_source(source_uuid: str) -> Response:
        body = json_body()
        newsroom.source(source_uuid)  # 404 before any change
        actor = g.journalist
        if "status" in body:
            if not isinstance(body["status"], str):
                raise BadJson("status must be a string")
            newsroom.set_status(actor, source_uuid, body["status"], VIA)
        if "labels" in body:
            newsroom.set_labels(actor, source_uuid, uuid_list(body, "labels"), VIA)
        if "assignee_uuid" in body:
            if body["assignee_uuid"] is not None and not isinstance(body["assignee_uuid"], str):
                raise BadJson("assignee_uuid must be a journalist's uuid or null")
            newsroom.assign(actor, source_uuid, body["assignee_uuid"], VIA)
        if "note" in body:
            if not isinstance(body["note"], str):
                raise BadJson("note must be a string (empty clears it)")
            newsroom.set_note(actor, source_uuid, body["note"], VIA)
        if "is_starred" in body:
            if not isinstance(body["is_starred"], bool):
                raise BadJson("is_starred must be true or false")
            newsroom.star(actor, source_uuid, body["is_starred"], VIA)
        row = newsroom.source(source_uuid)
        return jsonify({**source_json(row), "note": row.note_ciphertext})

    @route("/sources/<source_uuid>", ["DELETE"])
    def delete_source(source_uuid: str) -> Response:
        newsroom.delete_source(g.journalist, source_uuid, VIA)
        return jsonify({"message": "Source and all its submissions and replies deleted"})

    @route("/sources/<source_uuid>/conversation", ["DELETE"])
    def delete_conversation(source_uuid: str) -> Response:
        newsroom.delete_conversation(g.journalist, source_uuid, VIA)
        return jsonify({"message": "Submissions and replies deleted"})

    @route("/sources/<source_uuid>/add_star", ["POST"])
    def add_star(source_uuid: str) -> tuple[Response, int]:
        newsroom.star(g.journalist, source_uuid, True, VIA)
        return jsonify({"message": "Star added"}), 201

    @route("/sources/<source_uuid>/remove_star", ["DELETE"])
    def remove_star(source_uuid: str) -> Response:
        newsroom.star(g.journalist, source_uuid, False, VIA)
        return jsonify({"message": "Star removed"})

    @route("/sources/<source_uuid>/download", ["GET"])
    def download_all(source_uuid: str) -> Response:
        designation, chunks = newsroom.download_all(g.journalist, source_uuid, VIA)
        response = Response(stream_with_context(chunks), mimetype="application/zip")
        response.headers["Content-Disposition"] = f'attachment; filename="{designation}.zip"'
        return response

    @route("/sources/<source_uuid>/submissions", ["GET"])
    def submissions(source_uuid: str) -> Response:
        return jsonify({"submissions": [submission_json(v) for v in newsroom.submissions_of(source_uuid)]})

    @route("/sources/<source_uuid>/submissions/<submission_uuid>", ["GET"])
    def submission(source_uuid: str, submission_uuid: str) -> Response:
        for view in newsroom.submissions_of(source_uuid):
            if view.uuid == submission_uuid:
                return jsonify(submission_json(view))
        raise NotFound("submission")

    @route("/sources/<source_uuid>/submissions/<submission_uuid>", ["DELETE"])
    def delete_submission(source_uuid: str, submission_uuid: str) -> Response:
        newsroom.delete_submission(g.journalist, source_uuid, submission_uuid, VIA)
        return jsonify({"message": "Submission deleted"})

    @route("/sources/<source_uuid>/submissions/<submission_uuid>/download", ["GET"])
    def download(source_uuid: str, submission_uuid: str) -> Response:
        blob = newsroom.download(g.journalist, source_uuid, submission_uuid, VIA)
        return stream_blob(blob.blob, blob.size, blob.sha256, f"{submission_uuid}.age")

    @route("/sources/<source_uuid>/batches/<batch_uuid>/manifest", ["GET"])
    def manifest(source_uuid: str, batch_uuid: str) -> Response:
        blob = services.submissions.manifest_blob(source_uuid, batch_uuid)
        return stream_blob(blob.blob, blob.size, blob.sha256, f"{batch_uuid}-manifest.age")

    @route("/sources/<source_uuid>/replies", ["GET"])
    def replies(source_uuid: str) -> Response:
        return jsonify({"replies": [reply_json(r) for r in newsroom.replies_of(source_uuid)]})

    @route("/sources/<source_uuid>/replies", ["POST"])
    def reply(source_uuid: str) -> tuple[Response, int]:
        body = json_body()
        armored, message = body.get("reply"), body.get("message")
        if isinstance(armored, str):
            reply_uuid = newsroom.store_encrypted_reply(g.journalist, source_uuid, armored, VIA)
        elif isinstance(message, str):
            # The server encrypts to the source and the newsroom and keeps no plaintext.
            reply_uuid = newsroom.reply(g.journalist, source_uuid, message, VIA)
        else:
            return error(400, "send reply (an armored age ciphertext) or message (plaintext the server encrypts)")
        return jsonify({"message": "Your reply has been stored", "uuid": reply_uuid}), 201

    @route("/sources/<source_uuid>/replies/<reply_uuid>", ["GET"])
    def reply_detail(source_uuid: str, reply_uuid: str) -> Response:
        return jsonify(reply_json(newsroom.reply_of(source_uuid, reply_uuid)))

    @route("/sources/<source_uuid>/replies/<reply_uuid>", ["DELETE"])
    def delete_reply(source_uuid: str, reply_uuid: str) -> Response:
        newsroom.delete_reply(g.journalist, source_uuid, reply_uuid, VIA)
        return jsonify({"message": "Reply deleted"})

    @route("/sources/<source_uuid>/replies/<reply_uuid>/download", ["GET"])
    def download_reply(source_uuid: str, reply_uuid: str) -> Response:
        found = newsroom.download_reply(g.journalist, source_uuid, reply_uuid, VIA)
        return stream_blob(found.blob, found.size, found.sha256, f"{reply_uuid}.age")

    def paged(key: str, fetch: Callable[[int, int], tuple[list[Any], int]], to_json: Callable[[Any], Any]) -> Response:
        page = int_arg("page", 1, 1, 10**6)
        per_page = int_arg("per_page", MAX_PER_PAGE, 1, MAX_PER_PAGE)
        items, total = fetch(per_page, (page - 1) * per_page)
        pages = max(1, -(-total // per_page))

        def link(number: int) -> str:
            return f"{PREFIX}/{key}?{urlencode({'page': number, 'per_page': per_page})}"

        links = {
            "first": link(1),
            "last": link(pages),
            "next": link(page + 1) if page < pages else None,
            "prev": link(page - 1) if page > 1 else None,
        }
        body = {key: [to_json(item) for item in items], "page": page, "per_page": per_page, "total": total}
        response = jsonify({**body, "pages": pages, "links": links})
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
        return response

    @route("/submissions", ["GET"])
    def all_submissions() -> Response:
        return paged("submissions", newsroom.content.all_submissions, submission_json)

    @route("/replies", ["GET"])
    def all_replies() -> Response:
        return paged("replies", newsroom.content.all_replies, reply_json)

    def mark(is_read: bool) -> Response:
        body = json_body()
        uuids = uuid_list(body, "files") + uuid_list(body, "messages")
        uuid_list(body, "replies")  # accepted for SecureDrop clients; replies have no read flag here
        count = newsroom.set_read(uuids, is_read=is_read)
        return jsonify({"message": f"{count} submission(s) marked {'seen' if is_read else 'unseen'}"})

    @route("/seen", ["POST"])
    def seen() -> Response:
        return mark(True)

    @route("/unseen", ["POST"])
    def unseen() -> Response:
        return mark(False)
