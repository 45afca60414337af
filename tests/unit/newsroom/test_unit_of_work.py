"""Each journalist action is one transaction with its audit entry: an action is done and recorded,
or neither. Proved with a real fault — the audit table renamed away, so the entry's INSERT fails
in the database — on both engines: every table and every stored blob is as it was before."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from tests.factories.audit_faults import audit_table_gone, everything
from tests.factories.journalists import make_journalist
from tests.factories.sources import MadeSource, make_source, write_reply
from tipline.audit.models import AuditEntry
from tipline.cases.models import TriageCase
from tipline.crypto.age import generate_identity
from tipline.errors import BlobMissing, CaseError
from tipline.journalists.records import JournalistView
from tipline.newsroom.service import CaseChange
from tipline.questionnaires.form import Question
from tipline.services import Services
from tipline.submissions.models import Submission

VIA = "web"
RECIPIENT = generate_identity()[1]


@dataclass(frozen=True)
class Scene:
    services: Services
    actor: JournalistView
    colleague: JournalistView
    source: MadeSource
    submission_uuid: str
    batch_uuid: str
    reply_uuid: str


@pytest.fixture
def scene(services: Services) -> Scene:
    actor = services.journalists.get(make_journalist(services, "reporter", is_admin=True).uuid)
    colleague = services.journalists.get(make_journalist(services, "editor").uuid)
    source = make_source(services, "first message", "second message")
    services.newsroom.set_status(actor, source.uuid, services.cases.statuses[0], VIA)  # the case row exists
    reply_uuid = write_reply(services, source.uuid, "a reply", actor.id)
    batch = source.batches[0]
    return Scene(services, actor, colleague, source, batch.submission_uuids[0], batch.batch_uuid, reply_uuid)


def _download(s: Scene) -> None:
    s.services.newsroom.download(s.actor, s.source.uuid, s.submission_uuid, VIA).stream.close()


def _download_reply(s: Scene) -> None:
    s.services.newsroom.download_reply(s.actor, s.source.uuid, s.reply_uuid, VIA)[1].stream.close()


def _download_manifest(s: Scene) -> None:
    s.services.newsroom.download_manifest(s.actor, s.source.uuid, s.batch_uuid, VIA).stream.close()


ACTIONS: dict[str, Callable[[Scene], object]] = {
    "delete_source": lambda s: s.services.newsroom.delete_source(s.actor, s.source.uuid, VIA),
    "delete_conversation": lambda s: s.services.newsroom.delete_conversation(s.actor, s.source.uuid, VIA),
    "delete_submission": lambda s: s.services.newsroom.delete_submission(
        s.actor, s.source.uuid, s.submission_uuid, VIA
    ),
    "delete_reply": lambda s: s.services.newsroom.delete_reply(s.actor, s.source.uuid, s.reply_uuid, VIA),
    "update_case": lambda s: s.services.newsroom.update_case(
        s.actor,
        s.source.uuid,
        CaseChange(
            status=s.services.cases.statuses[-1],
            labels=("urgent", "north"),
            assign=True,
            assignee_uuid=s.colleague.uuid,
            note="meet on Tuesday",
            starred=True,
        ),
        VIA,
    ),
    "add_note": lambda s: s.services.newsroom.add_note(s.actor, s.source.uuid, "a second note", VIA),
    "reply": lambda s: s.services.newsroom.reply(s.actor, s.source.uuid, "one more reply", VIA),
    "download (seen)": _download,
    "download_reply (seen)": _download_reply,
    "download_manifest": _download_manifest,
    "download_all (seen)": lambda s: s.services.newsroom.download_all(s.actor, s.source.uuid, VIA),
    # The team's accounts: JournalistService writes in the action's transaction too.
    "add_journalist": lambda s: s.services.newsroom.add_journalist(s.actor, "newcomer", is_admin=False, via=VIA),
    "deactivate": lambda s: s.services.newsroom.deactivate(s.actor, s.colleague.uuid, VIA),
    "set_role": lambda s: s.services.newsroom.set_role(s.actor, s.colleague.uuid, is_admin=True, via=VIA),
    "reset_passphrase": lambda s: s.services.newsroom.reset_passphrase(s.actor, s.colleague.uuid, VIA),
    "reset_totp": lambda s: s.services.newsroom.reset_totp(s.actor, s.colleague.uuid, VIA),
    "set_recipient": lambda s: s.services.newsroom.set_recipient(s.actor, s.colleague.uuid, RECIPIENT, VIA),
    "set_questionnaire": lambda s: s.services.questionnaire_admin.save(
        s.actor, s.services.questionnaire_admin.languages[0], (Question("What did you see?", "text"),), VIA
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_an_action_whose_audit_entry_fails_changes_nothing(scene: Scene, action: str) -> None:
    before = everything(scene.services)
    with audit_table_gone(scene.services), pytest.raises(DBAPIError):
        ACTIONS[action](scene)
    assert before == everything(scene.services)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_same_action_is_done_and_recorded_when_the_audit_log_works(scene: Scene, action: str) -> None:
    """The control: the fault above, not something else, is what stopped the action."""
    before = everything(scene.services)
    ACTIONS[action](scene)
    after = everything(scene.services)
    entries = 5 if action == "update_case" else 1  # one entry per field changed, as before
    assert len(after["audit_log"]) == len(before["audit_log"]) + entries  # type: ignore[arg-type]
    if action != "download_manifest":  # reading a manifest changes nothing but the log
        assert before != {**after, "audit_log": before["audit_log"]}


def test_a_source_deleted_loses_its_blobs_only_after_the_commit(scene: Scene) -> None:
    services = scene.services
    blobs = set(services.store.keys())
    with audit_table_gone(services), pytest.raises(DBAPIError):
        services.newsroom.delete_source(scene.actor, scene.source.uuid, VIA)
    assert blobs == set(services.store.keys())  # the rollback kept the rows: their blobs stay
    services.newsroom.delete_source(scene.actor, scene.source.uuid, VIA)
    assert set() == set(services.store.keys())


def test_invalid_labels_after_a_valid_status_leave_the_case_as_it_was(scene: Scene) -> None:
    services = scene.services
    before = everything(services)
    change = CaseChange(status=services.cases.statuses[-1], labels=("fine", "not <valid>"), starred=True)
    with pytest.raises(CaseError):
        services.newsroom.update_case(scene.actor, scene.source.uuid, change, VIA)
    assert before == everything(services)


def test_an_inactive_assignee_after_valid_fields_leaves_the_case_as_it_was(scene: Scene) -> None:
    """The assignee is checked in the database, after the status and labels were written: the
    transaction takes them back."""
    services = scene.services
    before = everything(services)
    change = CaseChange(status=services.cases.statuses[-1], labels=("fine",), assign=True, assignee_uuid="nobody")
    with pytest.raises(CaseError):
        services.newsroom.update_case(scene.actor, scene.source.uuid, change, VIA)
    assert before == everything(services)


def test_a_missing_blob_is_not_found_and_not_recorded_as_downloaded(scene: Scene) -> None:
    services = scene.services
    with services.sessions() as session:
        key = session.scalar(select(Submission.blob).where(Submission.uuid == scene.submission_uuid))
    assert key is not None
    services.store.delete(key)
    before = everything(services)
    with pytest.raises(BlobMissing):
        services.newsroom.download(scene.actor, scene.source.uuid, scene.submission_uuid, VIA)
    assert before == everything(services)


def test_a_manifest_download_is_recorded(scene: Scene) -> None:
    _download_manifest(scene)
    with scene.services.sessions() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert ("download_manifest", scene.batch_uuid) == (entry.action, entry.detail)


def test_a_case_made_by_a_concurrent_action_is_read_again_not_refused(services: Services) -> None:
    """Two actions on a source without a case row: the second one's insert meets the first one's
    row (waiting for its commit) and uses it, on both engines."""
    actor = services.journalists.get(make_journalist(services).uuid)
    source = make_source(services, "a message")
    source_id = source.login.source_id
    finished: list[BaseException | None] = []

    first = services.sessions()
    first.begin()
    first.add(TriageCase(source_id=source_id, status=services.cases.statuses[0], starred=False))
    first.flush()  # the row is written, not committed: the other action's insert must wait for it

    def star() -> None:
        try:
            services.newsroom.star(actor, source.uuid, True, VIA)
            finished.append(None)
        except BaseException as error:  # reported to the test's thread below
            finished.append(error)

    other = threading.Thread(target=star)
    other.start()
    other.join(timeout=1.0)
    assert other.is_alive()  # waiting for the first transaction's row
    first.commit()
    first.close()
    other.join(timeout=30)
    assert [None] == finished
    with services.sessions() as session:
        case = session.get(TriageCase, source_id)
        assert case is not None
        assert case.starred
