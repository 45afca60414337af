"""What the desk keeps (source.json) is the contract's records, projected: same names, same types,
and the file an older desk wrote is still read."""

from __future__ import annotations

import dataclasses
import datetime
import json
import typing
import uuid
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519

from tests.factories.fake_api import FakeSource
from tipline.contract.records import SourceRecord, SubmissionRecord
from tipline.desk.errors import UntrustedValue
from tipline.desk.kept import KeptSource, KeptSubmission, checked_source, source_file, source_from_file

# source.json has always kept the source's age recipient as "key" (the contract's age_recipient).
NOT_THE_CONTRACTS = {(KeptSource, "key"), (KeptSource, "submissions")}


@pytest.mark.parametrize(("kept", "record"), [(KeptSource, SourceRecord), (KeptSubmission, SubmissionRecord)])
def test_every_kept_field_is_the_contracts_field_of_that_name(kept: type, record: type) -> None:
    contract = typing.get_type_hints(record)
    for name, hint in typing.get_type_hints(kept).items():
        if (kept, name) in NOT_THE_CONTRACTS:
            continue
        assert name in contract, f"{kept.__name__}.{name} is no field of {record.__name__}"
        # Optional where an older desk's file may lack it; the type itself never differs.
        assert hint in (contract[name], contract[name] | None), f"{kept.__name__}.{name}: {hint} vs {contract[name]}"


def test_the_key_kept_is_the_contracts_age_recipient() -> None:
    assert typing.get_type_hints(SourceRecord)["age_recipient"] | None == typing.get_type_hints(KeptSource)["key"]


def _listed(**extra: Any) -> dict[str, Any]:
    recipient = str(x25519.Identity.generate().to_public())
    return FakeSource(str(uuid.uuid4()), "brave-otter", recipient, extra=extra).listing()


def test_source_json_keeps_its_keys_and_reads_back_the_same() -> None:
    source = checked_source(_listed(safety_codename_used_on="2026-12-07"))
    body = source_file(source)
    assert {
        "uuid",
        "journalist_designation",
        "key",
        "number_of_submissions",
        "number_of_replies",
        "created_on",
        "last_updated",
        "url",
        "submissions_url",
        "replies_url",
        "safety_codename_used_on",
        "safety_codename_of",
        "status",
        "submissions",
    } == set(body)
    assert "2026-12-07" == body["safety_codename_used_on"]
    assert source == source_from_file(json.loads(json.dumps(body)))


def test_a_file_of_an_older_desk_is_read(tmp_path: Path) -> None:
    """Midnight datetimes for days, fields not kept yet: read, with the defaults."""
    source_uuid, batch_uuid, item_uuid = (str(uuid.uuid4()) for _ in range(3))
    older = {
        "uuid": source_uuid,
        "journalist_designation": "quiet-heron",
        "last_updated": "2026-11-26T00:00:00",
        "number_of_replies": 0,
        "submissions": [
            {"uuid": item_uuid, "kind": "message", "batch_uuid": batch_uuid, "received_on": "2026-11-26T00:00:00"}
        ],
    }
    source = source_from_file(older)
    assert (source.last_updated, source.key, source.status) == (datetime.date(2026, 11, 26), None, "")
    (submission,) = source.submissions
    assert (submission.uuid, submission.received_on, submission.download_url) == (
        item_uuid,
        datetime.date(2026, 11, 26),
        None,
    )
    assert "2026-11-26" == source_file(dataclasses.replace(source))["last_updated"]


@pytest.mark.parametrize(
    "change",
    [
        {"uuid": "../../etc"},
        {"last_updated": "../../../."},
        {"submissions": [{"uuid": str(uuid.uuid4()), "batch_uuid": "../x", "received_on": "2026-11-26"}]},
        {"submissions": [{"uuid": str(uuid.uuid4()), "batch_uuid": str(uuid.uuid4()), "received_on": "/dev/shm"}]},
        {"number_of_replies": "12; rm -rf ~"},
        {"journalist_designation": 12},
    ],
)
def test_a_file_that_lies_is_refused(change: dict[str, Any]) -> None:
    body = {"uuid": str(uuid.uuid4()), "journalist_designation": "quiet-heron", **change}
    with pytest.raises(UntrustedValue):
        source_from_file(body)
