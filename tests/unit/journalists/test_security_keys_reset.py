"""A 2FA reset and a deactivation remove the journalist's security keys, and the audit log says so."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories.journalists import current_code, make_journalist
from tipline.audit.models import AuditEntry
from tipline.journalists.models import SecurityKey
from tipline.services import Services


def _give_key(services: Services, journalist_id: int, name: str) -> None:
    """A key row as registration leaves it (registration itself needs a browser: tests/browser)."""
    with services.sessions.begin() as session:
        session.add(SecurityKey(journalist_id=journalist_id, credential_id=name, public_key=b"k", name=name))


def _keys(services: Services, journalist_id: int) -> list[str]:
    with services.sessions() as session:
        return list(session.scalars(select(SecurityKey.name).where(SecurityKey.journalist_id == journalist_id)))


@pytest.mark.parametrize("action", ["reset_totp", "deactivate"])
def test_a_reset_or_a_deactivation_removes_the_keys_and_is_audited(services: Services, action: str) -> None:
    admin = make_journalist(services, "editor", is_admin=True)
    actor = services.newsroom.login(admin.username, admin.passphrase, current_code(admin), "web")
    assert actor is not None
    reporter = make_journalist(services)
    other = make_journalist(services, "other")
    reporter_id = services.journalists.get(reporter.uuid).id
    other_id = services.journalists.get(other.uuid).id
    _give_key(services, reporter_id, "kim-key-1")
    _give_key(services, reporter_id, "kim-key-2")
    _give_key(services, other_id, "other-key")

    getattr(services.newsroom, action)(actor, reporter.uuid, "web")

    assert [] == _keys(services, reporter_id)
    assert ["other-key"] == _keys(services, other_id)
    with services.sessions() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.target_journalist, AuditEntry.detail).where(
                AuditEntry.action == "remove_security_keys"
            )
        ).all()
    assert [("remove_security_keys", "reporter", "2")] == [tuple(entry) for entry in entries]
