"""The OpenAPI 3.1 document of API v1. A test checks that every route is in it, and schemathesis
checks the running code against it."""

from __future__ import annotations

import copy
from functools import cache

from tipline.newsroom.listing import MAX_PER_PAGE, SORTS
from tipline.web.journalist.openapi_schemas import (
    _BOOL,
    _INT,
    _MESSAGE,
    _STR,
    _UUIDS,
    JSON,
    SCHEMAS,
    Schema,
    _nullable,
    _object,
    _ref,
)

_SOURCE_DETAIL: Schema = {"allOf": [_ref("Source"), _object({"note": _nullable(_STR)})]}
_SOURCE_PAGE = _ref("SourceList")
_NOTE: Schema = _object(
    {
        "uuid": _STR,
        "created_on": {"type": "string", "format": "date"},
        "journalist_uuid": _nullable(_STR),
        "journalist_username": _nullable(_STR),
        "note": _STR,
    }
)
_SEEN_BODY: Schema = {
    "type": "object",
    "properties": {"files": _UUIDS, "messages": _UUIDS, "replies": _UUIDS},
}


def _error(description: str) -> Schema:
    return {"description": description, "content": {JSON: {"schema": _ref("Error")}}}


def _ok(schema: Schema, status: str = "200", description: str = "OK") -> dict[str, Schema]:
    return {status: {"description": description, "content": {JSON: {"schema": schema}}}}


_BINARY = {"200": {"description": "ciphertext", "content": {"application/octet-stream": {"schema": {}}}}}
_ZIP = {"200": {"description": "ZIP of ciphertexts", "content": {"application/zip": {"schema": {}}}}}


def _op(
    summary: str,
    responses: dict[str, Schema],
    *,
    auth: str = "token",
    body: Schema | None = None,
    params: list[Schema] | None = None,
) -> Schema:
    operation: Schema = {"summary": summary, "responses": dict(responses)}
    # Any operation may meet an outage: the database or Redis unreachable (retry after the
    # Retry-After header), or no room left to store (until an administrator frees space).
    operation["responses"]["503"] = _error("the database or shared state is unreachable; nothing was changed")
    operation["responses"]["507"] = _error("the server has no room left; nothing was stored")
    if auth != "none":
        operation["security"] = [{"token": []}]
        # 403, as SecureDrop: its clients read it as "log in again".
        operation["responses"]["403"] = _error(
            "no valid token" if auth == "token" else "no valid token, or not an admin"
        )
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
        operation["responses"]["400"] = _error("invalid request body")
    if params:
        operation["parameters"] = params
        operation["responses"].setdefault("400", _error("invalid parameter"))
    return operation


