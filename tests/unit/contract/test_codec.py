"""The contract's strict parser: what a hostile or broken server may send is refused, by field."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from tipline.contract.codec import ContractError, constructor, json_schema, parse, text_maker, to_json, to_json_text
from tipline.contract.records import (
    RECORDS,
    Assignee,
    Links,
    SourceKey,
    SourceRecord,
    SubmissionList,
    SubmissionRecord,
    Tombstone,
)

SOURCE_UUID = "6f1c1f56-3f7e-4a36-9d8e-2f1a3c2d5b10"
ITEM_UUID = "0b0cc2ad-5d1f-4d5d-8f0e-9a2f1e3c4d5e"


def _submission(**changes: Any) -> dict[str, Any]:
    record = SubmissionRecord(
        uuid=ITEM_UUID,
        filename="1-brave_otter-msg.age",
        size=120,
        is_file=False,
        is_message=True,
        is_read=False,
        seen_by=(),
        source_url=f"/api/v1/sources/{SOURCE_UUID}",
        submission_url=f"/api/v1/sources/{SOURCE_UUID}/submissions/{ITEM_UUID}",
        download_url=f"/api/v1/sources/{SOURCE_UUID}/submissions/{ITEM_UUID}/download",
        source_uuid=SOURCE_UUID,
        kind="message",
        sha256="ab" * 32,
        received_on=datetime.date(2026, 12, 6),
        batch_uuid=SOURCE_UUID,
        manifest_url="/api/v1/x",
        url="/api/v1/y",
        interaction=1,
        change_seq=7,
    )
    body: dict[str, Any] = to_json(record)
    return {**body, **changes}


def test_a_record_survives_the_round_trip() -> None:
    body = _submission()
    assert body == to_json(parse(SubmissionRecord, body))
    assert "2026-12-06" == body["received_on"]
    assert datetime.date(2026, 12, 6) == parse(SubmissionRecord, body).received_on


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("size", True, "expected an integer"),  # bool is an int in Python, never in the contract
        ("size", "120", "expected an integer"),
        ("is_read", 0, "expected true or false"),
        ("uuid", "not-a-uuid", "expected a uuid"),
        ("uuid", ITEM_UUID.upper(), "expected a uuid"),  # canonical form only
        ("received_on", "2026-12-06T10:31:00", "expected a day"),  # never finer than a day
        ("received_on", "2026-13-06", "expected a day"),
        ("seen_by", "x", "expected a list"),
        ("seen_by", [1], "expected a string"),
    ],
)
def test_a_wrong_type_is_refused_naming_the_field(field: str, value: object, complaint: str) -> None:
    with pytest.raises(ContractError, match=complaint) as raised:
        parse(SubmissionRecord, _submission(**{field: value}))
    assert f"SubmissionRecord.{field}" in str(raised.value)


def test_a_missing_field_is_refused_and_an_unknown_one_ignored() -> None:
    body = _submission(added_by_a_newer_server=1)
    assert ITEM_UUID == parse(SubmissionRecord, body).uuid
    del body["sha256"]
    with pytest.raises(ContractError, match=r"sha256: missing"):
        parse(SubmissionRecord, body)


def test_nested_records_and_null_are_checked() -> None:
    listing = {
        "submissions": [_submission()],
        "page": 1,
        "per_page": 1,
        "total": 1,
        "pages": 1,
        "links": {"first": "/a", "last": "/a", "next": None, "prev": None},
        "cursor": 9,
        "deleted": [{"uuid_sha256": "ab" * 32, "change_seq": 8}],
    }
    parsed = parse(SubmissionList, listing)
    assert (Links("/a", "/a", None, None), 9) == (parsed.links, parsed.cursor)
    assert ("ab" * 32, 8) == (parsed.deleted[0].uuid_sha256, parsed.deleted[0].change_seq)
    with pytest.raises(ContractError, match=r"deleted\[0\].change_seq"):
        parse(SubmissionList, {**listing, "deleted": [{"uuid_sha256": "ab" * 32, "change_seq": "8"}]})
    with pytest.raises(ContractError, match=r"links.first: expected a string"):
        parse(SubmissionList, {**listing, "links": {**listing["links"], "first": None}})
    with pytest.raises(ContractError, match=r"submissions\[0\].size"):
        parse(SubmissionList, {**listing, "submissions": [_submission(size=None)]})


def test_every_record_has_a_schema_listing_every_field_as_required() -> None:
    for record in RECORDS.values():
        schema = json_schema(record, lambda nested: {"$ref": nested.__name__})
        names = [f.name for f in dataclasses.fields(record)]
        assert names == list(schema["properties"]) == schema["required"]
    key = json_schema(SourceRecord, lambda nested: {"$ref": nested.__name__})["properties"]["key"]
    assert {"$ref": SourceKey.__name__} == key


def _source(**changes: Any) -> SourceRecord:
    record = SourceRecord(
        uuid=SOURCE_UUID,
        url="/api/v1/sources/x",
        journalist_designation='brave "otter" \\ \u2028 \x01 é 한',
        is_flagged=False,
        is_starred=True,
        last_updated=datetime.date(2026, 12, 6),
        interaction_count=3,
        key=SourceKey(type="age", public="age1x", fingerprint="age1x"),
        number_of_documents=1,
        number_of_messages=2,
        submissions_url="/s",
        add_star_url="/a",
        remove_star_url="/r",
        replies_url="/p",
        age_recipient="age1x",
        number_of_submissions=3,
        number_of_unread=0,
        number_of_replies=2**53,
        created_on=datetime.date(2026, 1, 2),
        download_url="/d",
        status="new",
        labels=("a", 'b"</script>'),
        assigned_to=Assignee(uuid=ITEM_UUID, username="ed"),
        has_note=False,
        change_seq=0,
    )
    return dataclasses.replace(record, **changes)


@pytest.mark.parametrize(
    "record",
    [
        _source(),
        _source(assigned_to=None, labels=(), safety_codename_used_on=datetime.date(2026, 2, 3)),
        _source(safety_codename_of=ITEM_UUID),
        parse(SubmissionRecord, _submission(seen_by=[ITEM_UUID, SOURCE_UUID])),
        SubmissionList((), 1, 1, 0, 1, Links("/a", "/a", None, "/p"), 9, (Tombstone("ab" * 32, 8),)),
    ],
)
def test_the_text_encoder_writes_the_bytes_json_dumps_would(record: Any) -> None:
    """Whole lists are written by to_json_text: their answers stay those of json.dumps."""
    assert json.dumps(to_json(record), separators=(",", ":"), ensure_ascii=False) == to_json_text(record)


def test_the_fast_constructor_makes_the_same_frozen_record() -> None:
    record = _source()
    made = constructor(SourceRecord)(**{f.name: getattr(record, f.name) for f in dataclasses.fields(record)})
    assert (made, hash(made)) == (record, hash(record))
    assert made.safety_codename_used_on is None  # defaults apply
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.status = "closed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        constructor(SourceRecord)(uuid=SOURCE_UUID)  # a missing field is refused, as by __init__


def test_the_text_maker_writes_the_record_it_was_given_the_fields_of() -> None:
    for record in (_source(), _source(assigned_to=None, safety_codename_of=ITEM_UUID)):
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
        assert to_json_text(record) == text_maker(SourceRecord)(**fields)
    fields.pop("safety_codename_of")
    assert '"safety_codename_of":null}' in text_maker(SourceRecord)(**fields)  # defaults apply
    with pytest.raises(TypeError):
        text_maker(SourceRecord)(uuid=SOURCE_UUID)  # a missing field is refused, as by __init__
