"""Security keys as the newsroom sees them: who may add, list and remove whose keys, and the
audit entry of every change. The web interface and API v1 both call this.

Adding a key needs the passphrase and a current TOTP code in the request that starts the
registration: a stolen session alone must not be able to plant a second factor of its own.
A journalist manages their own keys; an admin anyone's.
"""

from __future__ import annotations

from tipline.audit.service import add_entry
from tipline.errors import Forbidden, ReauthenticationFailed, SecurityKeyNotFound
from tipline.journalists.records import JournalistView
from tipline.journalists.security_keys import Ceremony, RelyingParty, SecurityKeyService, SecurityKeyView
from tipline.journalists.service import JournalistService
from tipline.newsroom.unit_of_work import UnitOfWork


class SecurityKeyManagement:
    def __init__(self, keys: SecurityKeyService, journalists: JournalistService, unit_of_work: UnitOfWork) -> None:
        self._keys = keys
        self._journalists = journalists
        self._work = unit_of_work

    def _target(self, actor: JournalistView, journalist_uuid: str) -> JournalistView:
        if actor.uuid != journalist_uuid and not actor.is_admin:
            raise Forbidden()
        return self._journalists.get(journalist_uuid)  # UnknownJournalist if there is none

    def list(self, actor: JournalistView, journalist_uuid: str) -> list[SecurityKeyView]:
        return self._keys.list_for(self._target(actor, journalist_uuid).id)

    def remove(self, actor: JournalistView, journalist_uuid: str, key_id: int, via: str) -> SecurityKeyView:
        target = self._target(actor, journalist_uuid)
        with self._work() as work:  # the removal and its entry: both or neither
            removed = self._keys.remove(target.id, key_id, within=work.session)
            if removed is None:
                raise SecurityKeyNotFound()
            add_entry(
                work.session,
                actor.username,
                "remove_security_key",
                via=via,
                target_journalist=target.username,
                detail=removed.name,
            )
        return removed

    def start_registration(self, actor: JournalistView, rp: RelyingParty, passphrase: str, code: str) -> Ceremony:
        """The registration options, only for the passphrase and an unused TOTP code of the actor
        themself. Behind the login throttle (LoginThrottled), and the code is spent like a login's."""
        if self._journalists.login(actor.username, passphrase, code) is None:
            raise ReauthenticationFailed()
        return self._keys.registration(rp, actor.id)

    def register(
        self, actor: JournalistView, rp: RelyingParty, challenge: bytes, credential: str, *, name: str, via: str
    ) -> None:
        with self._work() as work:
            self._keys.register(rp, actor.id, challenge, credential, name, within=work.session)
            add_entry(
                work.session, actor.username, "add_security_key", via=via, target_journalist=actor.username, detail=name
            )
