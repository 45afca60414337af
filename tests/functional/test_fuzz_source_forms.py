"""Every form of the source interface, fuzzed with hostile input (tests/factories/strategies.py).

For every generated case: no 5xx, no stack trace or exception name in the page, and afterwards
the database and the blob store agree (the checker behind `tipline check`): no submission or
reply without its blob, no blob without its row, no half-written upload left in `.incoming`.

The forms come from the app itself: every route that takes POST/PUT/PATCH/DELETE must have a
spec below, and every WTForms class in tipline.web.source.forms must be used by one, so a new
route or form that is not fuzzed makes test_every_state_changing_route_is_fuzzed fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import hypothesis
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import strategies as st
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from tests.factories.forms import csrf_token
from tests.factories.journalists import make_journalist
from tests.factories.sources import make_source
from tests.factories.strategies import (
    Draft,
    FilePart,
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
    path_segment,
    state_changing_rules,
)
from tipline.services import Services
from tipline.web.source import forms, questions

REPLY = "<a reply of the logged-in source>"


@dataclass(frozen=True)
class Spec:
    path: str
    form: type[FlaskForm]
    # How the client arrives: no session at all, a fresh session (a page was read), a session that
    # was shown a codename (/generate), or a logged-in source.
    sessions: tuple[str, ...]
    path_params: tuple[str, ...] = ()
    files: bool = False
    # The questionnaire's answers (answer-1…; their number varies, so no form class declares them).
    answers: bool = False


SPECS: dict[str, Spec] = {
    "source.create": Spec("/create", forms.CreateForm, ("generated", "generated", "fresh", "none", "logged_in")),
    "source.login": Spec("/login", forms.LoginForm, ("fresh", "fresh", "none", "logged_in")),
    "source.submit": Spec(
        "/submit",
        forms.SubmitForm,
        ("logged_in", "logged_in", "logged_in", "fresh", "none"),
        files=True,
        answers=True,
    ),
    "source.delete_reply": Spec(
        "/replies/{reply_uuid}/delete", forms.ConfirmForm, ("logged_in", "logged_in", "none"), ("reply_uuid",)
    ),
    "source.logout": Spec("/logout", forms.ConfirmForm, ("logged_in", "fresh", "none")),
    # The message of an ended session, sent again with the codename (no file input on that form).
    "source.resend": Spec(
        "/resend", forms.ResendForm, ("fresh", "fresh", "none", "logged_in"), files=True, answers=True
    ),
}


def test_every_state_changing_route_is_fuzzed(source_app: Flask) -> None:
    routed = {rule.endpoint for rule in state_changing_rules(source_app)}
    assert routed == set(SPECS)
    assert form_classes(forms) == {spec.form for spec in SPECS.values()}
    for endpoint, spec in SPECS.items():
        rule = next(rule for rule in source_app.url_map.iter_rules() if rule.endpoint == endpoint)
        assert set(spec.path_params) == set(rule.arguments), endpoint


class SourceWorld:
    """The source the fuzzing logs in as, with a reply waiting; clients in each kind of session."""

    def __init__(self, app: Flask, services: Services) -> None:
        self.app = app
        self.services = services
        self.source = make_source(services, "the first message")
        self.reporter = services.journalists.get(make_journalist(services, "fuzz-reporter").uuid)
        self.add_reply()
        other = app.test_client()
        self.foreign_token = csrf_token(other.get("/login").get_data(as_text=True))
        with app.test_request_context("/lookup"):
            self.questionnaire_key = questions.current(services).key

    def add_reply(self) -> None:
        self.services.newsroom.reply(self.reporter, self.source.uuid, "a reply to delete", "web")

    def reply_uuid(self) -> str:
        replies = self.services.newsroom.replies_of(self.source.uuid)
        if not replies:
            self.add_reply()
            replies = self.services.newsroom.replies_of(self.source.uuid)
        return replies[0].uuid

    def client(self, mode: str) -> tuple[FlaskClient, str | None]:
        """A client in this kind of session, and the CSRF token its last page carried."""
        client = self.app.test_client()
        if mode == "none":
            return client, None
        if mode == "generated":
            return client, csrf_token(client.get("/generate").get_data(as_text=True))
        token = csrf_token(client.get("/login").get_data(as_text=True))
        if mode == "fresh":
            return client, token
        response = client.post("/login", data={"csrf_token": token, "codename": self.source.codename})
        assert 302 == response.status_code
        return client, csrf_token(client.get("/lookup").get_data(as_text=True))


# The default Korean questionnaire's answers (text, text, day, choice, yes/no), plausible and not.
ANSWERS = {
    "answer-1": ["창고가 불탔습니다", "", "x" * 5001],
    "answer-2": ["함경북도", "\r\n"],
    "answer-3": ["2026-03-01", "2026-02-30", "01/03/2026", "2026-03-01T10:00"],
    "answer-4": ["몇 사람이 압니다", "아무도", ""],
    "answer-5": ["yes", "no", "maybe"],
    "answer-99": ["out of range"],
}


def _draft_strategy(spec: Spec, codename: str, questionnaire_key: str) -> st.SearchStrategy[Draft]:
    plausible = {"codename": [codename, codename.upper(), f"  {codename}  ", codename.replace(" ", "")]}
    values = {name: field_values(unbound, plausible.get(name, ())) for name, unbound in form_fields(spec.form).items()}
    if spec.answers:
        answer = TextAreaField(validators=[Length(max=5000)])
        for name, known in ANSWERS.items():
            values[name] = field_values(answer, known)
        values["questionnaire"] = field_values(StringField(), [questionnaire_key, "0" * 16])
    return drafts(values, files=spec.files)


def _fuzz(world: SourceWorld, spec: Spec) -> None:
    """One hypothesis test for one form: its share of the profile's cases."""

    @st.composite
    def cases(draw: st.DrawFn) -> tuple[str, str, Draft, dict[str, str]]:
        params = {name: draw(st.one_of(st.just(REPLY), bogus_uuids())) for name in spec.path_params}
        draft = draw(_draft_strategy(spec, world.source.codename, world.questionnaire_key))
        return draw(st.sampled_from(spec.sessions)), draw(csrf_modes()), draft, params

    @fuzz_settings("source_forms", share=len(SPECS))
    @hypothesis.given(case=cases())
    def check(case: tuple[str, str, Draft, dict[str, str]]) -> None:
        count_case("source forms")
        session, mode, draft, params = case
        client, token = world.client(session)
        segments = {name: world.reply_uuid() if value == REPLY else value for name, value in params.items()}
        path = spec.path.format(**{name: path_segment(value) for name, value in segments.items()})
        body, content_type = encode(draft, csrf_fields(mode, token, world.foreign_token))
        headers = csrf_headers(mode, token) | ({"Content-Type": content_type} if content_type else {})
        response = client.post(path, data=body, headers=headers)
        assert_no_server_error_or_trace(Observed("POST", path, response.status_code, response.get_data(), body))
        assert_consistent(world.services)

    check()


# A failing case may hold a huge string: Hypothesis warns that its repr is large, and that warning
# (an error under filterwarnings) must not hide the failure itself.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_source_forms_survive_hostile_input(source_app: Flask, services: Services) -> None:
    world = SourceWorld(source_app, services)
    assert [] == failures_of_every_form(SPECS, lambda spec: _fuzz(world, spec))


def test_a_file_sent_as_the_message_is_refused_and_nothing_is_kept(source_app: Flask, services: Services) -> None:
    """Found by this fuzzing: a file part named like a text field reached the form's validators as
    a FileStorage (TypeError, a 500); a JSON body with the token in X-CSRFToken did the same."""
    world = SourceWorld(source_app, services)
    client, token = world.client("logged_in")
    assert token is not None
    as_file = FilePart(b"message", b"m.txt", b"text/plain", b"x" * 9)
    body, content_type = encode(
        Draft(fields=(), files=(as_file,), encoding="multipart"), csrf_fields("valid", token, "")
    )
    refused = client.post("/submit", data=body, headers={"Content-Type": content_type or ""})
    as_json = client.post("/login", json={"codename": 5}, headers={"X-CSRFToken": token})

    assert (400, 400) == (refused.status_code, as_json.status_code)
    assert_consistent(services)
