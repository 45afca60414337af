"""The records of Journalist API v1 as frozen dataclasses: the one definition of each.

SecureDrop's fields come first, with SecureDrop's names and types, so that SecureDrop's clients
(securedrop-sdk, the SecureDrop Client) read them unchanged; Tipline's own fields follow as
extras that those clients ignore. Field metadata: ``fmt`` is the JSON Schema format of a string
("uuid", "date", "uri-reference"), ``doc`` a description for the OpenAPI document.

Dates are days ("2026-12-06"), never times: a finer time of a source's action would help
identify the source (threat model T1). ``change_seq`` is a counter (tipline.sequence), not a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


def _m(fmt: str = "", doc: str = "") -> dict[str, str]:
    return {"fmt": fmt, "doc": doc}


UUID = "uuid"
DAY = "date"
URL = "uri-reference"


@dataclass(frozen=True)
class SourceKey:
    """SecureDrop's key object. Tipline's sources have age keys: ``public`` is the age recipient."""

    type: str = field(metadata=_m(doc='"age" (SecureDrop: "PGP")'))
    public: str = field(metadata=_m(doc="the source's age recipient: encrypt replies to it"))
    fingerprint: str = field(metadata=_m(doc="the age recipient again: an age recipient is its own fingerprint"))


@dataclass(frozen=True)
class Assignee:
    uuid: str = field(metadata=_m(UUID))
    username: str = field(metadata=_m())


@dataclass(frozen=True)
class SourceRecord:
    # SecureDrop's fields
    uuid: str = field(metadata=_m(UUID))
    url: str = field(metadata=_m(URL))
    journalist_designation: str = field(metadata=_m(doc="a random two-word name, never anything the source chose"))
    is_flagged: bool = field(metadata=_m(doc="always false: sources need no flag to be replied to"))
    is_starred: bool = field(metadata=_m())
    last_updated: datetime.date = field(metadata=_m(DAY, "the day of the last activity"))
    interaction_count: int = field(metadata=_m(doc="how many submissions and replies the conversation has had"))
    key: SourceKey = field(metadata=_m())
    number_of_documents: int = field(metadata=_m())
    number_of_messages: int = field(metadata=_m())
    submissions_url: str = field(metadata=_m(URL))
    add_star_url: str = field(metadata=_m(URL))
    remove_star_url: str = field(metadata=_m(URL))
    replies_url: str = field(metadata=_m(URL))
    # Tipline's
    age_recipient: str = field(
        metadata=_m(doc="the source's age recipient (what `key` held before 0.x: see CHANGELOG)")
    )
    number_of_submissions: int = field(metadata=_m())
    number_of_unread: int = field(metadata=_m())
    number_of_replies: int = field(metadata=_m())
    created_on: datetime.date = field(metadata=_m(DAY))
    download_url: str = field(metadata=_m(URL))
    status: str = field(metadata=_m())
    labels: tuple[str, ...] = field(metadata=_m())
    assigned_to: Assignee | None = field(metadata=_m())
    has_note: bool = field(metadata=_m())
    change_seq: int = field(metadata=_m(doc="the stamp of the last change: see ?since="))
    safety_codename_used_on: datetime.date | None = field(
        default=None,
        metadata=_m(
            DAY,
            "the last day this source's safety codename was used (docs/duress-design.md): someone may "
            "have been watching; reply nothing sensitive. null: never used (or none made)",
        ),
    )
    safety_codename_of: str | None = field(
        default=None,
        metadata=_m(
            UUID,
            "set on the account of a safety codename once used: the uuid of the real source. What this "
            "account sent was sent under watch, and whoever watches can read replies to it",
        ),
    )


@dataclass(frozen=True)
class SubmissionRecord:
    # SecureDrop's fields
    uuid: str = field(metadata=_m(UUID))
    filename: str = field(metadata=_m(doc='"<interaction>-<designation>-msg.age" or "-doc.age": reveals nothing else'))
    size: int = field(metadata=_m(doc="bytes of ciphertext"))
    is_file: bool = field(metadata=_m())
    is_message: bool = field(metadata=_m())
    is_read: bool = field(metadata=_m(doc="seen by any journalist (downloaded, fetched or marked seen)"))
    seen_by: tuple[str, ...] = field(metadata=_m(UUID, "the uuids of the journalists who have seen it"))
    source_url: str = field(metadata=_m(URL))
    submission_url: str = field(metadata=_m(URL))
    download_url: str = field(metadata=_m(URL))
    # Tipline's
    source_uuid: str = field(metadata=_m(UUID))
    kind: str = field(metadata=_m(doc='"message" or "file"'))
    sha256: str = field(metadata=_m(doc="of the ciphertext, hex"))
    received_on: datetime.date = field(metadata=_m(DAY))
    batch_uuid: str = field(metadata=_m(UUID))
    manifest_url: str = field(metadata=_m(URL))
    url: str = field(metadata=_m(URL))
    interaction: int = field(metadata=_m(doc="its number in the conversation"))
    change_seq: int = field(metadata=_m(doc="the stamp of the last change: see ?since="))


@dataclass(frozen=True)
class ReplyRecord:
    # SecureDrop's fields
    uuid: str = field(metadata=_m(UUID))
    filename: str = field(metadata=_m(doc='"<interaction>-<designation>-reply.age"'))
    size: int = field(metadata=_m())
    journalist_username: str | None = field(metadata=_m(doc="null when the journalist no longer exists"))
    journalist_first_name: str = field(metadata=_m(doc="always empty: Tipline keeps no names"))
    journalist_last_name: str = field(metadata=_m())
    journalist_uuid: str | None = field(metadata=_m(UUID, "null when the journalist no longer exists"))
    is_deleted_by_source: bool = field(metadata=_m())
    seen_by: tuple[str, ...] = field(metadata=_m(UUID, "the uuids of the journalists who have seen it"))
    source_url: str = field(metadata=_m(URL))
    reply_url: str = field(metadata=_m(URL))
    # Tipline's
    source_uuid: str = field(metadata=_m(UUID))
    sha256: str = field(metadata=_m())
    sent_on: datetime.date = field(metadata=_m(DAY))
    url: str = field(metadata=_m(URL))
    download_url: str = field(metadata=_m(URL))
    interaction: int = field(metadata=_m())
    change_seq: int = field(metadata=_m())


@dataclass(frozen=True)
class UserRecord:
    """A journalist as SecureDrop lists them (GET /user, GET /users)."""

    uuid: str = field(metadata=_m(UUID))
    username: str = field(metadata=_m())
    first_name: str | None = field(metadata=_m(doc="always null: Tipline keeps no names"))
    last_name: str | None = field(metadata=_m())
    is_admin: bool = field(metadata=_m())


@dataclass(frozen=True)
class JournalistRecord:
    """A journalist as an admin manages them (GET /journalists and the admin routes)."""

    uuid: str = field(metadata=_m(UUID))
    username: str = field(metadata=_m())
    is_admin: bool = field(metadata=_m())
    is_active: bool = field(metadata=_m())
    age_recipient: str | None = field(metadata=_m(doc="the journalist's own age recipient, if set"))
    url: str = field(metadata=_m(URL))


@dataclass(frozen=True)
class TokenRecord:
    """POST /token's answer."""

    token: str = field(metadata=_m(doc="send as Authorization: Token <token>"))
    expiration: str = field(metadata=_m(doc="when the token stops working (ISO 8601 time)"))
    journalist_uuid: str = field(metadata=_m(UUID))
    journalist_first_name: str | None = field(metadata=_m(doc="always null: Tipline keeps no names"))
    journalist_last_name: str | None = field(metadata=_m())
    journalist_username: str = field(metadata=_m())


