"""Components of the OpenAPI document: small schema builders and the object schemas."""

from __future__ import annotations

from typing import Any

JSON = "application/json"
Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Schema], required: list[str] | None = None) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


_STR: Schema = {"type": "string"}
_INT: Schema = {"type": "integer"}
_BOOL: Schema = {"type": "boolean"}
_DATE: Schema = {"type": "string", "format": "date"}
_UUIDS: Schema = {"type": "array", "items": _STR}
_MESSAGE = _object({"message": _STR})

SCHEMAS: dict[str, Schema] = {
    "Error": _object({"error": _STR, "message": _STR}),
    "Message": _MESSAGE,
    "Source": _object(
        {
            "uuid": _STR,
            "journalist_designation": _STR,
            "key": _STR,
            "number_of_submissions": _INT,
            "number_of_unread": _INT,
            "number_of_replies": _INT,
            "created_on": _DATE,
            "last_updated": _DATE,
            "url": _STR,
            "submissions_url": _STR,
            "replies_url": _STR,
            "add_star_url": _STR,
            "remove_star_url": _STR,
            "download_url": _STR,
            "is_starred": _BOOL,
            "status": _STR,
            "labels": {"type": "array", "items": _STR},
            "assigned_to": _nullable(_object({"uuid": _STR, "username": _STR})),
            "has_note": _BOOL,
        }
    ),
    "Submission": _object(
        {
            "uuid": _STR,
            "kind": {"type": "string", "enum": ["message", "file"]},
            "size": _INT,
            "sha256": _STR,
            "is_read": _BOOL,
            "received_on": _DATE,
            "batch_uuid": _STR,
            "manifest_url": _STR,
            "download_url": _STR,
            "source_url": _STR,
            "url": _STR,
        }
    ),
    "Reply": _object(
        {
            "uuid": _STR,
            "size": _INT,
            "sha256": _STR,
            "sent_on": _DATE,
            "journalist_uuid": _nullable(_STR),
            "journalist_username": _nullable(_STR),
            "source_url": _STR,
            "url": _STR,
            "download_url": _STR,
        }
    ),
    # Only a name and the day it was added: never the credential or its public key.
    "SecurityKey": _object({"id": _INT, "name": _STR, "created_on": _DATE}),
    "Journalist": _object(
        {
            "uuid": _STR,
            "username": _STR,
            "is_admin": _BOOL,
            "is_active": _BOOL,
            "age_recipient": _nullable(_STR),
            "url": _STR,
        }
    ),
    "AuditEntry": _object(
        {
            "id": _INT,
            "occurred_at": {"type": "string", "format": "date-time"},
            "actor": _STR,
            "action": _STR,
            "source_designation": _nullable(_STR),
            "target_journalist": _nullable(_STR),
            "detail": _STR,
            "via": _STR,
        }
    ),
}
