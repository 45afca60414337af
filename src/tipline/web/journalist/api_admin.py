"""API v1 for admins: the team and the audit log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g, jsonify

from tipline.audit.service import AuditRecord
from tipline.contract.codec import to_json
from tipline.contract.records import JournalistRecord
from tipline.errors import BadJson
from tipline.journalists.records import JournalistView
from tipline.portals import NewsroomDesk
from tipline.web.journalist.api_json import PREFIX, int_arg, json_body

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


def register(bp: Blueprint, services: NewsroomDesk, admin_required: Callable[[Any], Any]) -> None:
    newsroom = services.newsroom

    def route(rule: str, methods: list[str]) -> Callable[[Any], Any]:
        def decorate(view: Any) -> Any:
            return bp.route(rule, methods=methods)(admin_required(view))

        return decorate

    @route("/journalists", ["GET"])
    def journalists() -> Response:
        return jsonify({"journalists": [journalist_json(j) for j in services.journalists.list_all()]})

    @route("/journalists", ["POST"])
    def add() -> tuple[Response, int]:
        body = json_body()
        username, is_admin = body.get("username"), body.get("is_admin", False)
        if not isinstance(username, str) or not isinstance(is_admin, bool):
            raise BadJson("username (string) is required; is_admin is true or false")
        created = newsroom.add_journalist(g.journalist, username, is_admin=is_admin, via=VIA)
        # Shown once: the passphrase and TOTP secret are stored only as a hash and a secret.
        return jsonify(
            {
                **journalist_json(services.journalists.get(created.uuid)),
                "passphrase": created.passphrase,
                "totp_secret": created.totp_secret,
                "totp_uri": created.totp_uri,
            }
        ), 201

    @route("/journalists/<journalist_uuid>", ["GET"])
    def journalist(journalist_uuid: str) -> Response:
        return jsonify(journalist_json(services.journalists.get(journalist_uuid)))

    @route("/journalists/<journalist_uuid>/deactivate", ["POST"])
    def deactivate(journalist_uuid: str) -> Response:
        return jsonify(journalist_json(newsroom.deactivate(g.journalist, journalist_uuid, VIA)))

    @route("/journalists/<journalist_uuid>/activate", ["POST"])
    def activate(journalist_uuid: str) -> Response:
        return jsonify(journalist_json(newsroom.activate(g.journalist, journalist_uuid, VIA)))

    @route("/journalists/<journalist_uuid>/reset-passphrase", ["POST"])
    def reset_passphrase(journalist_uuid: str) -> Response:
        passphrase = newsroom.reset_passphrase(g.journalist, journalist_uuid, VIA)
        return jsonify({"uuid": journalist_uuid, "passphrase": passphrase})

    @route("/journalists/<journalist_uuid>/reset-2fa", ["POST"])
    def reset_2fa(journalist_uuid: str) -> Response:
        second = newsroom.reset_totp(g.journalist, journalist_uuid, VIA)
        return jsonify({"uuid": journalist_uuid, "totp_secret": second.totp_secret, "totp_uri": second.totp_uri})

    @route("/journalists/<journalist_uuid>/recipient", ["PUT"])
    def recipient(journalist_uuid: str) -> Response:
        value = json_body().get("recipient")
        if value is not None and not isinstance(value, str):
            raise BadJson("recipient must be an age recipient (age1…) or null")
        return jsonify(journalist_json(newsroom.set_recipient(g.journalist, journalist_uuid, value, VIA)))

    @route("/journalists/<journalist_uuid>/role", ["PUT"])
    def role(journalist_uuid: str) -> Response:
        value = json_body().get("is_admin")
        if not isinstance(value, bool):
            raise BadJson("is_admin must be true or false")
        return jsonify(journalist_json(newsroom.set_role(g.journalist, journalist_uuid, is_admin=value, via=VIA)))

    @route("/audit", ["GET"])
    def audit() -> Response:
        page = newsroom.audit_page(g.journalist, int_arg("page", 1, 1, 10**6), int_arg("per_page", 50, 1, 500))
        return jsonify(
            {
                "entries": [audit_json(e) for e in page.entries],
                "page": page.page,
                "per_page": page.per_page,
                "total": page.total,
            }
        )
