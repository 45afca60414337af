"""The properties the fuzz tests hold every case to can fail: a trace, a 5xx, a half-written blob,
an orphan and a route nobody fuzzes are each caught (tests/factories/strategies.py)."""

from __future__ import annotations

import hypothesis
import pytest
from flask import Flask
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories.sources import make_source
from tests.factories.strategies import (
    Draft,
    Observed,
    assert_consistent,
    assert_no_server_error_or_trace,
    csrf_fields,
    encode,
    hostile_text,
    state_changing_rules,
)
from tests.functional.test_fuzz_source_forms import SPECS
from tipline.services import Services
from tipline.submissions.models import Submission

TRACE_PAGE = b'Traceback (most recent call last):\n  File "/srv/tipline/site-packages/x.py", line 1\nKeyError: 1'


@pytest.mark.parametrize(
    "body",
    [
        TRACE_PAGE,
        b"<p>ValueError: invalid literal</p>",
        b'<pre>File "/work/src/tipline/web/source/views.py", line 9</pre>',
        b"sqlalchemy.exc.DataError: (psycopg.DataError)",
    ],
)
def test_a_trace_in_a_body_is_caught(body: bytes) -> None:
    with pytest.raises(AssertionError):
        assert_no_server_error_or_trace(Observed("POST", "/login", 400, body, b"codename=x"))


def test_a_server_error_is_caught_and_an_echo_is_not_a_trace() -> None:
    with pytest.raises(AssertionError):
        assert_no_server_error_or_trace(Observed("POST", "/login", 500, b"<p>Something went wrong</p>", b""))
    # A page that shows back what was typed (escaped) is not leaking a trace.
    assert_no_server_error_or_trace(Observed("POST", "/login", 401, b"<p>KeyError</p>", b"codename=KeyError"))


def test_half_written_and_orphaned_blobs_and_rows_without_blobs_are_caught(services: Services) -> None:
    make_source(services, "kept")
    assert_consistent(services)

    unfinished = services.store.create()
    unfinished.write(b"half of a ciphertext")
    with pytest.raises(AssertionError, match="unfinished writes"):
        assert_consistent(services)
    unfinished.abort()

    orphan = services.store.create()
    orphan.write(b"a blob no row names")
    key = orphan.commit().key
    with pytest.raises(AssertionError, match="orphaned blobs"):
        assert_consistent(services)
    services.store.delete(key)

    with services.sessions() as session:
        blob = str(session.scalar(select(Submission.blob)))
    services.store.delete(blob)
    with pytest.raises(AssertionError, match="rows without blobs"):
        assert_consistent(services)


def test_a_new_state_changing_route_is_noticed(source_app: Flask) -> None:
    assert set() == {rule.endpoint for rule in state_changing_rules(source_app)} - set(SPECS)
    source_app.add_url_rule("/new-form", "source.new_form", lambda: "", methods=["POST"])
    assert {"source.new_form"} == {rule.endpoint for rule in state_changing_rules(source_app)} - set(SPECS)


@hypothesis.settings(max_examples=50, derandomize=True, database=None, deadline=None)
@hypothesis.given(text=hostile_text(), quoting=st.sampled_from(["percent", "plus"]))
def test_well_formed_bodies_carry_every_value_intact(text: str, quoting: str) -> None:
    """The encoder itself: text sent urlencoded comes back intact (so a fuzzed field really reaches
    the form; Werkzeug keeps bytes that are not UTF-8 as %XX), and the CSRF token is there."""
    app = Flask(__name__)
    draft = Draft(fields=(("message", text.encode("utf-8")),), quoting=quoting)
    body, content_type = encode(draft, csrf_fields("valid", "tok", "x"))
    with app.test_request_context("/", method="POST", data=body, content_type=content_type):
        from flask import request

        assert ["tok"] == request.form.getlist("csrf_token")
        assert [text] == request.form.getlist("message")
