"""The composition root: builds every service from Settings. Web apps and the CLI call this."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from tipline.audit.service import AuditLog
from tipline.cases.service import CaseService
from tipline.config import Settings
from tipline.crypto.keys import Argon2Cost
from tipline.crypto.passphrases import PassphraseHasher
from tipline.db import SessionFactory, make_engine, make_session_factory
from tipline.i18n import load_wordlist
from tipline.journalists.security_keys import SecurityKeyService
from tipline.journalists.service import JournalistService
from tipline.journalists.throttle import DatabaseLoginThrottle, ThrottleLimits
from tipline.newsroom.content import NewsroomContent
from tipline.newsroom.service import NewsroomService
from tipline.sources.service import SourceService
from tipline.storage import BlobStore, LocalBlobStore
from tipline.submissions.service import SubmissionService


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    sessions: SessionFactory
    store: BlobStore
    sources: SourceService
    journalists: JournalistService
    submissions: SubmissionService
    cases: CaseService
    audit: AuditLog
    newsroom: NewsroomService
    security_keys: SecurityKeyService

    def close(self) -> None:
        self.engine.dispose()


def build_services(settings: Settings) -> Services:
    engine = make_engine(settings.effective_database_url)
    sessions = make_session_factory(engine)
    store = LocalBlobStore(settings.effective_store_dir)
    wordlist = load_wordlist("en")
    codename_kdf = settings.codename_kdf
    passphrase_kdf = settings.passphrase_kdf
    sources = SourceService(
        sessions,
        wordlist,
        settings.codename_words,
        bytes.fromhex(settings.codename_salt),
        Argon2Cost(codename_kdf.time_cost, codename_kdf.memory_kib, codename_kdf.parallelism),
    )
    journalists = JournalistService(
        sessions,
        PassphraseHasher(passphrase_kdf.time_cost, passphrase_kdf.memory_kib, passphrase_kdf.parallelism),
        wordlist,
        datetime.timedelta(hours=settings.api_token_hours),
        DatabaseLoginThrottle(
            sessions,
            ThrottleLimits(
                settings.login_failures_per_account,
                settings.login_failures_global,
                datetime.timedelta(minutes=settings.login_throttle_minutes),
            ),
            hashlib.sha256(b"tipline-login-throttle:" + settings.journalist_secret_key.encode()).digest(),
        ),
    )

    def recipients() -> list[str]:
        return [settings.newsroom_recipient, *journalists.active_recipients()]

    submissions = SubmissionService(sessions, store, recipients, settings.max_upload_bytes)
    cases = CaseService(sessions, settings.statuses, recipients)
    audit = AuditLog(sessions)
    content = NewsroomContent(sessions, store, recipients)
    newsroom = NewsroomService(sessions, journalists, submissions, cases, content=content, audit=audit)
    return Services(
        settings,
        engine,
        sessions,
        store,
        sources,
        journalists,
        submissions,
        cases=cases,
        audit=audit,
        newsroom=newsroom,
        security_keys=SecurityKeyService(sessions),
    )
