"""TOTP secrets at rest: which are still plaintext or do not open, sealing the plaintext ones,
and the marker file after which a plaintext secret is refused as tampering."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from tipline.crypto.totp_at_rest import TotpSecretSealer, TotpSecretUnreadable, is_legacy_plaintext, is_sealed
from tipline.db import SessionFactory
from tipline.journalists.models import Journalist


@dataclass(frozen=True)
class TotpSecretsAtRest:
    """Usernames whose TOTP secret is still plaintext, and whose secret does not open."""

    plaintext: list[str]
    unreadable: list[str]


class TotpSealing:
    def __init__(self, sessions: SessionFactory, totp: TotpSecretSealer, sealed_marker: Path | None) -> None:
        # A file beside the configuration, written once every TOTP secret is sealed: from then on
        # a plaintext secret in the database is refused (whoever can write the database but not
        # read tipline.toml could otherwise set a secret of their own and log in as anyone).
        self._sessions = sessions
        self._totp = totp
        self._sealed_marker = sealed_marker

    def totp_secrets_at_rest(self) -> TotpSecretsAtRest:
        """Which journalists' TOTP secrets are still plaintext, and which do not open (`tipline check`)."""
        found = TotpSecretsAtRest([], [])
        with self._sessions() as session:
            rows = session.execute(
                select(Journalist.username, Journalist.uuid, Journalist.totp_secret).order_by(Journalist.username)
            )
            for username, journalist_uuid, stored in rows:
                if not is_sealed(stored):
                    (found.plaintext if is_legacy_plaintext(stored) else found.unreadable).append(username)
                    continue
                try:
                    self._totp.open(stored, journalist_uuid)
                except TotpSecretUnreadable:
                    found.unreadable.append(username)
        return found

    def plaintext_refused(self) -> bool:
        """Whether every TOTP secret was sealed once, so that plaintext ones are refused."""
        return self._sealed_marker is not None and self._sealed_marker.exists()

    def mark_if_all_sealed(self) -> bool:
        """Write the marker once no plaintext secret is left (at start, after sealing); whether set."""
        if self._sealed_marker is None or self.plaintext_refused():
            return self.plaintext_refused()
        if self.totp_secrets_at_rest().plaintext:
            return False
        partial = self._sealed_marker.with_name(self._sealed_marker.name + ".new")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as marker:
            marker.write("Every journalist's TOTP secret is sealed: plaintext secrets are refused. Keep this file.\n")
        os.replace(partial, self._sealed_marker)
        return True

    def seal_plaintext_totp_secrets(self) -> list[str]:
        """Seal every TOTP secret still stored in plaintext; the usernames concerned. Once all were
        sealed, a plaintext one is tampering, not a leftover: it is reported, never sealed."""
        if self.plaintext_refused():
            return []
        sealed = []
        with self._sessions.begin() as session:
            for journalist in session.scalars(select(Journalist).order_by(Journalist.username)):
                if not is_sealed(journalist.totp_secret) and is_legacy_plaintext(journalist.totp_secret):
                    journalist.totp_secret = self._totp.seal(journalist.totp_secret, journalist.uuid)
                    sealed.append(journalist.username)
        self.mark_if_all_sealed()
        return sealed
