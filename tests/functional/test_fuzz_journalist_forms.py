"""Every form of the journalist web interface, fuzzed with hostile input (tests/factories/strategies.py).

For every generated case: no 5xx, no stack trace or exception name in the page, and afterwards
the database and the blob store agree (the checker behind `tipline check`).

The forms come from the app itself: every route outside API v1 that takes POST/PUT/PATCH/DELETE
must have a spec below, every API v1 route must be in the OpenAPI document (schemathesis fuzzes
those: tests/functional/test_openapi.py), and every WTForms class in
tipline.web.journalist.forms must be used by a spec.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field

import hypothesis
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import strategies as st

from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.soft_authenticator import SoftAuthenticator
from tests.factories.sources import make_source
from tests.factories.strategies import (
    Draft,
    Observed,
    assert_consistent,
    assert_no_server_error_or_trace,
    bogus_uuids,
    count_case,
    csrf_fields,
    csrf_headers,
    csrf_modes,
    drafts,
    encode,
    failures_of_every_form,
    field_values,
    form_classes,
    form_fields,
    fuzz_settings,
    hostile_bytes,
    hostile_text,
    path_segment,
    state_changing_rules,
)
from tipline.crypto.age import generate_identity
from tipline.errors import NotFound
from tipline.journalists.records import JournalistView
from tipline.journalists.security_keys import RelyingParty
from tipline.services import Services
from tipline.web.journalist import forms
from tipline.web.journalist.api_json import PREFIX

# Stand-ins for things that exist only at run time (and may be deleted by an earlier case).
SOURCE, SUBMISSION, ME, COLLEAGUE, KEY = "<source>", "<submission>", "<me>", "<colleague>", "<key>"
ACTIONS = ("deactivate", "activate", "make-admin", "make-journalist", "recipient", "reset-passphrase", "reset-2fa")
LOGGED_IN = ("admin", "admin", "admin", "journalist", "none", "fresh")


def _json_values() -> st.SearchStrategy[object]:
    return st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text(20)),
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text(8), inner, max_size=4)),
        max_leaves=12,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def webauthn_bodies() -> st.SearchStrategy[bytes]:
    """What static/webauthn.js posts (a credential as JSON), with every part forged or broken."""
    blob = st.one_of(st.binary(max_size=300).map(_b64), hostile_text(20))
    client_data = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["webauthn.create", "webauthn.get", ""]),
            "challenge": blob,
            "origin": st.sampled_from(["http://localhost", "http://evil.example", ""]),
        }
    ).map(lambda data: _b64(json.dumps(data).encode()))
    credential = st.fixed_dictionaries(
        {
            "id": blob,
            "rawId": blob,
            "type": st.sampled_from(["public-key", "", "password"]),
            "response": st.fixed_dictionaries(
                {},
                optional={
                    "clientDataJSON": st.one_of(client_data, blob),
                    "attestationObject": blob,
                    "authenticatorData": blob,
                    "signature": blob,
                    "userHandle": st.one_of(st.none(), blob),
                },
            ),
        }
    ).map(lambda data: json.dumps(data).encode())
    return st.one_of(credential, _json_values().map(lambda data: json.dumps(data).encode()), hostile_bytes(200))


@dataclass(frozen=True)
class Spec:
    path: str
    form: type[FlaskForm]
    sessions: tuple[str, ...] = LOGGED_IN
    path_params: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The security-key routes take a JSON body from static/webauthn.js, CSRF in X-CSRFToken.
    webauthn: bool = False


SOURCE_ONLY = {"source_uuid": (SOURCE,)}
SPECS: dict[str, Spec] = {
    "auth.login": Spec("/login", forms.LoginForm, ("fresh", "fresh", "none", "admin")),
    "auth.logout": Spec("/logout", forms.ConfirmForm, ("admin", "journalist", "fresh", "none")),
    "desk.reply": Spec("/sources/{source_uuid}/reply", forms.ReplyForm, path_params=SOURCE_ONLY),
    "desk.mark_read": Spec(
        "/sources/{source_uuid}/read",
        forms.ConfirmForm,
        path_params=SOURCE_ONLY,
        extra={"submission": (SUBMISSION,), "action": ("read", "unread")},
    ),
    "desk.star": Spec(
        "/sources/{source_uuid}/star", forms.ConfirmForm, path_params=SOURCE_ONLY, extra={"starred": ("yes", "no")}
    ),
    "desk.case": Spec(
        "/sources/{source_uuid}/case",
        forms.ConfirmForm,
        path_params=SOURCE_ONLY,
        extra={"status": (), "labels": ("a, b", "", ",,,", "ㄱ,Ж,中"), "assignee": (ME, COLLEAGUE, "")},
    ),
    "desk.note": Spec("/sources/{source_uuid}/note", forms.NoteForm, path_params=SOURCE_ONLY),
    "desk.delete_submission": Spec(
        "/sources/{source_uuid}/submissions/{submission_uuid}/delete",
        forms.ConfirmForm,
        path_params={"source_uuid": (SOURCE,), "submission_uuid": (SUBMISSION,)},
        extra={"confirm": ("yes", "")},
    ),
    "desk.delete_source": Spec(
        "/sources/{source_uuid}/delete", forms.ConfirmForm, path_params=SOURCE_ONLY, extra={"confirm": ("yes",)}
    ),
    "admin.add": Spec("/admin/journalists", forms.AddJournalistForm),
    "admin.act": Spec(
        "/admin/journalists/{journalist_uuid}/{action}",
        forms.RecipientForm,
        path_params={"journalist_uuid": (COLLEAGUE, COLLEAGUE, ME), "action": ACTIONS},
    ),
    # The questionnaire rows vary in number: the fields of two rows, and the language in the path.
    "questionnaires.save": Spec(
        "/admin/questionnaires/{language}",
        forms.QuestionnaireForm,
        path_params={"language": ("ko", "ko", "en", "de", "..")},
        extra={
            "q-1-text": ("무슨 일이 있었습니까?", "", "a\u202eb", "x" * 501),
            "q-1-kind": ("text", "choice", "yesno", "date", "essay", ""),
            "q-1-choices": ("하나\n둘", "하나", "", "a\na"),
            "q-1-required": ("y", ""),
            "q-1-order": ("1", "2", "0", "-1", "99999999999", "x"),
            "q-2-text": ("Where?", ""),
            "q-2-kind": ("choice", "text"),
            "q-2-choices": ("a\nb\nc", ""),
            "q-2-order": ("1", ""),
            "q-2-remove": ("y", ""),
        },
    ),
    "questionnaires.restore": Spec(
        "/admin/questionnaires/{language}/default",
        forms.QuestionnaireForm,
        path_params={"language": ("ko", "ru", "xx")},
    ),
    "admin.confirm_2fa": Spec(
        "/admin/journalists/{journalist_uuid}/confirm-2fa",
        forms.FirstCodeForm,
        path_params={"journalist_uuid": (COLLEAGUE, COLLEAGUE, ME)},
    ),
    "keys.registration_options": Spec("/account/keys/options", forms.KeyRegistrationForm, webauthn=True),
    "keys.remove": Spec(
        "/account/keys/{key_id}/remove", forms.ConfirmForm, path_params={"key_id": (KEY, "0", "99999")}
    ),
    "admin.remove_key": Spec(
        "/admin/journalists/{journalist_uuid}/keys/{key_id}/remove",
        forms.ConfirmForm,
        path_params={"journalist_uuid": (COLLEAGUE, COLLEAGUE, ME), "key_id": (KEY, "0", "99999999999")},
    ),
    "keys.register": Spec("/account/keys", forms.ConfirmForm, ("admin", "admin", "journalist", "none"), webauthn=True),
    "keys.login": Spec("/login/key", forms.KeyLoginForm, ("fresh", "fresh", "none", "pending")),
    "keys.login_options": Spec("/login/key/options", forms.ConfirmForm, ("pending", "pending", "fresh"), webauthn=True),
    "keys.login_verify": Spec("/login/key/verify", forms.ConfirmForm, ("pending", "pending", "fresh"), webauthn=True),
}


def test_every_state_changing_route_is_fuzzed(journalist_app: Flask, journalist_client: FlaskClient) -> None:
    rules = state_changing_rules(journalist_app)
    web = {rule.endpoint for rule in rules if not rule.rule.startswith(PREFIX)}
    assert web == set(SPECS)
    assert form_classes(forms) == {spec.form for spec in SPECS.values()}
    for rule in rules:
        if rule.endpoint in SPECS:
            assert set(SPECS[rule.endpoint].path_params) == set(rule.arguments), rule.endpoint
    # API v1: schemathesis fuzzes every operation of the document, and the document lists them all.
    document = journalist_client.get(f"{PREFIX}/openapi.json").get_json()
    api = {rule.rule for rule in rules if rule.rule.startswith(PREFIX)}
    documented = {PREFIX + path for path in document["paths"]}
    assert {r.replace("<", "{").replace(">", "}") for r in api} <= documented


class JournalistWorld:
    """An admin and a colleague, a source with submissions; clients in each kind of session."""

    def __init__(self, app: Flask, services: Services) -> None:
        self.app = app
        self.services = services
        self.admin = make_journalist(services, "fuzz-admin", is_admin=True)
        self.colleague = make_journalist(services, "fuzz-reporter")
        self.recipient = generate_identity()[1]
        self.source_uuid = ""
        self.foreign_token = csrf_token(app.test_client().get("/login").get_data(as_text=True))

    def restore(self) -> None:
        """Put back what an earlier case may have changed: roles, activity, a source with submissions."""
        journalists = self.services.journalists
        for uuid, is_admin in ((self.admin.uuid, True), (self.colleague.uuid, False)):
            view = journalists.get(uuid)
            if not view.is_active:
                journalists.activate(uuid)
            if view.is_admin != is_admin:
                journalists.set_role(uuid, is_admin=is_admin)
        if not self.submission_uuids():
            self.source_uuid = make_source(self.services, "first", "second", "third").uuid
        colleague_id = journalists.get(self.colleague.uuid).id
        if not self.services.security_keys.list_for(colleague_id):  # a key to remove (the colleague's)
            rp, key = RelyingParty("localhost", "http://localhost"), SoftAuthenticator()
            ceremony = self.services.security_keys.registration(rp, colleague_id)
            credential = key.create(json.loads(ceremony.options_json))
            with self.services.sessions.begin() as session:  # set-up: no action, no audit entry
                self.services.security_keys.register(
                    rp, colleague_id, ceremony.challenge, credential, "fuzz key", within=session
                )

    def submission_uuids(self) -> list[str]:
        if not self.source_uuid:
            return []
        try:
            return [s.uuid for s in self.services.newsroom.submissions_of(self.source_uuid)]
        except NotFound:  # deleted by an earlier case
            return []

    def resolve(self, value: str) -> str:
        stand_ins = {
            SOURCE: lambda: self.source_uuid,
            SUBMISSION: lambda: (self.submission_uuids() or ["gone"])[0],
            ME: lambda: self.admin.uuid,
            COLLEAGUE: lambda: self.colleague.uuid,
            KEY: lambda: str(self.services.security_keys.list_for(self._view(self.colleague.uuid).id)[0].id),
        }
        return stand_ins[value]() if value in stand_ins else value

    def _view(self, uuid: str) -> JournalistView:
        return self.services.journalists.get(uuid)

    def client(self, mode: str) -> tuple[FlaskClient, str | None]:
        client = self.app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        if mode == "none":
            return client, None
        # A logged-in session, as the login form leaves it (the form itself is fuzzed as auth.login;
        # logging in through it every case would spend TOTP codes, which are single use).
        with client.session_transaction() as session:
            if mode in ("admin", "journalist"):
                view = self._view(self.admin.uuid if mode == "admin" else self.colleague.uuid)
                session["journalist_id"] = view.id
                session["generation"] = view.session_generation
            elif mode == "pending":
                view = self._view(self.admin.uuid)
                session["pending_key_login"] = view.username
                session["passphrase_ok"] = True
                session["webauthn_challenge"] = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        page = "/login/key" if mode == "pending" else "/login"
        return client, csrf_token(client.get(page).get_data(as_text=True))


def _draft_strategy(spec: Spec, world: JournalistWorld) -> st.SearchStrategy[Draft]:
    if spec.webauthn:
        # Sent as it is, a JSON body (see check); the other Draft options do not apply.
        return webauthn_bodies().map(lambda body: Draft(fields=(("", body),), encoding="body"))
    admin = world.admin
    plausible: dict[str, list[str]] = {
        "username": [admin.username, f" {admin.username} ", "new-person", "Ünïcode", "a"],
        "passphrase": [admin.passphrase],
        "one_time_code": ["000000", "1234567", current_code(admin)],
        "recipient": [world.recipient, "age1", world.recipient.upper(), world.recipient + "x", ""],
    }
    values = {name: field_values(unbound, plausible.get(name, ())) for name, unbound in form_fields(spec.form).items()}
    for name, known in spec.extra.items():
        choices = known or world.services.cases.statuses
        values[name] = st.one_of(st.sampled_from([k.encode("utf-8") for k in choices]), hostile_bytes())
    return drafts(values, files=True)


def _fuzz(world: JournalistWorld, spec: Spec) -> None:
    """One hypothesis test for one form: its share of the profile's cases."""

    @st.composite
    def cases(draw: st.DrawFn) -> tuple[str, str, Draft, dict[str, str]]:
        params = {
            name: draw(st.one_of(st.sampled_from(known), st.sampled_from(known), bogus_uuids()))
            for name, known in spec.path_params.items()
        }
        return draw(st.sampled_from(spec.sessions)), draw(csrf_modes()), draw(_draft_strategy(spec, world)), params

    @fuzz_settings("journalist_forms", share=len(SPECS))
    @hypothesis.given(case=cases())
    def check(case: tuple[str, str, Draft, dict[str, str]]) -> None:
        count_case("journalist forms")
        session, mode, draft, params = case
        world.restore()
        client, token = world.client(session)
        path = spec.path.format(**{name: path_segment(world.resolve(value)) for name, value in params.items()})
        # Stand-ins in field values become the real UUIDs of the moment.
        draft = Draft(
            fields=tuple(
                (k, world.resolve(v.decode("utf-8", "replace")).encode() if v.startswith(b"<") else v)
                for k, v in draft.fields
            ),
            files=draft.files,
            encoding=draft.encoding,
            quoting=draft.quoting,
            content_type=draft.content_type,
            truncate_at=draft.truncate_at,
        )
        csrf = csrf_fields(mode, token, world.foreign_token)
        headers = csrf_headers(mode, token)
        if spec.webauthn:
            headers = {"X-CSRFToken": csrf[0][1].decode("ascii")} if csrf else headers
            body, content_type = draft.fields[0][1], "application/json"
        else:
            body, content_type = encode(draft, csrf)
        if content_type:
            headers["Content-Type"] = content_type
        response = client.post(path, data=body, headers=headers)
        assert_no_server_error_or_trace(Observed("POST", path, response.status_code, response.get_data(), body))
        assert_consistent(world.services)

    check()


