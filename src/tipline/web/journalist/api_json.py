"""JSON helpers shared by the API modules: errors, bodies, query parameters."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, jsonify, request

from tipline.errors import BadJson

PREFIX = "/api/v1"

_STATUS_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Payload Too Large",
    410: "Gone",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
    507: "Insufficient Storage",
}


def error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": _STATUS_NAMES.get(status, "Error"), "message": message}), status


def json_body() -> dict[str, Any]:
    """The body as a JSON object. Without a Content-Type it is read as JSON all the same, as
    SecureDrop does (its SDK sends none); a body declared as anything but JSON is refused."""
    mimetype = request.mimetype
    if mimetype and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise BadJson("the request body must be a JSON object")
    try:
        body = json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        body = None
    except RecursionError:  # nested deeper than the parser goes ("[" × 100,000): not a 500
        raise BadJson("the request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise BadJson("the request body must be a JSON object")
    return body


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadJson(f"{name} must be an integer") from None
    if not low <= value <= high:
        raise BadJson(f"{name} must be between {low} and {high}")
    return value


def bool_arg(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw.lower() in ("true", "1", "yes"):
        return True
    if raw.lower() in ("false", "0", "no"):
        return False
    raise BadJson(f"{name} must be true or false")


def choice_arg(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = request.args.get(name, default)
    if raw not in choices:
        raise BadJson(f"{name} must be one of: {', '.join(choices)}")
    return raw


def uuid_list(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BadJson(f"{key} must be a list of strings")
    return list(value)
