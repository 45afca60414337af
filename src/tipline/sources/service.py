"""Source accounts: creation from a codename, login, and lookups."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tipline.crypto import codenames
from tipline.crypto.codenames import CodenameList, CodenameScheme
from tipline.crypto.keys import Argon2Cost, SourceKeys, derive_source_keys
from tipline.crypto.safety_seal import open_seal, random_seal, seal_link
from tipline.db import SessionFactory, today
from tipline.errors import CodenameTaken, SafetyCodenameInvalid, SourcesBusy
from tipline.sequence import take_stamps
from tipline.sources.designations import random_designation
from tipline.sources.models import Source

# How long a creation or login waits for a KDF slot before giving up. Long enough to smooth a
# burst of honest logins (one run takes ~0.15 s), short enough that a flood cannot pin all the
# server's threads in the queue: they answer "busy" and are free again.
KDF_WAIT_SECONDS = 1.0


@dataclass(frozen=True, repr=False)
class SourceLogin:
    """A logged-in source: its id and the identity that opens its replies. Lives in memory only."""

    source_id: int
    source_uuid: str
    identity: str

    def __repr__(self) -> str:
        return f"SourceLogin(source_id={self.source_id})"


class SourceService:
    def __init__(
        self,
        sessions: SessionFactory,
        wordlist: Sequence[str],
        codename_words: int,
        salt: bytes,
        kdf: Argon2Cost,
        *,
        scheme: CodenameScheme | None = None,
        kdf_slots: int = 2,
        kdf_wait_seconds: float = KDF_WAIT_SECONDS,
    ) -> None:
        """``wordlist`` and ``codename_words`` make a one-language scheme; ``scheme`` (several
        languages, see tipline.sources.codenames) replaces them when given. At most ``kdf_slots``
        KDF runs happen at once in this process (the ``source_kdf_concurrency`` setting)."""
        self._sessions = sessions
        self._scheme = scheme or CodenameScheme({"en": CodenameList(tuple(wordlist), codename_words)}, "en")
        self._salt = salt
        self._kdf = kdf
        # Argon2id releases the GIL, so without a bound every server thread could run it at once:
        # 64 MiB each and every core busy, while the journalist interface waits for CPU.
        self._kdf_slots = threading.BoundedSemaphore(kdf_slots)
        self._kdf_wait_seconds = kdf_wait_seconds

    @contextmanager
    def kdf_slot(self) -> Iterator[None]:
        """Hold one of the process's KDF slots; SourcesBusy if none frees up in time."""
        if not self._kdf_slots.acquire(timeout=self._kdf_wait_seconds):
            raise SourcesBusy()
        try:
            yield
        finally:
            self._kdf_slots.release()

    def generate_codename(self, language: str | None = None) -> str:
        """A new codename in the source's language (the default language if it has no list)."""
        return self._scheme.generate(language)

    def derive_keys(self, codename: str) -> SourceKeys:
        # Whatever language the codename is in: the scheme's normal form alone decides the key.
        normal = self._scheme.normalise(codename)
        with self.kdf_slot():
            return derive_source_keys(normal, self._salt, self._kdf)

    def create(self, codename: str, safety_codename: str | None = None) -> SourceLogin:
        """A new account for ``codename``; with ``safety_codename``, a second, empty account too,
        whose login marks this one (docs/duress-design.md). Returns the login of the real account."""
        if safety_codename is not None and self._scheme.normalise(safety_codename) == self._scheme.normalise(codename):
            raise SafetyCodenameInvalid()
        keys = self.derive_keys(codename)
        safety = self.derive_keys(safety_codename) if safety_codename is not None else None
        for _attempt in range(20):
            designations = [random_designation(), random_designation()]
            if _attempt >= 10:
                designations = [d + f"-{secrets.randbelow(900) + 100}" for d in designations]
            with self._sessions.begin() as session:
                lookups = [keys.lookup] + ([safety.lookup] if safety is not None else [])
                if session.scalar(select(Source.id).where(Source.lookup.in_(lookups))) is not None:
                    raise CodenameTaken()
                if len(set(designations)) < 2 or session.scalar(
                    select(Source.id).where(Source.designation.in_(designations))
                ):
                    continue
                source = Source(
                    designation=designations[0],
                    lookup=keys.lookup,
                    recipient=keys.recipient,
                    seal=random_seal(),
                )
                rows = [source]
                if safety is not None:
                    source.uuid = str(uuid.uuid4())
                    rows.append(
                        Source(
                            designation=designations[1],
                            lookup=safety.lookup,
                            recipient=safety.recipient,
                            seal=seal_link(safety.identity, safety.lookup, source.uuid),
                        )
                    )
                    # In a random order: ids and stamps in creation order must not say which
                    # of two rows made together is the real one.
                    if secrets.randbelow(2):
                        rows.reverse()
                for row in rows:
                    row.change_seq = take_stamps(session)
                    session.add(row)
                    try:
                        session.flush()
                    except IntegrityError:
                        break
                else:
                    return SourceLogin(source.id, source.uuid, keys.identity)
                session.rollback()
        raise RuntimeError("could not find a free designation")

    def login(self, codename: str) -> SourceLogin | None:
        """The source whose codename this is, or None. Costs one KDF run either way.

        A safety codename logs in to its own (empty, ordinary-looking) account and, silently,
        marks the real one with the day. Both paths do the same work: one KDF run, one seal
        opened, one lookup of a uuid (docs/duress-design.md).

        Raises SourcesBusy when no KDF slot frees up in time (see ``kdf_slot``)."""
        if not codenames.normalise(codename):
            return None
        keys = self.derive_keys(codename)
        with self._sessions.begin() as session:
            source = session.scalar(select(Source).where(Source.lookup == keys.lookup))
            real_uuid = open_seal(keys.identity, keys.lookup, source.seal if source is not None else None)
            # Always one lookup by uuid: for an ordinary account it finds nothing (a fresh uuid).
            real = session.scalar(select(Source).where(Source.uuid == (real_uuid or str(uuid.uuid4()))))
            if source is None:
                return None
            day = today()
            # A login is activity: retention counts an inactive account's days from here (day
            # granularity only, threat T1).
            if source.last_activity_on != day:
                source.last_activity_on = day
                # Listed again for syncing clients: a new day, never anything finer.
                source.change_seq = take_stamps(session)
            if real is not None and real.id != source.id:
                if source.safety_of != real.uuid:
                    source.safety_of = real.uuid
                    source.change_seq = take_stamps(session)
                if real.safety_used_on != day:
                    real.safety_used_on = day
                    real.change_seq = take_stamps(session)
            return SourceLogin(source.id, source.uuid, keys.identity)

    def exists(self, source_id: int) -> bool:
        with self._sessions() as session:
            return session.get(Source, source_id) is not None

    def touch(self, source_id: int) -> None:
        with self._sessions.begin() as session:
            source = session.get(Source, source_id)
            if source is not None and source.last_activity_on != today():
                source.last_activity_on = today()
                source.change_seq = take_stamps(session)
