"""API v1: sources, stars and case fields."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Response, g, jsonify, request, stream_with_context

from tipline.cases.service import NoteView
from tipline.contract.codec import to_json
from tipline.contract.records import SourceList
from tipline.errors import BadJson
from tipline.newsroom.listing import SORTS, SourceQuery, SourceRow
from tipline.newsroom.service import CaseChange
from tipline.web.journalist.api_access import route
from tipline.web.journalist.api_json import bool_arg, choice_arg, json_body, uuid_list
from tipline.web.journalist.api_lists import ListArgs, deleted_since, list_args, list_response, whole_list_response
from tipline.web.journalist.api_records import source_record, source_text
from tipline.web.journalist.filters import source_filters
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"
DEFAULT_PER_PAGE = 100
QUERY_KEYS = ("status", "label", "assignee", "starred", "unread", "q", "sort", "order")


def source_json(s: SourceRow) -> dict[str, Any]:
    result: dict[str, Any] = to_json(source_record(s))
    return result


def note_json(note: NoteView) -> dict[str, Any]:
    return {
        "uuid": note.uuid,
        "created_on": note.created_on.isoformat(),
        "journalist_uuid": note.journalist_uuid,
        "journalist_username": note.journalist_username,
        "note": note.ciphertext,
    }


def query_from_args(args: ListArgs) -> SourceQuery:
    order = choice_arg("order", ("asc", "desc"), "desc")
    return dataclasses.replace(
        source_filters(bool_arg),
        sort=choice_arg("sort", SORTS, "last_activity"),
        descending=order == "desc",
        page=args.page,
        per_page=args.per_page,
        since=args.since,
    )


@route("/sources", ["GET"])
def sources() -> Response:
    args = list_args(DEFAULT_PER_PAGE)
    cursor = newsroom_desk().newsroom.content.cursor()
    kept = {k: request.args[k] for k in QUERY_KEYS if k in request.args}
    upto = cursor if args.since is not None else None  # a sync page: tombstones are cut there too
    query = dataclasses.replace(query_from_args(args), viewer=g.journalist.id, upto=upto)
    if args.per_page is None and args.since is None:
        # SecureDrop's whole list, streamed from the database as it is sent.
        rows = newsroom_desk().newsroom.all_sources(query)  # the query runs now: a failure is still a 500

        texts = map(source_text, rows)
        return whole_list_response(
            SourceList, "sources", path="sources", kept=kept, texts=texts, cursor=cursor, close=rows.close
        )
    deleted = deleted_since(newsroom_desk().newsroom.content, "source", args)
    page = newsroom_desk().newsroom.sources(query)
    return list_response(
        SourceList,
        "sources",
        path="sources",
        kept=kept,
        args=args,
        items=[source_record(row) for row in page.rows],
        total=page.total,
        cursor_before=cursor,
        deleted=deleted,
    )


@route("/sources/<source_uuid>", ["GET"])
def source(source_uuid: str) -> Response:
    row = newsroom_desk().newsroom.source(source_uuid, g.journalist.id)
    return jsonify({**source_json(row), "note": row.note_ciphertext})


@route("/sources/<source_uuid>", ["PATCH"])
def update_source(source_uuid: str) -> Response:
    body = json_body()
    newsroom_desk().newsroom.source(source_uuid)  # 404 before any change
    # Every field is checked first and all are written in one transaction, or none
    # (a 400 for the labels leaves the status as it was too).
    if "status" in body and not isinstance(body["status"], str):
        raise BadJson("status must be a string")
    labels = uuid_list(body, "labels") if "labels" in body else None
    if body.get("assignee_uuid") is not None and not isinstance(body["assignee_uuid"], str):
        raise BadJson("assignee_uuid must be a journalist's uuid or null")
    if "note" in body and not isinstance(body["note"], str):
        raise BadJson("note must be a string (empty clears it)")
    if "is_starred" in body and not isinstance(body["is_starred"], bool):
        raise BadJson("is_starred must be true or false")
    change = CaseChange(
        status=body.get("status"),
        labels=labels,
        assign="assignee_uuid" in body,
        assignee_uuid=body.get("assignee_uuid"),
        note=body.get("note"),
        starred=body.get("is_starred"),
    )
    newsroom_desk().newsroom.update_case(g.journalist, source_uuid, change, VIA)
    row = newsroom_desk().newsroom.source(source_uuid, g.journalist.id)
    return jsonify({**source_json(row), "note": row.note_ciphertext})


@route("/sources/<source_uuid>/notes", ["GET"])
def notes(source_uuid: str) -> Response:
    """The journalists' dated notes, oldest first; each text is armored age ciphertext."""
    return jsonify({"notes": [note_json(n) for n in newsroom_desk().newsroom.notes_of(source_uuid)]})


@route("/sources/<source_uuid>/notes", ["POST"])
def add_note(source_uuid: str) -> tuple[Response, int]:
    body = json_body()
    if not isinstance(body.get("note"), str):
        raise BadJson("note must be a string")
    note_uuid = newsroom_desk().newsroom.add_note(g.journalist, source_uuid, body["note"], VIA)
    (added,) = newsroom_desk().newsroom.notes_of(source_uuid, note_uuid)
    return jsonify(note_json(added)), 201


@route("/sources/<source_uuid>", ["DELETE"])
def delete_source(source_uuid: str) -> Response:
    newsroom_desk().newsroom.delete_source(g.journalist, source_uuid, VIA)
    return jsonify({"message": "Source and submissions deleted"})  # SecureDrop's words: clients match them


@route("/sources/<source_uuid>/conversation", ["DELETE"])
def delete_conversation(source_uuid: str) -> Response:
    newsroom_desk().newsroom.delete_conversation(g.journalist, source_uuid, VIA)
    return jsonify({"message": "Source data deleted"})  # SecureDrop's words


@route("/sources/<source_uuid>/add_star", ["POST"])
def add_star(source_uuid: str) -> tuple[Response, int]:
    newsroom_desk().newsroom.star(g.journalist, source_uuid, True, VIA)
    return jsonify({"message": "Star added"}), 201


@route("/sources/<source_uuid>/flag", ["POST"])
def flag(source_uuid: str) -> Response:
    newsroom_desk().newsroom.source(source_uuid)  # 404 for an unknown source
    # SecureDrop's route: flags are gone there too, every source can be replied to.
    return jsonify({"message": "Sources no longer need to be flagged for reply"})


@route("/sources/<source_uuid>/remove_star", ["DELETE"])
def remove_star(source_uuid: str) -> Response:
    newsroom_desk().newsroom.star(g.journalist, source_uuid, False, VIA)
    return jsonify({"message": "Star removed"})


@route("/sources/<source_uuid>/download", ["GET"])
def download_all(source_uuid: str) -> Response:
    designation, chunks = newsroom_desk().newsroom.download_all(g.journalist, source_uuid, VIA)
    response = Response(stream_with_context(chunks), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{designation}.zip"'
    return response
