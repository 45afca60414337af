"""WebAuthn in the browser: registering a security key, and logging in with one instead of TOTP.

The only JavaScript of Tipline lives on this side (static/webauthn.js, served from 'self' under
the strict CSP). Its POSTs carry the CSRF token in the X-CSRFToken header.
"""

from __future__ import annotations

import base64
import hashlib
from typing import cast

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from tipline.journalists.security_keys import RelyingParty, SecurityKeyError
from tipline.journalists.service import LoginThrottled
from tipline.services import Services
from tipline.web.common.sessions import ServerSession
from tipline.web.journalist.auth import login_required
from tipline.web.journalist.forms import KeyLoginForm

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


def _decoy_key() -> bytes:
    """The key of the decoy credentials offered for usernames without keys (stable per instance)."""
    return hashlib.sha256(b"tipline-decoy-key:" + str(current_app.secret_key).encode()).digest()


def create_blueprint(services: Services) -> Blueprint:
    bp = Blueprint("keys", __name__)
    keys = services.security_keys

    @bp.get("/account/keys")
    @login_required
    def manage() -> str:
        return render_template("keys.html", key_count=keys.count(g.journalist.id))

    @bp.post("/account/keys/options")
    @login_required
    def registration_options() -> Response:
        ceremony = keys.registration(_relying_party(), g.journalist.id)
        _remember_challenge(ceremony.challenge)
        return Response(ceremony.options_json, mimetype="application/json")

    @bp.post("/account/keys")
    @login_required
    def register() -> tuple[Response, int]:
        challenge = _take_challenge()
        if challenge is None:
            return jsonify({"message": _("Start again.")}), 400
        try:
            keys.register(
                _relying_party(), g.journalist.id, challenge, request.get_data(as_text=True), _("security key")
            )
        except SecurityKeyError:
            return jsonify({"message": _("The security key could not be registered.")}), 400
        services.audit.record(g.journalist.username, "add_security_key", via=VIA)
        return jsonify({"message": _("Security key registered."), "redirect": url_for(".manage")}), 201

    @bp.route("/login/key", methods=["GET", "POST"])
    def login() -> str | tuple[str, int]:
        form = KeyLoginForm()
        if not form.validate_on_submit():
            return render_template("login_key.html", form=form, ready=False)
        username = form.username.data.strip()
        try:
            journalist = services.journalists.first_factor(username, form.passphrase.data)
        except LoginThrottled:
            message = _(
                "Too many failed login attempts. Wait %(minutes)s minutes and try again.",
                minutes=services.settings.login_throttle_minutes,
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
        ceremony = keys.authentication_for(_relying_party(), pending, _decoy_key())
        _remember_challenge(ceremony.challenge)
        return Response(ceremony.options_json, mimetype="application/json")

    @bp.post("/login/key/verify")
    def login_verify() -> tuple[Response, int] | BaseResponse:
        username, passphrase_ok = session.get("pending_key_login"), session.get("passphrase_ok")
        challenge = _take_challenge()
        if not isinstance(username, str) or challenge is None:
            return jsonify({"message": _("Start again.")}), 400
        journalist_id = keys.verify_for(_relying_party(), username, challenge, request.get_data(as_text=True))
        if journalist_id is None or passphrase_ok is not True:
            services.journalists.second_factor_failed(username)
            return jsonify({"message": _("The security key was not accepted.")}), 401
        journalist = next((j for j in services.journalists.list_all() if j.id == journalist_id and j.is_active), None)
        if journalist is None:
            return jsonify({"message": _("Start again.")}), 400
        cast(ServerSession, session).clear_all()  # a new session id and key at login
        session["journalist_id"] = journalist.id
        session["generation"] = journalist.session_generation
        services.newsroom.record_login(journalist, VIA, "security key")
        return jsonify({"redirect": url_for("desk.sources")})

    return bp
