"""API v1 for admins: the team and the audit log."""

from __future__ import annotations

from typing import Any

from flask import Response, g, jsonify

from tipline.audit.service import AuditRecord
from tipline.contract.codec import to_json
from tipline.contract.records import JournalistRecord
from tipline.errors import BadJson
from tipline.journalists.records import JournalistView
from tipline.web.journalist.api_access import admin_route
from tipline.web.journalist.api_json import PREFIX, int_arg, json_body
from tipline.web.journalist.portal import newsroom_desk

VIA = "api"


def journalist_json(j: JournalistView) -> dict[str, Any]:
    record = JournalistRecord(
        uuid=j.uuid,
        username=j.username,
        is_admin=j.is_admin,
        is_active=j.is_active,
        age_recipient=j.age_recipient,
        url=f"{PREFIX}/journalists/{j.uuid}",
    )
    result: dict[str, Any] = to_json(record)
    return result


def audit_json(e: AuditRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "occurred_at": e.occurred_at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "source_designation": e.source_designation,
        "target_journalist": e.target_journalist,
        "detail": e.detail,
        "via": e.via,
    }


@admin_route("/journalists", ["GET"])
def journalists() -> Response:
    return jsonify({"journalists": [journalist_json(j) for j in newsroom_desk().journalists.list_all()]})


@admin_route("/journalists", ["POST"])
def add() -> tuple[Response, int]:
    body = json_body()
    username, is_admin = body.get("username"), body.get("is_admin", False)
    if not isinstance(username, str) or not isinstance(is_admin, bool):
        raise BadJson("username (string) is required; is_admin is true or false")
    created = newsroom_desk().newsroom.add_journalist(g.journalist, username, is_admin=is_admin, via=VIA)
    # Shown once: the passphrase and TOTP secret are stored only as a hash and a secret.
    return jsonify(
        {
            **journalist_json(newsroom_desk().journalists.get(created.uuid)),
            "passphrase": created.passphrase,
            "totp_secret": created.totp_secret,
            "totp_uri": created.totp_uri,
        }
    ), 201


@admin_route("/journalists/<journalist_uuid>", ["GET"])
def journalist(journalist_uuid: str) -> Response:
    return jsonify(journalist_json(newsroom_desk().journalists.get(journalist_uuid)))


@admin_route("/journalists/<journalist_uuid>/deactivate", ["POST"])
def deactivate(journalist_uuid: str) -> Response:
    return jsonify(journalist_json(newsroom_desk().newsroom.deactivate(g.journalist, journalist_uuid, VIA)))


@admin_route("/journalists/<journalist_uuid>/activate", ["POST"])
def activate(journalist_uuid: str) -> Response:
    return jsonify(journalist_json(newsroom_desk().newsroom.activate(g.journalist, journalist_uuid, VIA)))


@admin_route("/journalists/<journalist_uuid>/reset-passphrase", ["POST"])
def reset_passphrase(journalist_uuid: str) -> Response:
    passphrase = newsroom_desk().newsroom.reset_passphrase(g.journalist, journalist_uuid, VIA)
    return jsonify({"uuid": journalist_uuid, "passphrase": passphrase})


@admin_route("/journalists/<journalist_uuid>/reset-2fa", ["POST"])
def reset_2fa(journalist_uuid: str) -> Response:
    second = newsroom_desk().newsroom.reset_totp(g.journalist, journalist_uuid, VIA)
    return jsonify({"uuid": journalist_uuid, "totp_secret": second.totp_secret, "totp_uri": second.totp_uri})


@admin_route("/journalists/<journalist_uuid>/recipient", ["PUT"])
def recipient(journalist_uuid: str) -> Response:
    value = json_body().get("recipient")
    if value is not None and not isinstance(value, str):
        raise BadJson("recipient must be an age recipient (age1…) or null")
    return jsonify(journalist_json(newsroom_desk().newsroom.set_recipient(g.journalist, journalist_uuid, value, VIA)))


@admin_route("/journalists/<journalist_uuid>/role", ["PUT"])
def role(journalist_uuid: str) -> Response:
    value = json_body().get("is_admin")
    if not isinstance(value, bool):
        raise BadJson("is_admin must be true or false")
    return jsonify(
        journalist_json(newsroom_desk().newsroom.set_role(g.journalist, journalist_uuid, is_admin=value, via=VIA))
    )


@admin_route("/audit", ["GET"])
def audit() -> Response:
    page = newsroom_desk().newsroom.audit_page(
        g.journalist, int_arg("page", 1, 1, 10**6), int_arg("per_page", 50, 1, 500)
    )
    return jsonify(
        {
            "entries": [audit_json(e) for e in page.entries],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
        }
    )
