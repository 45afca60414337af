"""WebAuthn in the browser: registering a security key, and logging in with one instead of TOTP.

The only JavaScript of Tipline lives on this side (static/webauthn.js, served from 'self' under
the strict CSP). Its POSTs carry the CSRF token in the X-CSRFToken header.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import cast

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from tipline.errors import LoginThrottled, ReauthenticationFailed, SecurityKeyError, SecurityKeyNotFound
from tipline.journalists.records import JournalistView
from tipline.journalists.security_keys import RelyingParty
from tipline.web.common.web_sessions import ServerSession
from tipline.web.journalist.auth import login_required
from tipline.web.journalist.forms import ConfirmForm, KeyLoginForm, KeyRegistrationForm
from tipline.web.journalist.portal import newsroom_desk

VIA = "web"


def _relying_party() -> RelyingParty:
    # The browser binds every credential to the origin it was created on, so an assertion made
    # for another site never verifies here; the host name is the RP ID (the onion address in
    # production). IP addresses cannot be RP IDs: use a host name.
    return RelyingParty(rp_id=request.host.rsplit(":", 1)[0], origin=f"{request.scheme}://{request.host}")


def _remember_challenge(challenge: bytes) -> None:
    session["webauthn_challenge"] = base64.b64encode(challenge).decode("ascii")


def _take_challenge() -> bytes | None:
    value = session.pop("webauthn_challenge", None)
    return base64.b64decode(value) if isinstance(value, str) else None


def _take_registration() -> tuple[bytes, str] | None:
    """The challenge and name of the registration this session started by re-authenticating
    (kept apart from the login's challenge: only a re-authenticated start leaves one)."""
    value = session.pop("key_registration", None)
    if not isinstance(value, dict) or not isinstance(value.get("challenge"), str):
        return None
    return base64.b64decode(value["challenge"]), str(value.get("name", ""))


def _reauthentication_fields(body: str) -> dict[str, str] | None:
    """passphrase, one_time_code and name from the JSON object webauthn.js posts; None if the
    body is no JSON object. A missing or non-string field is empty (and so refused)."""
    try:
        fields = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: "[" × 100,000
        return None
    if not isinstance(fields, dict):
        return None
    return {
        k: v if isinstance(v, str) else "" for k in ("passphrase", "one_time_code", "name") for v in [fields.get(k)]
    }


def key_removal(actor: JournalistView, journalist_uuid: str, raw_id: str, back: str) -> BaseResponse | str:
    """The confirmation page (GET) and the removal (POST, CSRF-checked by the app) of one key,
    for the journalist themself or an admin: no JavaScript needed."""
    # Any segment reaches the view (so the login check comes first); only the digits of a
    # database integer name a key (a longer number would be a 500 on PostgreSQL).
    if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 9):
        raise SecurityKeyNotFound()
    key_id = int(raw_id)
    if request.method == "POST":
        removed = newsroom_desk().key_management.remove(actor, journalist_uuid, key_id, VIA)
        flash(_("Security key “%(name)s” removed.", name=removed.name), "success")
        return redirect(back)
    key = next((k for k in newsroom_desk().key_management.list(actor, journalist_uuid) if k.id == key_id), None)
    if key is None:
        raise SecurityKeyNotFound()
    owner = newsroom_desk().journalists.get(journalist_uuid).username
    return render_template("key_remove.html", key=key, owner=owner, form=ConfirmForm(), back=back)


def _decoy_key() -> bytes:
    """The key of the decoy credentials offered for usernames without keys (stable per instance)."""
    return hashlib.sha256(b"tipline-decoy-key:" + str(current_app.secret_key).encode()).digest()


bp = Blueprint("keys", __name__)


@bp.get("/account/keys")
@login_required
def manage() -> str:
    listed = newsroom_desk().key_management.list(g.journalist, g.journalist.uuid)
    return render_template("keys.html", key_count=len(listed), keys=listed, form=KeyRegistrationForm(formdata=None))


