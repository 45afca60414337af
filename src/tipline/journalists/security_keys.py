"""WebAuthn security keys as a second factor (the `webauthn` package does the verification).

The passphrase is always checked first (and throttled); a key only replaces the TOTP code. The
relying party ID and origin come from the caller (the web layer derives them from the request).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

from tipline.db import SessionFactory
from tipline.errors import SecurityKeyError
from tipline.i18n.messages import N_
from tipline.journalists.models import Journalist, SecurityKey

RP_NAME = "Tipline newsroom"
MAX_KEYS = 10


@dataclass(frozen=True)
class Ceremony:
    options_json: str
    challenge: bytes


@dataclass(frozen=True)
class SecurityKeyView:
    """What the lists show: never the credential or its public key."""

    id: int
    name: str
    created_on: datetime.date


@dataclass(frozen=True)
class RelyingParty:
    rp_id: str
    origin: str


class SecurityKeyService:
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def _descriptors(self, journalist_id: int) -> list[PublicKeyCredentialDescriptor]:
        with self._sessions() as session:
            ids = session.scalars(select(SecurityKey.credential_id).where(SecurityKey.journalist_id == journalist_id))
            return [PublicKeyCredentialDescriptor(id=_from_b64url(i)) for i in ids]

    def _id_for(self, username: str) -> int | None:
        if "\x00" in username:  # no username holds NUL; PostgreSQL refuses it even in a comparison
            return None
        with self._sessions() as session:
            return session.scalar(select(Journalist.id).where(Journalist.username == username))

    def authentication_for(self, rp: RelyingParty, username: str, decoy_key: bytes) -> Ceremony:
        """Options for a key login by username, whether or not the passphrase was right: they
        depend on the username only, so they say nothing about the passphrase. An unknown
        username, or one without keys, gets one decoy credential derived from the name (the same
        at every try), not an empty list that would tell which usernames have keys."""
        journalist_id = self._id_for(username)
        descriptors = self._descriptors(journalist_id) if journalist_id is not None else []
        if not descriptors:
            decoy = hmac.new(decoy_key, username.encode("utf-8", "replace"), hashlib.sha512).digest()
            descriptors = [PublicKeyCredentialDescriptor(id=decoy)]
        options = generate_authentication_options(
            rp_id=rp.rp_id, allow_credentials=descriptors, user_verification=UserVerificationRequirement.DISCOURAGED
        )
        return Ceremony(options_to_json(options), options.challenge)

    def verify_for(self, rp: RelyingParty, username: str, challenge: bytes, credential: str) -> int | None:
        """The journalist's id if the assertion comes from one of this username's keys."""
        journalist_id = self._id_for(username)
        if journalist_id is None:
            return None
        return journalist_id if self.verify(rp, journalist_id, challenge, credential) else None

    def count(self, journalist_id: int) -> int:
        with self._sessions() as session:
            return (
                session.scalar(select(func.count(SecurityKey.id)).where(SecurityKey.journalist_id == journalist_id))
                or 0
            )

    def list_for(self, journalist_id: int) -> list[SecurityKeyView]:
        with self._sessions() as session:
            rows = session.scalars(
                select(SecurityKey).where(SecurityKey.journalist_id == journalist_id).order_by(SecurityKey.id)
            )
            return [SecurityKeyView(key.id, key.name, key.created_on) for key in rows]

    def remove(self, journalist_id: int, key_id: int, *, within: Session) -> SecurityKeyView | None:
        """Removes one of this journalist's keys, in the caller's transaction (an audited action's);
        None if they hold no key of that id (another journalist's key id removes nothing)."""
        key = within.scalar(
            select(SecurityKey).where(SecurityKey.id == key_id, SecurityKey.journalist_id == journalist_id)
        )
        if key is None:
            return None
        view = SecurityKeyView(key.id, key.name, key.created_on)
        within.execute(delete(SecurityKey).where(SecurityKey.id == key.id))
        return view

    def registration(self, rp: RelyingParty, journalist_id: int) -> Ceremony:
        with self._sessions() as session:
            journalist = session.get(Journalist, journalist_id)
            if journalist is None:
                raise SecurityKeyError(N_("no such journalist"))
            username, user_id = journalist.username, journalist.uuid.encode("ascii")
        options = generate_registration_options(
            rp_id=rp.rp_id,
            rp_name=RP_NAME,
            user_name=username,
            user_id=user_id,
            exclude_credentials=self._descriptors(journalist_id),
        )
        return Ceremony(options_to_json(options), options.challenge)

    def register(
        self, rp: RelyingParty, journalist_id: int, challenge: bytes, credential: str, name: str, *, within: Session
    ) -> None:
        """Verify the key's answer and add it in the caller's transaction (an audited action's)."""
        if self.count(journalist_id) >= MAX_KEYS:
            raise SecurityKeyError(N_("at most %(count)s security keys per journalist"), count=MAX_KEYS)
        try:
            verified = verify_registration_response(
                credential=credential, expected_challenge=challenge, expected_rp_id=rp.rp_id, expected_origin=rp.origin
            )
        except (WebAuthnException, ValueError, KeyError, TypeError, RecursionError) as error:  # any malformed answer
            raise SecurityKeyError(N_("the security key's answer did not verify")) from error
        within.add(
            SecurityKey(
                journalist_id=journalist_id,
                credential_id=bytes_to_base64url(verified.credential_id),
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
                name=name[:64],
            )
        )

    def authentication(self, rp: RelyingParty, journalist_id: int) -> Ceremony:
        options = generate_authentication_options(
            rp_id=rp.rp_id,
            allow_credentials=self._descriptors(journalist_id),
            user_verification=UserVerificationRequirement.DISCOURAGED,
        )
        return Ceremony(options_to_json(options), options.challenge)

    def verify(self, rp: RelyingParty, journalist_id: int, challenge: bytes, credential: str) -> bool:
        """True if the assertion comes from one of this journalist's keys; updates the counter."""
        try:
            raw_id = json.loads(credential).get("id", "")
        except (ValueError, AttributeError, RecursionError):  # RecursionError: "[" × 100,000
            return False
        with self._sessions.begin() as session:
            key = session.scalar(
                select(SecurityKey).where(
                    SecurityKey.credential_id == raw_id, SecurityKey.journalist_id == journalist_id
                )
            )
            if key is None:
                return False
            try:
                verified = verify_authentication_response(
                    credential=credential,
                    expected_challenge=challenge,
                    expected_rp_id=rp.rp_id,
                    expected_origin=rp.origin,
                    credential_public_key=key.public_key,
                    credential_current_sign_count=key.sign_count,
                )
            except (WebAuthnException, ValueError, KeyError, TypeError, RecursionError):
                return False
            # A counter that does not grow means a cloned key: verify_authentication_response refuses it.
            key.sign_count = verified.new_sign_count
            return True


def _from_b64url(text: str) -> bytes:
    return base64url_to_bytes(text)