@dataclass(frozen=True)
class Links:
    first: str = field(metadata=_m(URL))
    last: str = field(metadata=_m(URL))
    next: str | None = field(metadata=_m(URL))
    prev: str | None = field(metadata=_m(URL))


@dataclass(frozen=True)
class Tombstone:
    """A deleted item, as a ?since= sync reports it: nothing but the SHA-256 of its uuid and the
    deletion's stamp. The server keeps no deleted uuid: a client hashes the uuids it holds."""

    uuid_sha256: str = field(metadata=_m(doc="SHA-256 of the item's uuid (its lowercase text), hex"))
    change_seq: int = field(metadata=_m(doc="the stamp of the deletion"))


_DELETED_DOC = (
    "with since: the items of this list deleted after it (empty otherwise). Deletions are kept for"
    " 30 days: an older cursor is answered 410 (sync again from since=0)"
)


@dataclass(frozen=True)
class SourceList:
    """GET /sources. Without page, per_page or since: every source, in one response."""

    sources: tuple[SourceRecord, ...] = field(metadata=_m())
    page: int = field(metadata=_m())
    per_page: int = field(metadata=_m())
    total: int = field(metadata=_m(doc="items matching, in all pages (with since: those changed after it)"))
    pages: int = field(metadata=_m())
    links: Links = field(metadata=_m())
    cursor: int = field(
        metadata=_m(doc="pass as ?since= to list what changed after this response: nothing is ever skipped")
    )
    deleted: tuple[Tombstone, ...] = field(default=(), metadata=_m(doc=_DELETED_DOC))