# A failing case may hold a huge string: Hypothesis warns that its repr is large, and that warning
# (an error under filterwarnings) must not hide the failure itself.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_journalist_forms_survive_hostile_input(journalist_app: Flask, services: Services) -> None:
    world = JournalistWorld(journalist_app, services)
    assert [] == failures_of_every_form(SPECS, lambda spec: _fuzz(world, spec))


def test_nul_in_a_username_is_a_failed_login(journalist_client: FlaskClient, services: Services) -> None:
    """Found by this fuzzing: on PostgreSQL a NUL in the username was a 500 at every login."""
    reporter = make_journalist(services)
    page = journalist_client.get("/login").get_data(as_text=True)
    login = {"csrf_token": csrf_token(page), "username": "re\x00porter", "passphrase": reporter.passphrase}
    key_login = journalist_client.post("/login/key", data=login)
    login["csrf_token"] = csrf_token(journalist_client.get("/login").get_data(as_text=True))  # a new session
    web_login = journalist_client.post("/login", data={**login, "one_time_code": current_code(reporter)})
    api = journalist_client.post(
        f"{PREFIX}/token",
        json={"username": "\x00", "passphrase": reporter.passphrase, "one_time_code": current_code(reporter)},
    )
    # The key login answers every passphrase with its key step (its refusal comes with the key).
    assert (200, 401, 403) == (key_login.status_code, web_login.status_code, api.status_code)


def test_nul_in_filters_addresses_and_fields_is_a_bad_request(journalist_app: Flask, services: Services) -> None:
    """Found by this fuzzing: on PostgreSQL, NUL in a filter, an address or a case field was a 500."""
    world = JournalistWorld(journalist_app, services)
    world.restore()
    client, token = world.client("admin")
    assert token is not None
    source = world.source_uuid
    answers = [
        client.get("/?q=%00").status_code,
        client.get("/?label=a%00").status_code,
        client.get("/sources/%00").status_code,
        client.post("/sources/%00/star", data={"csrf_token": token, "starred": "yes"}).status_code,
        client.post(
            f"/sources/{source}/case", data={"csrf_token": token, "status": "new", "assignee": "\x00"}
        ).status_code,
        client.post(f"/sources/{source}/read", data={"csrf_token": token, "submission": "\x00"}).status_code,
    ]
    assert [400] * 6 == answers
    assert_consistent(services)
