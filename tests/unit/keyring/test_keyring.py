"""KeyRing: which newsroom recipient new material goes to, and the ones it replaced."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select, update

from tests.factories.journalists import make_journalist
from tests.factories.sources import listed_sources, stored_ciphertext, write_reply
from tipline.cases.models import TriageCase
from tipline.crypto.age import DecryptionError, decrypt_bytes, generate_identity
from tipline.crypto.padding import unpad
from tipline.errors import KeyRingError
from tipline.keyring.models import NewsroomKey
from tipline.services import Services
from tipline.submissions.models import Reply


def test_before_any_rotation_the_configured_recipient_is_current_and_its_day_unknown(services: Services) -> None:
    ring = services.keyring
    assert services.settings.newsroom_recipient == ring.current()
    assert [(services.settings.newsroom_recipient, None, None)] == [
        (k.recipient, k.current_from, k.retired_on) for k in ring.history()
    ]
    assert ring.current_age().days is None


def test_a_rotation_retires_the_old_recipient_and_every_new_encryption_uses_only_the_new_one(
    services: Services, newsroom_identity: str
) -> None:
    old = services.settings.newsroom_recipient
    new_identity, new = generate_identity()
    services.keyring.rotate(new)

    assert new == services.keyring.current()
    assert [new] == services.submissions.current_recipients()
    today = datetime.datetime.now(datetime.UTC).date()
    assert [(old, None, today), (new, today, None)] == [
        (k.recipient, k.current_from, k.retired_on) for k in services.keyring.history()
    ]
    source = services.sources.create(services.sources.generate_codename())
    receipt = services.submissions.submit(source.source_id, "after the rotation", [])
    (message_uuid,) = receipt.submission_uuids
    summary = listed_sources(services)[0]
    stored = stored_ciphertext(services, message_uuid)
    # A reply typed in the web interface and a case note: the same recipients, the new key only.
    make_journalist(services, "reporter")
    (reporter,) = services.journalists.list_all()
    reply_uuid = write_reply(services, summary.uuid, "a reply", reporter.id)
    with services.sessions() as session:
        reply_key = session.scalars(select(Reply.blob).where(Reply.uuid == reply_uuid)).one()
        services.newsroom.set_note(reporter, summary.uuid, "a note", "web")
        note = session.scalars(select(TriageCase.note_ciphertext)).one()
    with services.store.open(reply_key) as blob:
        reply = blob.read()
    for ciphertext, plaintext in ((stored, b"after the rotation"), (reply, b"a reply"), (note.encode(), b"a note")):
        assert plaintext == unpad(decrypt_bytes(ciphertext, [new_identity]))
        with pytest.raises(DecryptionError):
            decrypt_bytes(ciphertext, [newsroom_identity])


def test_journalists_own_recipients_stay_beside_the_current_newsroom_one(services: Services) -> None:
    make_journalist(services, "reporter")
    _, own = generate_identity()
    services.journalists.set_age_recipient("reporter", own)
    _, new = generate_identity()
    services.keyring.rotate(new)
    assert [new, own] == services.submissions.current_recipients()


@pytest.mark.parametrize("which", ["current", "retired", "not a recipient"])
def test_a_rotation_needs_a_new_key(services: Services, which: str) -> None:
    first = services.settings.newsroom_recipient
    _, second = generate_identity()
    services.keyring.rotate(second)
    offered = {"current": second, "retired": first, "not a recipient": "age1nothing"}[which]
    with pytest.raises(KeyRingError):
        services.keyring.rotate(offered)
    assert second == services.keyring.current()
    assert 2 == len(services.keyring.history())


def test_init_records_the_first_day_and_the_age_counts_from_the_last_rotation(services: Services) -> None:
    ring = services.keyring
    ring.record_initial()
    ring.record_initial()  # once only
    (first,) = ring.history()
    assert first.current_from == datetime.datetime.now(datetime.UTC).date()
    assert 0 == ring.current_age().days
    with services.sessions.begin() as session:
        session.execute(update(NewsroomKey).values(current_from=datetime.date(2026, 1, 1)))
    assert 100 == ring.current_age(datetime.date(2026, 4, 11)).days
    _, new = generate_identity()
    ring.rotate(new)
    assert 0 == ring.current_age().days
    assert first.recipient == ring.history()[0].recipient
