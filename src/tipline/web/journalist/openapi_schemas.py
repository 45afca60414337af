"""Components of the OpenAPI document: small schema builders and the object schemas."""

from __future__ import annotations

from typing import Any

from tipline.contract.codec import json_schema
from tipline.contract.records import RECORDS

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


def _record_ref(record: type) -> Schema:
    return _ref(_RECORD_NAMES[record])


_RECORD_NAMES = {record: name for name, record in RECORDS.items()}

# The records' schemas are generated from tipline.contract.records, their one definition.
SCHEMAS: dict[str, Schema] = {
    "Error": _object({"error": _STR, "message": _STR}),
    "Message": _MESSAGE,
    **{name: json_schema(record, _record_ref) for name, record in RECORDS.items()},
    # Only a name and the day it was added: never the credential or its public key.
    "SecurityKey": _object({"id": _INT, "name": _STR, "created_on": _DATE}),
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