def _path_params(path: str) -> list[Schema]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": name, "in": "path", "required": True, "schema": _STR} for name in names]


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_SINCE = _query(
    "since",
    {"type": "integer", "minimum": 0, "maximum": 2**62},
    "a cursor from a previous response: list only what changed after it, in the order of the changes "
    "(per_page at a time, default the maximum; follow links.next). Stamps are handed out in commit order, "
    "so a sync from the cursor never skips a change. Deletions are listed in `deleted` (the SHA-256 of the "
    "uuid and the stamp only), "
    "in the same order; they are kept 30 days: an older cursor is answered 410, and the client syncs again "
    "from since=0.",
)
_GONE = {"410": _error("since: a cursor older than the deletions kept (30 days); sync again from since=0")}
_PAGE = _query("page", {"type": "integer", "minimum": 1, "maximum": 10**6}, "page number, from 1 (not with since)")
_LIST_PARAMS = [
    _PAGE,
    _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "sources per page (default 100); without page, per_page and since: every source",
    ),
    _SINCE,
    _query("status", _STR, "only sources with this case status"),
    _query("label", _STR, "only sources with this label"),
    _query("assignee", _STR, "a journalist's uuid, or 'none' for unassigned sources"),
    _query("starred", {"type": "string", "enum": ["true", "false"]}, "only starred (true) or unstarred (false)"),
    _query("unread", {"type": "string", "enum": ["true", "false"]}, "only sources with (true) or without unread"),
    _query("q", _STR, "part of the designation"),
    _query("sort", {"type": "string", "enum": list(SORTS)}, "sort key (default last_activity; with since: changes)"),
    _query("order", {"type": "string", "enum": ["asc", "desc"]}, "sort order (default desc)"),
]
_AUDIT_PARAMS = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": 10**6}, "page number, from 1"),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 500}, "entries per page (default 50)"),
]
_PATCH_BODY: Schema = {
    "type": "object",
    "properties": {
        "status": _STR,
        "labels": {"type": "array", "items": _STR},
        "assignee_uuid": _nullable(_STR),
        "note": _STR,
        "is_starred": _BOOL,
    },
}
_NOT_FOUND = {"404": _error("no such object")}
_QUESTION_BODY: Schema = {
    "type": "object",
    "properties": {
        "text": _STR,
        "kind": {"type": "string", "enum": ["text", "choice", "yesno", "date"]},
        "required": _BOOL,
        "choices": {"type": "array", "items": _STR},
        "order": {"type": "integer", "minimum": 1},
    },
    "required": ["text", "kind"],
}
_QUESTIONNAIRE_BODY: Schema = {
    "type": "object",
    "properties": {"questions": {"type": "array", "items": _QUESTION_BODY, "maxItems": 20}},
    "required": ["questions"],
}

_PAGE_PARAMS = [
    _PAGE,
    _query(
        "per_page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "items per page (default 1000); without page, per_page and since: every item",
    ),
    _SINCE,
]