@bp.post("/account/keys/options")
@login_required
def registration_options() -> tuple[Response, int] | Response:
    session.pop("key_registration", None)  # a failed start leaves no earlier challenge usable
    fields = _reauthentication_fields(request.get_data(as_text=True))
    if fields is None:
        return jsonify({"message": _("Start again.")}), 400
    try:
        ceremony = newsroom_desk().key_management.start_registration(
            g.journalist, _relying_party(), fields["passphrase"], fields["one_time_code"]
        )
    except LoginThrottled:
        message = _(
            "Too many failed login attempts. Wait %(minutes)s minutes and try again.",
            minutes=newsroom_desk().settings.login_throttle_minutes,
        )
        return jsonify({"message": message}), 429
    except ReauthenticationFailed:
        return jsonify({"message": _("The passphrase or the two-factor code is wrong.")}), 403
    name = fields["name"].replace("\x00", "").strip()[:64] or _("security key")
    session["key_registration"] = {"challenge": base64.b64encode(ceremony.challenge).decode("ascii"), "name": name}
    return Response(ceremony.options_json, mimetype="application/json")


@bp.post("/account/keys")
@login_required
def register() -> tuple[Response, int]:
    started = _take_registration()
    if started is None:
        return jsonify({"message": _("Start again.")}), 400
    challenge, name = started
    try:
        newsroom_desk().key_management.register(
            g.journalist, _relying_party(), challenge, request.get_data(as_text=True), name=name, via=VIA
        )
    except SecurityKeyError:
        return jsonify({"message": _("The security key could not be registered.")}), 400
    return jsonify({"message": _("Security key registered."), "redirect": url_for(".manage")}), 201


@bp.route("/account/keys/<key_id>/remove", methods=["GET", "POST"])
@login_required
def remove(key_id: str) -> BaseResponse | str:
    return key_removal(g.journalist, g.journalist.uuid, key_id, url_for(".manage"))


@bp.route("/login/key", methods=["GET", "POST"])
def login() -> str | tuple[str, int]:
    form = KeyLoginForm()
    if not form.validate_on_submit():
        return render_template("login_key.html", form=form, ready=False)
    username = form.username.data.strip()
    try:
        journalist = newsroom_desk().journalists.first_factor(username, form.passphrase.data)
    except LoginThrottled:
        message = _(
            "Too many failed login attempts. Wait %(minutes)s minutes and try again.",
            minutes=newsroom_desk().settings.login_throttle_minutes,
        )
        return render_template("login_key.html", form=form, ready=False, error=message), 429
    server_session = cast(ServerSession, session)
    server_session.clear_all()
    g.pop("csrf_token", None)  # the page below needs a token of the new session, not the cached one
    # Half logged in: only the security-key routes below accept this. The answer is the same
    # whether the passphrase was right: its verdict waits, unseen, for the key's.
    session["pending_key_login"] = username
    session["passphrase_ok"] = journalist is not None
    return render_template("login_key.html", form=form, ready=True)


@bp.post("/login/key/options")
def login_options() -> tuple[Response, int] | Response:
    pending = session.get("pending_key_login")
    if not isinstance(pending, str):
        return jsonify({"message": _("Start again.")}), 400
    ceremony = newsroom_desk().security_keys.authentication_for(_relying_party(), pending, _decoy_key())
    _remember_challenge(ceremony.challenge)
    return Response(ceremony.options_json, mimetype="application/json")


@bp.post("/login/key/verify")
def login_verify() -> tuple[Response, int] | BaseResponse:
    username, passphrase_ok = session.get("pending_key_login"), session.get("passphrase_ok")
    challenge = _take_challenge()
    if not isinstance(username, str) or challenge is None:
        return jsonify({"message": _("Start again.")}), 400
    journalist_id = newsroom_desk().security_keys.verify_for(
        _relying_party(), username, challenge, request.get_data(as_text=True)
    )
    if journalist_id is None or passphrase_ok is not True:
        newsroom_desk().journalists.second_factor_failed(username)
        newsroom_desk().newsroom.record_failed_login(username, VIA)  # the whole attempt failed: now it is told
        return jsonify({"message": _("The security key was not accepted.")}), 401
    journalist = next(
        (j for j in newsroom_desk().journalists.list_all() if j.id == journalist_id and j.is_active), None
    )
    if journalist is None:
        return jsonify({"message": _("Start again.")}), 400
    cast(ServerSession, session).clear_all()  # a new session id and key at login
    session["journalist_id"] = journalist.id
    session["generation"] = journalist.session_generation
    newsroom_desk().newsroom.record_login(journalist, VIA, "security key")
    return jsonify({"redirect": url_for("desk.sources")})
