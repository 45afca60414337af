"""A small newsroom for the security-property tests: one source that sent a message and got a
reply, an admin, a journalist, and the values that fill every <placeholder> of both URL maps."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories.journalists import make_journalist
from tests.factories.sources import make_source
from tipline.config import Settings
from tipline.journalists.records import NewJournalist
from tipline.services import Services


@dataclass(frozen=True)
class Newsroom:
    admin: NewJournalist
    reporter: NewJournalist
    source_uuid: str
    codename: str
    values: dict[str, str]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """English pages (the default is Korean), and an upload limit small enough to exceed cheaply."""
    return settings.replace(default_locale="en", max_upload_bytes=64 * 1024, max_message_bytes=64 * 1024)


@pytest.fixture
def newsroom(services: Services) -> Newsroom:
    admin = make_journalist(services, "editor", is_admin=True)
    reporter = make_journalist(services, "reporter")
    source = make_source(services, "The harbour master keeps a second ledger.")
    admin_view = services.journalists.get(admin.uuid)
    reply_uuid = services.newsroom.reply(admin_view, source.uuid, "Thank you. Can you say more?", "web")
    values = {
        "source_uuid": source.uuid,
        "submission_uuid": source.batches[0].submission_uuids[0],
        "batch_uuid": source.batches[0].batch_uuid,
        "reply_uuid": reply_uuid,
        "journalist_uuid": reporter.uuid,
        "action": "deactivate",
        "filename": "style.css",
        "key_id": "1",
    }
    return Newsroom(admin, reporter, source.uuid, source.codename, values)