def _paths() -> dict[str, dict[str, Schema]]:
    msg = _ok(_ref("Message"))
    journalist = _ok(_ref("Journalist"))
    keys = _ok(_object({"security_keys": {"type": "array", "items": _ref("SecurityKey")}}))
    removed = _ok(_object({"message": _STR, "security_key": _ref("SecurityKey")}))
    questionnaire = _ok(_ref("Questionnaire"))
    paths: dict[str, dict[str, Schema]] = {
        "/": {"get": _op("Entry points and the newsroom's recipient", _ok({"type": "object"}), auth="none")},
        "/openapi.json": {"get": _op("This document", _ok({"type": "object"}), auth="none")},
        "/token": {
            "post": _op(
                "Log in with username, passphrase and TOTP code; get a token",
                {
                    **_ok(_ref("Token")),
                    "403": _error("authentication failed"),
                    "429": _error("too many failed logins"),
                },
                auth="none",
                body=_object({"username": _STR, "passphrase": _STR, "one_time_code": _STR}),
            )
        },
        "/user": {"get": _op("The current journalist", _ok(_ref("User")))},
        "/users": {"get": _op("Active journalists", _ok(_object({"users": {"type": "array", "items": _ref("User")}})))},
        "/logout": {"post": _op("Revoke the token", msg)},
        "/sources": {
            "get": _op("Sources, filtered, sorted and paginated", {**_ok(_SOURCE_PAGE), **_GONE}, params=_LIST_PARAMS)
        },
        "/sources/{source_uuid}": {
            "get": _op("One source", {**_ok(_SOURCE_DETAIL), **_NOT_FOUND}),
            "patch": _op("Change case fields", {**_ok(_SOURCE_DETAIL), **_NOT_FOUND}, body=_PATCH_BODY),
            "delete": _op("Delete the source and everything it sent", {**msg, **_NOT_FOUND}),
        },
        "/sources/{source_uuid}/conversation": {
            "delete": _op("Delete all submissions and replies, keep the source", {**msg, **_NOT_FOUND})
        },
        "/sources/{source_uuid}/notes": {
            "get": _op(
                "Journalists' dated notes, oldest first (each armored age ciphertext to the newsroom)",
                {**_ok(_object({"notes": {"type": "array", "items": _NOTE}})), **_NOT_FOUND},
            ),
            "post": _op(
                "Add a note, encrypted at once; earlier notes are never changed",
                {**_ok(_NOTE, "201"), "400": _error("empty or too long"), **_NOT_FOUND},
                body=_object({"note": _STR}),
            ),
        },
        "/sources/{source_uuid}/flag": {
            "post": _op("SecureDrop's flag: nothing to do, every source can be replied to", {**msg, **_NOT_FOUND})
        },
        "/sources/{source_uuid}/add_star": {"post": _op("Star", {**_ok(_MESSAGE, "201"), **_NOT_FOUND})},
        "/sources/{source_uuid}/remove_star": {"delete": _op("Unstar", {**msg, **_NOT_FOUND})},
        "/sources/{source_uuid}/download": {"get": _op("All ciphertexts as a ZIP", {**_ZIP, **_NOT_FOUND})},
        "/sources/{source_uuid}/submissions": {
            "get": _op(
                "The source's submissions",
                {**_ok(_object({"submissions": {"type": "array", "items": _ref("Submission")}})), **_NOT_FOUND},
            )
        },
        "/sources/{source_uuid}/submissions/{submission_uuid}": {
            "get": _op("One submission", {**_ok(_ref("Submission")), **_NOT_FOUND}),
            "delete": _op("Delete a submission (row and blob)", {**msg, **_NOT_FOUND}),
        },
        "/sources/{source_uuid}/submissions/{submission_uuid}/download": {
            "get": _op("The submission's ciphertext", {**_BINARY, **_NOT_FOUND})
        },
        "/sources/{source_uuid}/batches/{batch_uuid}/manifest": {
            "get": _op("A batch's encrypted manifest", {**_BINARY, **_NOT_FOUND})
        },
        "/sources/{source_uuid}/replies": {
            "get": _op(
                "Replies to the source",
                {**_ok(_object({"replies": {"type": "array", "items": _ref("Reply")}})), **_NOT_FOUND},
            ),
            "post": _op(
                "Reply: an armored age ciphertext, or a message the server encrypts",
                {
                    **_ok(_object({"message": _STR, "uuid": _STR, "filename": _STR}), "201"),
                    **_NOT_FOUND,
                    "409": _error("the uuid is already in use"),
                },
                body={
                    "type": "object",
                    "properties": {"reply": _STR, "message": _STR, "uuid": {"type": "string", "format": "uuid"}},
                },
            ),
        },
        "/sources/{source_uuid}/replies/{reply_uuid}": {
            "get": _op("One reply", {**_ok(_ref("Reply")), **_NOT_FOUND}),
            "delete": _op("Delete a reply", {**msg, **_NOT_FOUND}),
        },
        "/sources/{source_uuid}/replies/{reply_uuid}/download": {
            "get": _op("The reply's ciphertext", {**_BINARY, **_NOT_FOUND})
        },
        "/submissions": {
            "get": _op(
                "Every submission, oldest first; a page of them; or a sync (since)",
                {**_ok(_ref("SubmissionList")), **_GONE},
                params=_PAGE_PARAMS,
            )
        },
        "/replies": {
            "get": _op(
                "Every reply, oldest first; a page of them; or a sync (since)",
                {**_ok(_ref("ReplyList")), **_GONE},
                params=_PAGE_PARAMS,
            )
        },
        "/seen": {
            "post": _op(
                "Mark submissions and replies seen by this journalist (all must exist, or nothing is marked)",
                {**msg, "404": _error("a file, message or reply does not exist")},
                body=_SEEN_BODY,
            )
        },
        "/unseen": {"post": _op("Mark submissions unseen by this journalist", msg, body=_SEEN_BODY)},
        "/journalists": {
            "get": _op(
                "The team", _ok(_object({"journalists": {"type": "array", "items": _ref("Journalist")}})), auth="admin"
            ),
            "post": _op(
                "Add a journalist; passphrase and TOTP secret are shown once",
                _ok(
                    {
                        "allOf": [
                            _ref("Journalist"),
                            _object({"passphrase": _STR, "totp_secret": _STR, "totp_uri": _STR}),
                        ]
                    },
                    "201",
                ),
                auth="admin",
                body={"type": "object", "properties": {"username": _STR, "is_admin": _BOOL}, "required": ["username"]},
            ),
        },
        "/journalists/{journalist_uuid}": {"get": _op("One journalist", {**journalist, **_NOT_FOUND}, auth="admin")},
        "/journalists/{journalist_uuid}/deactivate": {
            "post": _op("Deactivate; revokes tokens and sessions at once", {**journalist, **_NOT_FOUND}, auth="admin")
        },
        "/journalists/{journalist_uuid}/activate": {
            "post": _op("Reactivate", {**journalist, **_NOT_FOUND}, auth="admin")
        },
        "/journalists/{journalist_uuid}/reset-passphrase": {
            "post": _op(
                "New passphrase (shown once)",
                {**_ok(_object({"uuid": _STR, "passphrase": _STR})), **_NOT_FOUND},
                auth="admin",
            )
        },
        "/journalists/{journalist_uuid}/reset-2fa": {
            "post": _op(
                "New TOTP secret (shown once)",
                {**_ok(_object({"uuid": _STR, "totp_secret": _STR, "totp_uri": _STR})), **_NOT_FOUND},
                auth="admin",
            )
        },
        "/journalists/{journalist_uuid}/recipient": {
            "put": _op(
                "Set or clear the journalist's own age recipient",
                {**journalist, **_NOT_FOUND},
                auth="admin",
                body={"type": "object", "properties": {"recipient": _nullable(_STR)}},
            )
        },
        "/journalists/{journalist_uuid}/role": {
            "put": _op(
                "admin or journalist",
                {**journalist, **_NOT_FOUND},
                auth="admin",
                body=_object({"is_admin": _BOOL}),
            )
        },
        "/security-keys": {"get": _op("The token's journalist's security keys", keys)},
        "/security-keys/{key_id}": {
            "delete": _op("Remove one of the token's journalist's security keys (audited)", {**removed, **_NOT_FOUND})
        },
        "/journalists/{journalist_uuid}/security-keys": {
            "get": _op("A journalist's security keys", {**keys, **_NOT_FOUND}, auth="admin")
        },
        "/journalists/{journalist_uuid}/security-keys/{key_id}": {
            "delete": _op("Remove a journalist's security key (audited)", {**removed, **_NOT_FOUND}, auth="admin")
        },
        "/questionnaires": {
            "get": _op(
                "The questionnaire of every source language",
                _ok(_object({"questionnaires": {"type": "array", "items": _ref("Questionnaire")}})),
            )
        },
        "/questionnaires/{language}": {
            "get": _op("The questionnaire shown to sources reading this language", {**questionnaire, **_NOT_FOUND}),
            "put": _op(
                "Replace the questions. Checked strictly: a 400 lists every problem in `problems` "
                "([{question, code, message}]) and saves nothing. Never ask for anything that identifies the source",
                {**questionnaire, **_NOT_FOUND},
                auth="admin",
                body=_QUESTIONNAIRE_BODY,
            ),
            "delete": _op("Go back to the questionnaire Tipline ships", {**questionnaire, **_NOT_FOUND}, auth="admin"),
        },
        "/audit": {
            "get": _op(
                "The audit log, newest first",
                _ok(
                    _object(
                        {
                            "entries": {"type": "array", "items": _ref("AuditEntry")},
                            "page": _INT,
                            "per_page": _INT,
                            "total": _INT,
                        }
                    )
                ),
                auth="admin",
                params=_AUDIT_PARAMS,
            )
        },
    }
    for path, operations in paths.items():
        for operation in operations.values():
            path_params = _path_params(path)
            if path_params:
                operation["parameters"] = path_params + operation.get("parameters", [])
    return paths


@cache
def _document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tipline journalist API",
            "version": "1",
            "description": "Shaped like SecureDrop's Journalist API v1, plus case fields. Errors are JSON.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "Token <token>, from POST /token",
                }
            },
        },
    }


def openapi_document() -> Schema:
    return copy.deepcopy(_document())
