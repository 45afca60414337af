"""Real sources with real encrypted submissions, created through the services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tipline.newsroom.content import source_ref
from tipline.newsroom.listing import SourceQuery, SourceRow
from tipline.newsroom.unit_of_work import UnitOfWork
from tipline.services import Services
from tipline.sources.service import SourceLogin
from tipline.submissions.models import Batch, Submission
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


def store_reply(services: Services, source_uuid: str, armored: str, journalist_id: int | None = None) -> str:
    """A reply the client encrypted, stored by the one reply writer in a unit of work of its own
    (as a journalist's action would, without the journalist or the audit entry)."""
    with UnitOfWork(services.sessions, services.store)() as work:
        source = source_ref(work.session, source_uuid)
        return services.newsroom.content.store_encrypted_reply(work, source, armored, journalist_id)


def write_reply(services: Services, source_uuid: str, message: str, journalist_id: int) -> str:
    """A reply typed in the web interface: the server encrypts it (one writer, one unit of work)."""
    with UnitOfWork(services.sessions, services.store)() as work:
        source = source_ref(work.session, source_uuid)
        return services.newsroom.content.reply(work, source, message, journalist_id)


def listed_sources(services: Services) -> list[SourceRow]:
    """Every source, as the newsroom lists them (latest activity first)."""
    return services.newsroom.sources(SourceQuery(per_page=None)).rows


def stored_ciphertext(services: Services, submission_uuid: str) -> bytes:
    """A submission's ciphertext as stored (read past the newsroom: no journalist, no audit entry)."""
    with services.sessions() as session:
        key = session.scalars(select(Submission.blob).where(Submission.uuid == submission_uuid)).one()
    with services.store.open(key) as blob:
        return blob.read()


def stored_manifest(services: Services, batch_uuid: str) -> bytes:
    with services.sessions() as session:
        key = session.scalars(select(Batch.manifest_blob).where(Batch.uuid == batch_uuid)).one()
    with services.store.open(key) as blob:
        return blob.read()