@dataclass(frozen=True)
class SubmissionList:
    """GET /submissions. Without page, per_page or since: every submission, in one response."""

    submissions: tuple[SubmissionRecord, ...] = field(metadata=_m())
    page: int = field(metadata=_m())
    per_page: int = field(metadata=_m())
    total: int = field(metadata=_m())
    pages: int = field(metadata=_m())
    links: Links = field(metadata=_m())
    cursor: int = field(metadata=_m())
    deleted: tuple[Tombstone, ...] = field(default=(), metadata=_m(doc=_DELETED_DOC))


@dataclass(frozen=True)
class ReplyList:
    """GET /replies. Without page, per_page or since: every reply, in one response."""

    replies: tuple[ReplyRecord, ...] = field(metadata=_m())
    page: int = field(metadata=_m())
    per_page: int = field(metadata=_m())
    total: int = field(metadata=_m())
    pages: int = field(metadata=_m())
    links: Links = field(metadata=_m())
    cursor: int = field(metadata=_m())
    deleted: tuple[Tombstone, ...] = field(default=(), metadata=_m(doc=_DELETED_DOC))


@dataclass(frozen=True)
class QuestionRecord:
    """One question of a questionnaire. PUT takes the same fields; ``order`` is optional there
    (without it, the list's order is the order shown)."""

    order: int = field(metadata=_m(doc="its place on the form, from 1"))
    text: str = field(metadata=_m(doc="at most 500 characters; never ask for anything that identifies the source"))
    kind: str = field(metadata=_m(doc='"text", "choice" (one of choices), "yesno" or "date" (a day only)'))
    required: bool = field(metadata=_m(doc="the form is refused until it is answered"))
    choices: tuple[str, ...] = field(metadata=_m(doc='2 to 20, for "choice" only; empty otherwise'))


@dataclass(frozen=True)
class QuestionnaireRecord:
    """The questions shown above the message to sources reading this language."""

    language: str = field(metadata=_m(doc="a source interface language: ko, en, ru or zh_Hans"))
    is_default: bool = field(metadata=_m(doc="true until an admin saves one: the questionnaire Tipline ships"))
    questions: tuple[QuestionRecord, ...] = field(metadata=_m(doc="at most 20, in the order shown"))
    url: str = field(metadata=_m(URL))


RECORDS: dict[str, type] = {
    "Source": SourceRecord,
    "SourceKey": SourceKey,
    "Assignee": Assignee,
    "Submission": SubmissionRecord,
    "Reply": ReplyRecord,
    "User": UserRecord,
    "Journalist": JournalistRecord,
    "Token": TokenRecord,
    "Links": Links,
    "Tombstone": Tombstone,
    "SourceList": SourceList,
    "SubmissionList": SubmissionList,
    "ReplyList": ReplyList,
    "Question": QuestionRecord,
    "Questionnaire": QuestionnaireRecord,
}
