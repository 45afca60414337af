"""Admin pages: the team (add, deactivate, resets, recipient, role, security keys) and the audit log."""

from __future__ import annotations

import segno
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from tipline.errors import JournalistError
from tipline.web.journalist.auth import admin_required
from tipline.web.journalist.forms import AddJournalistForm, ConfirmForm, FirstCodeForm, RecipientForm
from tipline.web.journalist.keys import key_removal
from tipline.web.journalist.names import explained
from tipline.web.journalist.portal import newsroom_desk

VIA = "web"


def totp_qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code, drawn here: no outside service, no script,
    no style attribute (the CSP allows neither inline script nor inline style)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff", omitsize=False)
    return Markup(svg)  # noqa: S704 — segno's own markup of a URI built from a checked username


bp = Blueprint("admin", __name__, url_prefix="/admin")


def team_page(status: int = 200, **shown: object) -> tuple[str, int]:
    return render_template(
        "admin.html",
        team=newsroom_desk().journalists.list_all(),
        add_form=AddJournalistForm(formdata=None),
        recipient_form=RecipientForm(formdata=None),
        confirm=ConfirmForm(),
        **shown,
    ), status


def enrolment(journalist_uuid: str, uri: str) -> dict[str, object]:
    """What the first-code form needs: where it posts, and the QR code to scan."""
    return {"journalist_uuid": journalist_uuid, "qr": totp_qr_svg(uri), "form": FirstCodeForm(formdata=None)}


@bp.get("/")
@admin_required
def team() -> tuple[str, int]:
    return team_page()


@bp.post("/journalists")
@admin_required
def add() -> tuple[str, int] | Response:
    form = AddJournalistForm()
    if not form.validate_on_submit():
        return redirect(url_for(".team"))
    try:
        created = newsroom_desk().newsroom.add_journalist(
            g.journalist, form.username.data.strip(), is_admin=form.is_admin.data, via=VIA, confirm_first=True
        )
    except JournalistError as error:
        flash(_("That was not done: %(reason)s", reason=explained(error)), "error")
        return redirect(url_for(".team"))
    # Shown once, on this response only; never stored readable or put in the session.
    return team_page(
        201,
        credentials={
            "username": created.username,
            "passphrase": created.passphrase,
            "totp_secret": created.totp_secret,
            "totp_uri": created.totp_uri,
        },
        enrolment=enrolment(created.uuid, created.totp_uri),
    )


@bp.post("/journalists/<journalist_uuid>/<action>")
@admin_required
def act(journalist_uuid: str, action: str) -> tuple[str, int] | Response:
    try:
        if action == "deactivate":
            view = newsroom_desk().newsroom.deactivate(g.journalist, journalist_uuid, VIA)
            flash(_("%(name)s is deactivated; their sessions and tokens are revoked.", name=view.username), "success")
        elif action == "activate":
            view = newsroom_desk().newsroom.activate(g.journalist, journalist_uuid, VIA)
            flash(_("%(name)s is active again.", name=view.username), "success")
        elif action in ("make-admin", "make-journalist"):
            view = newsroom_desk().newsroom.set_role(
                g.journalist, journalist_uuid, is_admin=action == "make-admin", via=VIA
            )
            flash(_("%(name)s's role is changed.", name=view.username), "success")
        elif action == "recipient":
            value = (request.form.get("recipient") or "").strip() or None
            view = newsroom_desk().newsroom.set_recipient(g.journalist, journalist_uuid, value, VIA)
            flash(
                _("New submissions are encrypted to %(name)s's recipient too.", name=view.username)
                if value
                else _("Recipient removed."),
                "success",
            )
        elif action == "reset-passphrase":
            passphrase = newsroom_desk().newsroom.reset_passphrase(g.journalist, journalist_uuid, VIA)
            username = newsroom_desk().journalists.get(journalist_uuid).username
            return team_page(credentials={"username": username, "passphrase": passphrase})
        elif action == "reset-2fa":
            second = newsroom_desk().newsroom.reset_totp(g.journalist, journalist_uuid, VIA, confirm_first=True)
            username = newsroom_desk().journalists.get(journalist_uuid).username
            return team_page(
                credentials={"username": username, "totp_secret": second.totp_secret, "totp_uri": second.totp_uri},
                enrolment=enrolment(journalist_uuid, second.totp_uri),
            )
        else:
            return team_page(404)
    except JournalistError as error:
        flash(_("That was not done: %(reason)s", reason=explained(error)), "error")
    return redirect(url_for(".team"))


@bp.route("/journalists/<journalist_uuid>/confirm-2fa", methods=["GET", "POST"])
@admin_required
def confirm_2fa(journalist_uuid: str) -> tuple[str, int] | Response:
    """The first code from the new authenticator: until it is right, the account cannot log in."""
    target = newsroom_desk().journalists.get(journalist_uuid)
    uri = newsroom_desk().journalists.pending_totp_uri(journalist_uuid)
    if uri is None:
        flash(_("%(name)s's two-factor authentication is already confirmed.", name=target.username), "info")
        return redirect(url_for(".team"))
    form = FirstCodeForm()
    if request.method == "POST" and form.validate_on_submit():
        if newsroom_desk().newsroom.confirm_totp(g.journalist, journalist_uuid, form.one_time_code.data, VIA):
            flash(_("%(name)s can log in now.", name=target.username), "success")
            return redirect(url_for(".team"))
        flash(_("That code is not right. Scan the code again, wait for a new code and enter it."), "error")
        return render_template("enrol.html", target=target, **enrolment(journalist_uuid, uri)), 400
    return render_template("enrol.html", target=target, **enrolment(journalist_uuid, uri)), 200


@bp.get("/journalists/<journalist_uuid>/keys")
@admin_required
def keys(journalist_uuid: str) -> str:
    target = newsroom_desk().journalists.get(journalist_uuid)
    return render_template(
        "admin_keys.html", target=target, keys=newsroom_desk().key_management.list(g.journalist, journalist_uuid)
    )


@bp.route("/journalists/<journalist_uuid>/keys/<key_id>/remove", methods=["GET", "POST"])
@admin_required
def remove_key(journalist_uuid: str, key_id: str) -> str | Response:
    back = url_for(".keys", journalist_uuid=journalist_uuid)
    return key_removal(g.journalist, journalist_uuid, key_id, back)


@bp.get("/audit")
@admin_required
def audit() -> str:
    raw = request.args.get("page", "1")
    page_number = int(raw) if raw.isdigit() and 0 < int(raw) <= 10**6 else 1
    page = newsroom_desk().newsroom.audit_page(g.journalist, page_number, 100)
    return render_template("audit.html", page=page)
