"""What the desk keeps of the server's records, typed: inbox/<source uuid>/source.json.

A projection of the contract's records (tipline.contract.records), not a second definition:
each field here is the contract's field of the same name and type (tests/unit/desk/test_kept.py
holds them to it), optional where a file written by an older desk may lack it. One exception,
as source.json has always had it: ``key`` is the source's age recipient (the contract's
``age_recipient``; ``key.public`` in SecureDrop's object), the key this desk pinned.

The file keeps its format: the same keys, days "YYYY-MM-DD". Files of older desks (a day with a
midnight time, fields not kept yet) are read too; whatever is in the file is checked again
where it is read, since the file may come from anywhere (T9).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tipline.contract.codec import to_json
from tipline.desk.errors import UntrustedValue
from tipline.desk.untrusted import (
    MAX_DESIGNATION_CHARS,
    checked_api_path,
    checked_count,
    checked_day,
    checked_recipient,
    checked_sha256,
    checked_text,
    checked_uuid,
)

KINDS = ("message", "file")


@dataclass(frozen=True)
class KeptSubmission:
    uuid: str
    kind: str
    batch_uuid: str
    received_on: datetime.date
    size: int = 0
    sha256: str | None = None
    download_url: str | None = None
    manifest_url: str | None = None


@dataclass(frozen=True)
class KeptSource:
    uuid: str
    journalist_designation: str = ""
    key: str | None = None  # the age recipient (see the module's docstring)
    number_of_submissions: int = 0
    number_of_replies: int = 0
    created_on: datetime.date | None = None
    last_updated: datetime.date | None = None
    url: str | None = None
    submissions_url: str | None = None
    replies_url: str | None = None
    # The safety codename's marks (docs/duress-design.md); absent from a server older than them.
    safety_codename_used_on: datetime.date | None = None
    safety_codename_of: str | None = None
    # The newsroom's case status of the source ("new", "investigating" …): shown, never used.
    status: str = ""
    submissions: tuple[KeptSubmission, ...] = ()

    @property
    def name(self) -> str:
        """What the desk calls the source: its designation, or its uuid without one."""
        return self.journalist_designation or self.uuid


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _optional(value: Any, check: Any, what: str) -> Any:
    return None if value is None else check(value, what)


def checked_source(raw: Any) -> KeptSource:
    """A source as the server listed it, each field the desk keeps checked (T9); no submissions."""
    if not isinstance(raw, dict):
        raise UntrustedValue("the server sent a source that is not an object")
    used_on = _optional(raw.get("safety_codename_used_on"), checked_day, "safety codename day")
    return KeptSource(
        uuid=checked_uuid(raw.get("uuid"), "source id"),
        journalist_designation=checked_text(raw.get("journalist_designation"), "designation", MAX_DESIGNATION_CHARS),
        key=_source_key(raw),
        number_of_submissions=checked_count(raw.get("number_of_submissions", 0), "number of submissions"),
        number_of_replies=checked_count(raw.get("number_of_replies", 0), "number of replies"),
        created_on=_day(checked_day(raw.get("created_on"), "creation day")),
        last_updated=_day(checked_day(raw.get("last_updated"), "last activity day")),
        url=checked_api_path(raw.get("url"), "source URL"),
        submissions_url=checked_api_path(raw.get("submissions_url"), "submissions URL"),
        replies_url=checked_api_path(raw.get("replies_url"), "replies URL"),
        safety_codename_used_on=None if used_on is None else _day(used_on),
        safety_codename_of=_optional(raw.get("safety_codename_of"), checked_uuid, "safety codename's source"),
        status=checked_text(raw.get("status", ""), "case status", 64),
    )


def _source_key(raw: dict[str, Any]) -> str:
    """The source's age recipient ("age_recipient"); SecureDrop's "key" object must name the same."""
    recipient = checked_recipient(raw.get("age_recipient"), "source key")
    key = raw.get("key")
    if not isinstance(key, dict) or key.get("public") != recipient:
        raise UntrustedValue(
            f"the server sent a source key object that disagrees with its age_recipient: {ascii(key)[:80]}"
        )
    return recipient


def checked_submission(raw: Any) -> KeptSubmission:
    """A submission as the server listed it (or as fetch kept it), each field checked: all the
    fields fetch needs to download it."""
    if not isinstance(raw, dict):
        raise UntrustedValue("the server sent a submission that is not an object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise UntrustedValue(f"the server sent an invalid submission kind: {ascii(kind)[:80]}")
    return KeptSubmission(
        uuid=checked_uuid(raw.get("uuid"), "submission id"),
        kind=kind,
        size=checked_count(raw.get("size", 0), "size"),
        sha256=checked_sha256(raw.get("sha256")),
        received_on=_day(checked_day(raw.get("received_on"), "day of arrival")),
        batch_uuid=checked_uuid(raw.get("batch_uuid"), "batch id"),
        download_url=checked_api_path(raw.get("download_url"), "download URL"),
        manifest_url=checked_api_path(raw.get("manifest_url"), "manifest URL"),
    )


def source_from_file(raw: Any) -> KeptSource:
    """source.json as read back, written by this desk or an older one (fields it lacks take their
    defaults), each field present checked again. Offline use needs no URL: a submission without
    one is kept, and fetch checks it again in full before it downloads anything."""
    if not isinstance(raw, dict):
        raise UntrustedValue("source.json holds no source")
    listed = raw.get("submissions", [])
    if not isinstance(listed, list):
        raise UntrustedValue("source.json on this desk holds no list of submissions")
    designation = raw.get("journalist_designation") or ""
    if not isinstance(designation, str) or len(designation) > MAX_DESIGNATION_CHARS:
        raise UntrustedValue(f"source.json holds an invalid designation: {ascii(designation)[:80]}")
    status = raw.get("status") or ""
    day = _optional(raw.get("last_updated"), checked_day, "last activity day")
    created = _optional(raw.get("created_on"), checked_day, "creation day")
    used_on = _optional(raw.get("safety_codename_used_on"), checked_day, "safety codename day")
    return KeptSource(
        uuid=checked_uuid(raw.get("uuid"), "source id"),
        journalist_designation=designation,
        key=_optional(raw.get("key"), checked_recipient, "source key"),
        number_of_submissions=checked_count(raw.get("number_of_submissions") or 0, "number of submissions"),
        number_of_replies=checked_count(raw.get("number_of_replies") or 0, "number of replies"),
        created_on=None if created is None else _day(created),
        last_updated=None if day is None else _day(day),
        url=_optional(raw.get("url"), checked_api_path, "source URL"),
        submissions_url=_optional(raw.get("submissions_url"), checked_api_path, "submissions URL"),
        replies_url=_optional(raw.get("replies_url"), checked_api_path, "replies URL"),
        safety_codename_used_on=None if used_on is None else _day(used_on),
        safety_codename_of=_optional(raw.get("safety_codename_of"), checked_uuid, "safety codename's source"),
        status=checked_text(status, "case status", 64) if status else "",
        submissions=tuple(_submission_from_file(item) for item in listed),
    )


def _submission_from_file(raw: Any) -> KeptSubmission:
    if not isinstance(raw, dict):
        raise UntrustedValue("source.json holds a submission that is not an object")
    kind = raw.get("kind", "file")
    if kind not in KINDS:
        raise UntrustedValue(f"source.json holds an invalid submission kind: {ascii(kind)[:80]}")
    return KeptSubmission(
        uuid=checked_uuid(raw.get("uuid"), "submission id"),
        kind=kind,
        batch_uuid=checked_uuid(raw.get("batch_uuid"), "batch id"),
        received_on=_day(checked_day(raw.get("received_on"), "day of arrival")),
        size=checked_count(raw.get("size") or 0, "size"),
        sha256=checked_sha256(raw.get("sha256")),
        download_url=_optional(raw.get("download_url"), checked_api_path, "download URL"),
        manifest_url=_optional(raw.get("manifest_url"), checked_api_path, "manifest URL"),
    )


def source_file(source: KeptSource) -> dict[str, Any]:
    """source.json's body: the keys it has always had, days as "YYYY-MM-DD"."""
    body: dict[str, Any] = to_json(source)
    return body
