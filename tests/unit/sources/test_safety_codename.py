"""The safety codename (docs/duress-design.md): a second, empty account whose login marks the real one.

Every claim of the design note about the service and the database is tested here: what each codename
logs in to, the mark and its day, the same work on both login paths (Argon2id runs and SQL
statements counted, not timed), and what a seized database shows of an account with and without one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

import tipline.crypto.keys as keys_module
from tests.factories.journalists import current_code, make_journalist
from tipline.crypto.safety_seal import SEAL_CHARACTERS
from tipline.db import Base, today
from tipline.errors import SafetyCodenameInvalid
from tipline.services import Services
from tipline.sources.models import Source


def _with_safety(services: Services) -> tuple[str, str, int]:
    codename = services.sources.generate_codename()
    safety = services.sources.generate_codename()
    login = services.sources.create(codename, safety)
    return codename, safety, login.source_id


def _row(services: Services, source_id: int) -> Source:
    with services.sessions() as session:
        source = session.get(Source, source_id)
        assert source is not None
        session.expunge(source)
        return source


def test_each_codename_logs_in_to_its_own_account(services: Services) -> None:
    codename, safety, real_id = _with_safety(services)
    real = services.sources.login(codename)
    decoy = services.sources.login(safety)
    assert real is not None
    assert decoy is not None
    assert real.source_id == real_id
    assert decoy.source_id != real_id
    assert decoy.identity != real.identity


def test_the_safety_account_holds_nothing_of_the_real_one(services: Services) -> None:
    """A reply to the real account is neither listed nor readable in the safety one."""
    codename, safety, real_id = _with_safety(services)
    services.submissions.submit(real_id, "the real tip", [])
    reporter = services.journalists.get(make_journalist(services).uuid)
    assert reporter is not None
    services.newsroom.reply(reporter, _row(services, real_id).uuid, "a reply", "web")
    decoy = services.sources.login(safety)
    assert decoy is not None
    assert services.submissions.replies_for_source(decoy.source_id, decoy.identity) == []
    real = services.sources.login(codename)
    assert real is not None
    assert [r.text for r in services.submissions.replies_for_source(real.source_id, real.identity)] == ["a reply"]


def test_the_safety_login_marks_the_real_account_with_the_day_only(services: Services) -> None:
    _codename, safety, real_id = _with_safety(services)
    assert _row(services, real_id).safety_used_on is None
    decoy = services.sources.login(safety)
    assert decoy is not None
    real, used = _row(services, real_id), _row(services, decoy.source_id)
    assert real.safety_used_on == today()  # a Date column: no time of day can be stored
    assert used.safety_of == real.uuid
    assert used.safety_used_on is None
    assert real.safety_of is None
    # The newsroom's view: the real source marked, the safety one pointing at it.
    shown = services.newsroom.source(real.uuid)
    assert (shown.safety_used_on, shown.safety_of_uuid) == (today(), None)
    shown_decoy = services.newsroom.source(used.uuid)
    assert (shown_decoy.safety_of_uuid, shown_decoy.safety_of_designation) == (real.uuid, real.designation)


def test_the_real_codename_leaves_no_mark(services: Services) -> None:
    codename, _safety, _real_id = _with_safety(services)
    assert services.sources.login(codename) is not None
    with services.sessions() as session:
        marks = session.execute(select(Source.safety_used_on, Source.safety_of)).all()
    assert all(tuple(mark) == (None, None) for mark in marks)


def test_a_safety_codename_equal_to_the_codename_is_refused(services: Services) -> None:
    codename = services.sources.generate_codename()
    with pytest.raises(SafetyCodenameInvalid):
        services.sources.create(codename, "  " + codename.upper())
    with services.sessions() as session:
        assert session.scalar(select(Source.id)) is None


def test_a_deleted_real_account_leaves_the_safety_one_an_ordinary_account(services: Services) -> None:
    _codename, safety, real_id = _with_safety(services)
    journalist = make_journalist(services)
    actor = services.newsroom.login(journalist.username, journalist.passphrase, current_code(journalist), "web")
    assert actor is not None
    services.newsroom.delete_source(actor, _row(services, real_id).uuid, "web")
    decoy = services.sources.login(safety)
    assert decoy is not None
    assert _row(services, decoy.source_id).safety_of is None


# --- What a seized database shows ---------------------------------------------------------------

COLUMNS = [column.name for column in Source.__table__.columns]


def _shape(row: Any) -> dict[str, object]:
    """What the adversary can compare between rows without any key: which columns are empty, and
    the length of each text."""
    return {
        name: (None if getattr(row, name) is None else len(str(getattr(row, name))))
        for name in COLUMNS
        if name not in ("id", "change_seq", "designation")  # random or a counter, on every row
    }


def test_before_use_every_row_has_the_same_shape(services: Services) -> None:
    """An account without a safety codename, one with, and the safety codename's own account:
    the same columns filled, the same lengths, no mark anywhere, and nothing in any other table."""
    alone = services.sources.create(services.sources.generate_codename())
    _codename, _safety, real_id = _with_safety(services)
    with services.sessions() as session:
        rows = session.scalars(select(Source)).all()
    assert len(rows) == 3
    shapes = [_shape(row) for row in rows]
    assert shapes[0] == shapes[1] == shapes[2]
    assert shapes[0]["seal"] == SEAL_CHARACTERS
    assert shapes[0]["safety_used_on"] is None
    assert shapes[0]["safety_of"] is None
    assert {row.id for row in rows} >= {alone.source_id, real_id}
    # The uuid never appears in clear in another row (the seal is ciphertext or random).
    for row in rows:
        assert not any(other.uuid in str(row.seal) for other in rows)


def test_creating_a_safety_codename_writes_only_two_source_rows(services: Services) -> None:
    before = _counts(services)
    _with_safety(services)
    after = _counts(services)
    changed = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    assert changed == {"sources": 2}


def _counts(services: Services) -> dict[str, int]:
    with services.sessions() as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


# --- The same work on both login paths ----------------------------------------------------------


@contextmanager
def _counting(services: Services) -> Iterator[tuple[list[int], list[str]]]:
    """Argon2id runs and SQL statements (literals and parameters stripped) during the block."""
    runs: list[int] = []
    statements: list[str] = []
    real_hash = getattr(keys_module, "hash_secret_raw")  # noqa: B009 — not re-exported

    def counted(*args: Any, **kwargs: Any) -> bytes:
        runs.append(1)
        return bytes(real_hash(*args, **kwargs))

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(re.sub(r"\s+", " ", statement).strip())

    setattr(keys_module, "hash_secret_raw", counted)  # noqa: B010 — a counting spy around the real one
    event.listen(services.engine, "before_cursor_execute", record)
    try:
        yield runs, statements
    finally:
        event.remove(services.engine, "before_cursor_execute", record)
        setattr(keys_module, "hash_secret_raw", real_hash)  # noqa: B010


def test_both_login_paths_run_argon2id_once_and_the_same_statements(services: Services) -> None:
    """A login with the real codename, with the safety codename and with a wrong one: one Argon2id
    run each, and (once the day's mark is set) the very same SQL statements."""
    codename, safety, _real_id = _with_safety(services)
    assert services.sources.login(safety) is not None  # the day's mark: set once
    traces = {}
    for name, typed in (("real", codename), ("safety", safety), ("wrong", services.sources.generate_codename())):
        with _counting(services) as (runs, statements):
            services.sources.login(typed)
        traces[name] = (len(runs), statements)
    assert traces["real"][0] == traces["safety"][0] == traces["wrong"][0] == 1
    assert traces["real"][1] == traces["safety"][1] == traces["wrong"][1]


def test_the_first_safety_login_of_a_day_differs_only_by_the_mark_writes(services: Services) -> None:
    """The residual the design note states: on the first use of a day, the safety path also writes
    the mark (UPDATEs in the same transaction); every SELECT is the same as on the real path."""
    codename, safety, _real_id = _with_safety(services)
    with _counting(services) as (real_runs, real_statements):
        services.sources.login(codename)
    with _counting(services) as (safety_runs, safety_statements):
        services.sources.login(safety)
    assert len(real_runs) == len(safety_runs) == 1
    extra = [s for s in safety_statements if s not in real_statements]
    assert extra
    assert all(s.startswith("UPDATE") for s in extra)
    assert [s for s in safety_statements if s.startswith("SELECT")] == [
        s for s in real_statements if s.startswith("SELECT")
    ]
