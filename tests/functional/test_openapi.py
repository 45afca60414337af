"""The OpenAPI document matches the code: every route is in it, and schemathesis finds no 5xx
and no response that breaks the schema."""

from __future__ import annotations

import re

import hypothesis
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import strategies as st
from schemathesis import checks

from tests.factories.api import logged_in
from tests.factories.sources import make_source
from tests.factories.strategies import (
    Observed,
    assert_consistent,
    assert_no_server_error_or_trace,
    count_case,
    fuzz_settings,
)
from tipline.journalists.records import JournalistView
from tipline.services import Services
from tipline.web.journalist.api_json import PREFIX

# Mostly with the admin's token, so the operations themselves are fuzzed, not only the 401.
AUTH_MODES = ("token", "token", "token", "token", "token", "none", "garbage")


def _documented(client: FlaskClient) -> set[tuple[str, str]]:
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    assert "3.1.0" == document["openapi"]
    return {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}


def test_every_api_route_is_documented(journalist_app: Flask, journalist_client: FlaskClient) -> None:
    routed = set()
    for rule in journalist_app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX) :]) or "/"
        routed |= {(method, path) for method in rule.methods or () if method not in ("HEAD", "OPTIONS")}

    assert routed == _documented(journalist_client)


def _sent(response: schemathesis.Response) -> bytes:
    request = response.request
    body = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
    return str(request.url).encode() + b"\n" + str(dict(request.headers)).encode() + b"\n" + body


def _fuzz(
    operation: schemathesis.APIOperation, services: Services, headers: dict[str, str], admin: JournalistView
) -> None:
    """One operation, with its share of the profile's generated cases."""
    # Logging out revokes the token it is sent with: that operation gets a token of its own per case.
    own_token = operation.method.upper() == "POST" and operation.path == "/logout"

    # Inputs the document allows, and (one in three) inputs it does not: wrong types, missing fields.
    inputs = st.one_of(
        operation.as_strategy(),
        operation.as_strategy(),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )

    @fuzz_settings("api_operation")
    @hypothesis.given(case=inputs, auth=st.sampled_from(AUTH_MODES))
    def check(case: schemathesis.Case, auth: str) -> None:
        count_case("api")
        if auth == "token" and own_token:
            auth_headers = {"Authorization": f"Token {services.journalists.issue_token(admin).token}"}
        else:
            auth_headers = {"token": headers, "none": {}, "garbage": {"Authorization": "Token \x00' OR 1=1"}}[auth]
        # What the issue asks: never a 5xx, status codes, content types and bodies as documented.
        # (Not "positive data acceptance": the document does not encode every business rule,
        # such as which usernames are allowed, and a 400 with a clear message is right then.)
        response = case.call_and_validate(
            headers=auth_headers,
            checks=[
                checks.not_a_server_error,
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
            ],
        )
        observed = Observed(case.method, case.formatted_path, response.status_code, response.content, _sent(response))
        assert_no_server_error_or_trace(observed)
        assert_consistent(services)

    check()


# A failing case may hold a huge string: Hypothesis warns that its repr is large, and that warning
# (an error under filterwarnings) must not hide the failure itself.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.slow
def test_schemathesis_finds_no_server_errors(
    journalist_app: Flask, journalist_client: FlaskClient, services: Services
) -> None:
    """Every operation, with generated inputs (as many as the hypothesis profile gives: see
    tests/factories/strategies.py): no 5xx, status codes, content types and bodies as documented,
    no stack trace in a body, and the database and blob store still agree after every case."""
    make_source(services, "a message")
    admin, headers = logged_in(journalist_client, services, "fuzz-admin", is_admin=True)
    schema = schemathesis.openapi.from_wsgi(f"{PREFIX}/openapi.json", journalist_app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, services, headers, services.journalists.get(admin.uuid))
        except Exception as error:  # collected, so one run reports every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert [] == failures


def test_the_documents_records_are_the_contracts(journalist_client: FlaskClient) -> None:
    """The components are generated from tipline.contract: the one definition of each record."""
    from tipline.contract.codec import json_schema
    from tipline.contract.records import RECORDS

    components = journalist_client.get(f"{PREFIX}/openapi.json").get_json()["components"]["schemas"]
    names = {record: name for name, record in RECORDS.items()}
    for name, record in RECORDS.items():
        expected = json_schema(record, lambda nested: {"$ref": f"#/components/schemas/{names[nested]}"})
        assert expected == components[name], name
