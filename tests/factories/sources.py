"""Real sources with real encrypted submissions, created through the services."""

from __future__ import annotations

from dataclasses import dataclass

from tipline.services import Services
from tipline.sources.service import SourceLogin
from tipline.submissions.service import BatchReceipt


@dataclass(frozen=True)
class MadeSource:
    codename: str
    login: SourceLogin
    uuid: str
    batches: tuple[BatchReceipt, ...]


def make_source(services: Services, *messages: str) -> MadeSource:
    """A source that sent each message as its own batch."""
    codename = services.sources.generate_codename()
    login = services.sources.create(codename)
    batches = tuple(services.submissions.submit(login.source_id, message, []) for message in messages)
    return MadeSource(codename, login, login.source_uuid, batches)


def designation_of(services: Services, source: MadeSource) -> str:
    return services.newsroom.source(source.uuid).designation
