"""The composition root: builds every service from Settings. Web apps and the CLI call this."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from tipline.audit.service import AuditLog, RetentionAudit
from tipline.cases.service import CaseService
from tipline.config import Settings
from tipline.crypto.keys import Argon2Cost
from tipline.crypto.passphrases import PassphraseHasher
from tipline.crypto.totp_at_rest import TotpSecretSealer
from tipline.db import SessionFactory, make_engine, make_session_factory
from tipline.i18n import load_wordlist
from tipline.journalists.security_keys import SecurityKeyService
from tipline.journalists.service import JournalistService
from tipline.journalists.throttle import DatabaseLoginThrottle, ThrottleLimits
from tipline.journalists.totp_sealing import TotpSealing
from tipline.keyring import KeyRing
from tipline.newsroom.content import NewsroomContent
from tipline.newsroom.questionnaires import QuestionnaireAdmin
from tipline.newsroom.security_keys import SecurityKeyManagement
from tipline.newsroom.service import NewsroomService
from tipline.newsroom.unit_of_work import UnitOfWork
from tipline.questionnaires.service import QuestionnaireService
from tipline.retention import AuditRecorder, RetentionPolicy, RetentionService
from tipline.sources.codenames import codename_scheme
from tipline.sources.service import SourceService
from tipline.state import SharedState, build_shared_state
from tipline.storage import BlobStore, LocalBlobStore
from tipline.storage.s3 import S3BlobStore, S3Location
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
    questionnaires: QuestionnaireService
    # Web sessions: in memory, the database or Redis (several app servers).
    state: SharedState = field(default_factory=lambda: SharedState("memory"))

    @property
    def key_management(self) -> SecurityKeyManagement:
        """Adding (after re-authentication), listing and removing keys, audited; holds no state."""
        return SecurityKeyManagement(self.security_keys, self.journalists, UnitOfWork(self.sessions, self.store))

    @property
    def keyring(self) -> KeyRing:
        """The newsroom's current recipient and the ones it replaced; holds no state."""
        return KeyRing(self.sessions, self.settings.newsroom_recipient)

    @property
    def questionnaire_admin(self) -> QuestionnaireAdmin:
        """Questionnaires for journalists: admins change them, audited; holds no state."""
        return QuestionnaireAdmin(self.questionnaires, UnitOfWork(self.sessions, self.store))

    def close(self) -> None:
        self.state.close()
        self.engine.dispose()


# Written once every journalist's TOTP secret is sealed; from then on plaintext ones are refused.
TOTP_SEALED_MARKER = "totp-secrets-sealed"


def build_store(settings: Settings) -> BlobStore:
    """The S3-compatible bucket when one is configured, else the local folder."""
    if settings.s3_bucket:
        return S3BlobStore(
            S3Location(
                bucket=settings.s3_bucket,
                endpoint_url=settings.s3_endpoint_url or None,
                access_key_id=settings.s3_access_key_id or None,
                secret_access_key=settings.s3_secret_access_key or None,
                region=settings.s3_region,
                prefix=settings.s3_prefix,
            )
        )
    return LocalBlobStore(settings.effective_store_dir)


def prepare_store(settings: Settings) -> BlobStore:
    """Create the folder or the bucket (tipline init)."""
    store = build_store(settings)
    if isinstance(store, S3BlobStore):
        store.ensure_bucket()
    return store


def build_services(settings: Settings) -> Services:
    engine = make_engine(settings.effective_database_url)
    sessions = make_session_factory(engine)
    store = build_store(settings)
    wordlist = load_wordlist("en")
    codename_kdf = settings.codename_kdf
    passphrase_kdf = settings.passphrase_kdf
    sources = SourceService(
        sessions,
        wordlist,
        settings.codename_words,
        bytes.fromhex(settings.codename_salt),
        Argon2Cost(codename_kdf.time_cost, codename_kdf.memory_kib, codename_kdf.parallelism),
        scheme=codename_scheme(settings.codename_words, settings.default_locale),
        kdf_slots=settings.source_kdf_concurrency,
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
        totp_sealer=TotpSecretSealer(settings.journalist_secret_key),
        sealed_marker=settings.data_dir / TOTP_SEALED_MARKER,
    )
    with contextlib.suppress(DBAPIError, OSError):  # no tables yet (before `tipline db upgrade`)
        journalists.mark_if_all_sealed()

    keyring = KeyRing(sessions, settings.newsroom_recipient)

    def recipients() -> list[str]:
        # Read at each encryption: a rotation reaches every server at once, and a retired
        # newsroom recipient is never used again (docs/key-rotation-design.md).
        return [keyring.current(), *journalists.active_recipients()]

    submissions = SubmissionService(sessions, store, recipients, settings.max_upload_bytes)
    state = build_shared_state(settings.effective_shared_state, sessions, settings.redis_url, settings.redis_prefix)
    cases = CaseService(sessions, settings.statuses, recipients)
    audit = AuditLog(sessions)
    content = NewsroomContent(sessions, store, recipients)
    newsroom = NewsroomService(
        sessions,
        journalists,
        cases,
        content=content,
        audit=audit,
        unit_of_work=UnitOfWork(sessions, store),
    )
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
        state=state,
        questionnaires=QuestionnaireService(sessions),
    )


def record_new_instance(settings: Settings) -> None:
    """What a new instance records once (`tipline init`): its first newsroom key's day, and the
    TOTP marker build_services would write (no journalist, so no plaintext secret). Without
    building every service: the codename lists and a dummy passphrase hash at the full Argon2
    cost are nothing init uses."""
    engine = make_engine(settings.effective_database_url)
    try:
        sessions = make_session_factory(engine)
        KeyRing(sessions, settings.newsroom_recipient).record_initial()
        sealer = TotpSecretSealer(settings.journalist_secret_key)
        TotpSealing(sessions, sealer, settings.data_dir / TOTP_SEALED_MARKER).mark_if_all_sealed()
    finally:
        engine.dispose()


def build_retention(services: Services, audit: AuditRecorder | None = None) -> RetentionService:
    """The retention job; by default each deletion is written to the audit log."""
    return RetentionService(
        services.sessions,
        services.store,
        RetentionPolicy.from_settings(services.settings),
        audit if audit is not None else RetentionAudit(services.audit),
    )
