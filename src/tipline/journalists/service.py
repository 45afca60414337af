"""Journalist accounts, authentication with passphrase + TOTP, and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import pyotp
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tipline.crypto.age import is_valid_recipient
from tipline.crypto.passphrases import PassphraseHasher, generate_passphrase
from tipline.crypto.totp_at_rest import TotpSecretSealer, TotpSecretUnreadable, is_sealed
from tipline.db import SessionFactory
from tipline.errors import JournalistError, LoginThrottled, UnknownJournalist
from tipline.i18n.messages import N_
from tipline.journalists.models import ApiToken, Journalist, SecurityKey
from tipline.journalists.records import (
    USERNAME_PATTERN,
    IssuedToken,
    JournalistView,
    NewJournalist,
    NewSecondFactor,
    normalise_username,
    view_of,
)
from tipline.journalists.throttle import LoginThrottle
from tipline.journalists.totp_sealing import TotpSealing, TotpSecretsAtRest

TOTP_ISSUER = "Tipline"

log = logging.getLogger(__name__)


def _by_username(session: Session, username: str) -> Journalist | None:
    # PostgreSQL cannot hold NUL in text and refuses it even in a comparison (an error, so a 500);
    # USERNAME_PATTERN lets no username contain one, so such a name is simply unknown, on every engine.
    if "\x00" in username:
        return None
    # Typed the way an input method gives it (decomposed Hangul is the same name).
    username = normalise_username(username)
    return session.scalar(select(Journalist).where(Journalist.username == username))


def _by_uuid(session: Session, journalist_uuid: str) -> Journalist:
    """The journalist with this uuid; UnknownJournalist if there is none."""
    journalist = session.scalar(select(Journalist).where(Journalist.uuid == journalist_uuid))
    if journalist is None:
        raise UnknownJournalist(journalist_uuid)
    return journalist


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class JournalistService:
    def __init__(
        self,
        sessions: SessionFactory,
        hasher: PassphraseHasher,
        wordlist: Sequence[str],
        token_lifetime: datetime.timedelta,
        throttle: LoginThrottle | None = None,
        *,
        totp_sealer: TotpSecretSealer,
        sealed_marker: Path | None = None,
    ) -> None:
        self.sealing = TotpSealing(sessions, totp_sealer, sealed_marker)
        self._throttle = throttle
        self._totp = totp_sealer
        self._sessions = sessions
        self._hasher = hasher
        self._wordlist = wordlist
        self._token_lifetime = token_lifetime

    @contextmanager
    def _writing(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (a NewsroomService action: its unit of work commits the change with
        the audit entry), or a transaction of this call's own."""
        if session is not None:
            yield session
        else:
            with self._sessions.begin() as own:
                yield own

    @contextmanager
    def _reading(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
        else:
            with self._sessions() as own:
                yield own

    def add(
        self, username: str, *, is_admin: bool = False, confirmed: bool = True, within: Session | None = None
    ) -> NewJournalist:
        """A new account. ``confirmed`` False: it cannot log in until a first TOTP code is
        entered (confirm_totp), so that a second factor nobody scanned never locks anyone out
        and a badly scanned one is found at once."""
        username = normalise_username(username)
        if not USERNAME_PATTERN.fullmatch(username):
            raise JournalistError(
                N_("usernames are 2–64 characters: lower-case letters, Hangul, digits, '.', '_' or '-'")
            )
        passphrase = generate_passphrase(self._wordlist, 7)
        totp_secret = pyotp.random_base32()
        with self._writing(within) as session:
            if session.scalar(select(Journalist.id).where(Journalist.username == username)):
                raise JournalistError(N_("a journalist named %(name)s exists already"), name=username)
            # The uuid is chosen here, not by the column default: the sealed secret is bound to it.
            uuid = str(uuid4())
            journalist = Journalist(
                uuid=uuid,
                username=username,
                passphrase_hash=self._hasher.hash(passphrase),
                totp_secret=self._totp.seal(totp_secret, uuid),
                is_admin=is_admin,
                totp_confirmed=confirmed,
            )
            session.add(journalist)
        uri = pyotp.TOTP(totp_secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)
        return NewJournalist(username, uuid, passphrase, totp_secret, uri, is_admin)

    def authenticate(self, username: str, passphrase: str, one_time_code: str) -> JournalistView | None:
        """The journalist if all three factors are right, else None (never says which failed)."""
        with self._sessions.begin() as session:
            journalist = _by_username(session, username)
            # Always verify a hash, so an unknown username costs the same time as a known one.
            passphrase_ok = self._hasher.verify(journalist.passphrase_hash if journalist else None, passphrase)
            if journalist is None or not passphrase_ok or not journalist.is_active:
                return None
            if not journalist.totp_confirmed:  # enrolment not finished: no login yet
                return None
            secret = self._open_totp(journalist)
            if secret is None:
                return None
            step = _accepted_totp_step(secret, one_time_code, journalist.totp_last_step)
            if step is None:
                return None
            # One use per code, atomically: the row changes only if no other login took this step
            # (or a later one) meanwhile. Writers of one row are serialised by both engines, and
            # PostgreSQL re-reads the condition after waiting for the other writer's commit.
            taken = session.execute(
                update(Journalist)
                .where(Journalist.id == journalist.id, Journalist.totp_last_step < step)
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            )
            if getattr(taken, "rowcount", 0) != 1:
                return None
            if not is_sealed(journalist.totp_secret):
                # Stored before secrets were sealed: seal it now that the key is known to be right.
                journalist.totp_secret = self._totp.seal(secret, journalist.uuid)
            view = view_of(journalist)
        self.mark_if_all_sealed()
        return view

    def confirm_totp(self, journalist_uuid: str, one_time_code: str, *, within: Session | None = None) -> bool:
        """Finish an enrolment or a 2FA reset with a first correct code; whether it was right.
        The code is used up like a login's, so it cannot then log anyone in."""
        with self._writing(within) as session:
            journalist = _by_uuid(session, journalist_uuid)
            if journalist.totp_confirmed:
                return True
            secret = self._open_totp(journalist)
            step = None if secret is None else _accepted_totp_step(secret, one_time_code, journalist.totp_last_step)
            if step is None:
                return False
            journalist.totp_last_step = step
            journalist.totp_confirmed = True
            return True

    def pending_totp_uri(self, journalist_uuid: str) -> str | None:
        """The provisioning URI of a second factor not yet confirmed (to show its QR code again
        while the new code is being entered), or None once confirmed."""
        with self._sessions() as session:
            journalist = _by_uuid(session, journalist_uuid)
            if journalist.totp_confirmed:
                return None
            secret = self._open_totp(journalist)
            if secret is None:
                return None
            return pyotp.TOTP(secret).provisioning_uri(name=journalist.username, issuer_name=TOTP_ISSUER)

    def _open_totp(self, journalist: Journalist) -> str | None:
        if not is_sealed(journalist.totp_secret) and self.sealing.plaintext_refused():
            log.warning(
                "a journalist's TOTP secret is in plaintext although every secret was sealed: refused "
                "(written into the database from outside? see `tipline check`)"
            )
            return None
        try:
            return self._totp.open(journalist.totp_secret, journalist.uuid)
        except TotpSecretUnreadable as unreadable:
            # The operator's problem (usually a changed journalist_secret_key), not the user's:
            # the login fails like any other; the log names no one, `tipline check` names the account.
            log.warning("a journalist's TOTP secret cannot be used: %s (see `tipline check`)", unreadable)
            return None

    def login(self, username: str, passphrase: str, one_time_code: str) -> JournalistView | None:
        """authenticate() behind the throttle. Raises LoginThrottled before checking anything:
        the attempt is counted first (throttle.py), so concurrent guesses cannot pass the limit."""
        if self._throttle is not None and not self._throttle.admit(username):
            raise LoginThrottled()
        journalist = self.authenticate(username, passphrase, one_time_code)
        if self._throttle is not None and journalist is not None:
            self._throttle.clear(username)
        return journalist

    def existing_username(self, username: str) -> str | None:
        """The account's username if one is called that (as typed, normalised), else None."""
        with self._sessions() as session:
            journalist = _by_username(session, username)
            return journalist.username if journalist is not None else None

    def first_factor(self, username: str, passphrase: str) -> JournalistView | None:
        """The passphrase step of a security-key login, behind the same throttle as login().
        The attempt counts whatever its outcome and is forgotten only once the key is accepted
        (login_completed): the throttle says nothing about whether the passphrase was right."""
        if self._throttle is not None and not self._throttle.admit(username):
            raise LoginThrottled()
        with self._sessions() as session:
            journalist = _by_username(session, username)
            passphrase_ok = self._hasher.verify(journalist.passphrase_hash if journalist else None, passphrase)
            return view_of(journalist) if journalist is not None and passphrase_ok and journalist.is_active else None

    def second_factor_failed(self, username: str) -> None:
        if self._throttle is not None:
            self._throttle.record_failure(username)

    def login_completed(self, username: str) -> None:
        if self._throttle is not None:
            self._throttle.clear(username)

    def issue_token(self, journalist: JournalistView) -> IssuedToken:
        token = secrets.token_urlsafe(32)
        now = datetime.datetime.now(datetime.UTC)
        # Rounded up to the hour: the row must not keep the second of a login (threat T1). The
        # token lives between api_token_hours and one hour more.
        expires_at = _next_hour(now + self._token_lifetime)
        with self._sessions.begin() as session:
            # Expired tokens work no more: their rows only say when someone logged in. Gone.
            session.execute(delete(ApiToken).where(ApiToken.expires_at <= now))
            session.add(ApiToken(token_hash=_token_hash(token), journalist_id=journalist.id, expires_at=expires_at))
        return IssuedToken(token, expires_at, journalist.uuid)

    def purge_expired_tokens(self) -> int:
        """Delete the rows of expired API tokens (also done at every login); how many."""
        now = datetime.datetime.now(datetime.UTC)
        with self._sessions.begin() as session:
            result = session.execute(delete(ApiToken).where(ApiToken.expires_at <= now))
            return int(getattr(result, "rowcount", 0) or 0)

    def journalist_for_token(self, token: str) -> JournalistView | None:
        now = datetime.datetime.now(datetime.UTC)
        with self._sessions() as session:
            row = session.execute(
                select(Journalist, ApiToken.expires_at)
                .join(ApiToken, ApiToken.journalist_id == Journalist.id)
                .where(ApiToken.token_hash == _token_hash(token))
            ).first()
            if row is None:
                return None
            journalist, expires_at = row
            if expires_at.tzinfo is None:  # SQLite returns naive datetimes
                expires_at = expires_at.replace(tzinfo=datetime.UTC)
            if expires_at <= now or not journalist.is_active:
                return None
            return view_of(journalist)

    def revoke_token(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(ApiToken).where(ApiToken.token_hash == _token_hash(token)))

    def set_age_recipient(self, username: str, recipient: str | None) -> None:
        if recipient is not None and not is_valid_recipient(recipient):
            raise JournalistError(N_("that is not an age recipient (age1…)"))
        with self._sessions.begin() as session:
            journalist = _by_username(session, username)
            if journalist is None:
                raise JournalistError(N_("no journalist named %(name)s"), name=username)
            journalist.age_recipient = recipient

    def active_recipients(self) -> list[str]:
        with self._sessions() as session:
            rows = session.scalars(
                select(Journalist.age_recipient).where(
                    Journalist.is_active.is_(True), Journalist.age_recipient.is_not(None)
                )
            )
            return [r for r in rows if r]

    def current(self, journalist_id: int, generation: int) -> JournalistView | None:
        """The journalist behind a web session, if still active and the session not revoked."""
        with self._sessions() as session:
            journalist = session.get(Journalist, journalist_id)
            if journalist is None or not journalist.is_active or journalist.session_generation != generation:
                return None
            return view_of(journalist)

    def list_all(self) -> list[JournalistView]:
        with self._sessions() as session:
            return [view_of(j) for j in session.scalars(select(Journalist).order_by(Journalist.username))]

    def get(self, journalist_uuid: str, *, within: Session | None = None) -> JournalistView:
        with self._reading(within) as session:
            journalist = _by_uuid(session, journalist_uuid)
            return view_of(journalist)

    def _change(
        self,
        journalist_uuid: str,
        *,
        revoke: bool,
        drop_keys: bool = False,
        within: Session | None = None,
        **changes: object,
    ) -> JournalistView:
        with self._writing(within) as session:
            journalist = _by_uuid(session, journalist_uuid)
            losing_admin = (
                journalist.is_admin
                and journalist.is_active
                and (changes.get("is_active") is False or changes.get("is_admin") is False)
            )
            if losing_admin and self._active_admins(session) <= 1:
                raise JournalistError(N_("the last active admin cannot be deactivated or demoted"))
            for name, value in changes.items():
                setattr(journalist, name, value)
            if revoke:
                # Revocation is immediate: tokens are deleted, and every web session carries the
                # generation it was opened with, which no longer matches (checked on each request).
                journalist.session_generation = (journalist.session_generation or 0) + 1
                session.execute(delete(ApiToken).where(ApiToken.journalist_id == journalist.id))
            if drop_keys:
                # A reset second factor, or a deactivated account, keeps no security key: a key
                # registered by whoever held the account must not outlive the reset.
                session.execute(delete(SecurityKey).where(SecurityKey.journalist_id == journalist.id))
            session.flush()
            return view_of(journalist)

    @staticmethod
    def _active_admins(session: Session) -> int:
        return len(
            session.scalars(
                select(Journalist.id).where(Journalist.is_admin.is_(True), Journalist.is_active.is_(True))
            ).all()
        )

    def security_key_count(self, journalist_uuid: str, *, within: Session | None = None) -> int:
        with self._reading(within) as session:
            return len(
                session.scalars(
                    select(SecurityKey.id)
                    .join(Journalist, Journalist.id == SecurityKey.journalist_id)
                    .where(Journalist.uuid == journalist_uuid)
                ).all()
            )

    def deactivate(self, journalist_uuid: str, *, within: Session | None = None) -> JournalistView:
        return self._change(journalist_uuid, revoke=True, drop_keys=True, within=within, is_active=False)

    def activate(self, journalist_uuid: str, *, within: Session | None = None) -> JournalistView:
        return self._change(journalist_uuid, revoke=False, within=within, is_active=True)

    def set_role(self, journalist_uuid: str, *, is_admin: bool, within: Session | None = None) -> JournalistView:
        # A role change revokes sessions so that no session keeps privileges it no longer has.
        return self._change(journalist_uuid, revoke=True, within=within, is_admin=is_admin)

    def reset_passphrase(self, journalist_uuid: str, *, within: Session | None = None) -> str:
        passphrase = generate_passphrase(self._wordlist, 7)
        self._change(journalist_uuid, revoke=True, within=within, passphrase_hash=self._hasher.hash(passphrase))
        return passphrase

    def reset_totp(
        self, journalist_uuid: str, *, confirmed: bool = True, within: Session | None = None
    ) -> NewSecondFactor:
        """A new TOTP secret; ``confirmed`` False: no login until a first code (confirm_totp)."""
        secret = pyotp.random_base32()
        sealed = self._totp.seal(secret, journalist_uuid)
        view = self._change(
            journalist_uuid,
            revoke=True,
            drop_keys=True,
            within=within,
            totp_secret=sealed,
            totp_last_step=0,
            totp_confirmed=confirmed,
        )
        uri = pyotp.TOTP(secret).provisioning_uri(name=view.username, issuer_name=TOTP_ISSUER)
        return NewSecondFactor(secret, uri)

    def set_recipient(
        self, journalist_uuid: str, recipient: str | None, *, within: Session | None = None
    ) -> JournalistView:
        if recipient is not None and not is_valid_recipient(recipient):
            raise JournalistError(N_("that is not an age recipient (age1…)"))
        return self._change(journalist_uuid, revoke=False, within=within, age_recipient=recipient)

    def count(self) -> int:
        with self._sessions() as session:
            return len(session.scalars(select(Journalist.id)).all())

    # The sealing of TOTP secrets at rest (tipline.journalists.totp_sealing), as `tipline check`,
    # `tipline db upgrade` and start-up call it.
    def totp_secrets_at_rest(self) -> TotpSecretsAtRest:
        return self.sealing.totp_secrets_at_rest()

    def plaintext_refused(self) -> bool:
        return self.sealing.plaintext_refused()

    def mark_if_all_sealed(self) -> bool:
        return self.sealing.mark_if_all_sealed()

    def seal_plaintext_totp_secrets(self) -> list[str]:
        return self.sealing.seal_plaintext_totp_secrets()


def _next_hour(moment: datetime.datetime) -> datetime.datetime:
    hour = moment.replace(minute=0, second=0, microsecond=0)
    return hour if hour == moment else hour + datetime.timedelta(hours=1)


def _accepted_totp_step(secret: str, code: str, last_step: int) -> int | None:
    """The time step the code belongs to (±1 step of drift), if not used before."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if step > last_step and secrets.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None
