"""Cases, claims, evidence and source relations, stored in ``DESK_DIR/newsroom.sqlite``.

This database has its own declarative base: it lives on the desk, never on the server, and holds
what journalists conclude (claims and which submission backs them), not the material itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ForeignKey, MetaData, String, Text, UniqueConstraint, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

from tipline.desk.errors import CaseRecordNotFound

# The case store's file. Its name predates the name "case store" and stays: desks already keep
# their cases in it ("newsroom" here meant the journalists' shared work, not the server).
DATABASE_FILE = "newsroom.sqlite"
TESTIMONY = "testimony"
DOCUMENT = "document"


class CaseStoreBase(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _today() -> datetime.date:
    # Day granularity, as everywhere in Tipline.
    return datetime.datetime.now(datetime.UTC).date()


class Case(CaseStoreBase):
    """A story the newsroom works on: its claims, their evidence and the sources behind them.

    Named apart from the server's per-source triage, `cases.models.TriageCase`.
    """

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    created: Mapped[datetime.date] = mapped_column(default=_today)
    claims: Mapped[list[Claim]] = relationship(back_populates="case", cascade="all, delete-orphan", order_by="Claim.id")
    sources: Mapped[list[CaseSource]] = relationship(cascade="all, delete-orphan", order_by="CaseSource.designation")

    def designations(self) -> list[str]:
        """Sources attached to the case, and every source whose submission backs one of its claims."""
        found = {s.designation for s in self.sources}
        found.update(e.designation for claim in self.claims for e in claim.evidence)
        return sorted(found)


class CaseSource(CaseStoreBase):
    """A source attached to a case, with how to attribute it ("Russia") per language."""

    __tablename__ = "case_source"
    __table_args__ = (UniqueConstraint("case_id", "designation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    designation: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100), default="")
    region_ko: Mapped[str] = mapped_column(String(100), default="")


class Claim(CaseStoreBase):
    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime.date] = mapped_column(default=_today)
    case: Mapped[Case] = relationship(back_populates="claims")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class Evidence(CaseStoreBase):
    """A submission that backs a claim: the source's own words (testimony) or a document."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("claim_id", "submission"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    submission: Mapped[str] = mapped_column(String(500))
    designation: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    quote: Mapped[str | None] = mapped_column(Text, default=None)
    # Why a journalist judged this document independent of the testimony it backs (claim link
    # --independent REASON); None: a document counts only when another independent source sent it.
    independent_reason: Mapped[str | None] = mapped_column(Text, default=None)
    claim: Mapped[Claim] = relationship(back_populates="evidence")


class SourceRelation(CaseStoreBase):
    """Two sources a journalist judged not independent (same family, same workplace …), and why."""

    __tablename__ = "source_relation"
    __table_args__ = (UniqueConstraint("first", "second"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(String(100))
    second: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)


def open_store(desk_dir: Path) -> CaseStore:
    return CaseStore(open_case_engine(desk_dir / DATABASE_FILE))


def open_case_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted claims are overwritten, not left in free pages
        cursor.close()

    CaseStoreBase.metadata.create_all(engine)
    _add_missing_columns(engine)
    if path.exists():
        path.chmod(0o600)
    return engine


# Columns added after the first release: (table, column, SQL type). create_all makes missing tables,
# never missing columns, and a desk's newsroom.sqlite outlives upgrades.
ADDED_COLUMNS = (("evidence", "independent_reason", "TEXT"),)


def _add_missing_columns(engine: Engine) -> None:
    with engine.begin() as connection:
        for table, column, sql_type in ADDED_COLUMNS:
            present = {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
            if column not in present:
                connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


Row = TypeVar("Row", Case, Claim)


def _get(session: Session, model: type[Row], key: int, what: str) -> Row:
    found = session.get(model, key)
    if found is None:
        raise CaseRecordNotFound(f"no {what} {key}")
    return found


class CaseStore:
    """The desk's cases, claims, evidence and source relations (DESK_DIR/newsroom.sqlite)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # Cases ---------------------------------------------------------------------------------

    @staticmethod
    def get_case(session: Session, case_id: int) -> Case:
        return _get(session, Case, case_id, "case")

    @staticmethod
    def get_claim(session: Session, claim_id: int) -> Claim:
        return _get(session, Claim, claim_id, "claim")

    @staticmethod
    def list_cases(session: Session) -> list[Case]:
        return list(session.scalars(select(Case).order_by(Case.id)))

    @staticmethod
    def add_case(session: Session, title: str) -> Case:
        case = Case(title=title)
        session.add(case)
        session.flush()
        return case

    @staticmethod
    def attach_source(case: Case, designation: str, region: str = "", region_ko: str = "") -> None:
        for existing in case.sources:
            if existing.designation == designation:
                existing.region = region or existing.region
                existing.region_ko = region_ko or existing.region_ko
                return
        case.sources.append(CaseSource(designation=designation, region=region, region_ko=region_ko))

    # Claims --------------------------------------------------------------------------------

    @staticmethod
    def add_claim(session: Session, case: Case, text: str) -> Claim:
        claim = Claim(text=text)
        case.claims.append(claim)
        session.flush()
        return claim

    @staticmethod
    def detach_source(case: Case, designation: str) -> None:
        kept = [s for s in case.sources if s.designation != designation]
        if len(kept) == len(case.sources):
            raise CaseRecordNotFound(f"{designation} is not attached to case {case.id}")
        case.sources = kept

    @staticmethod
    def link(
        claim: Claim,
        submission: str,
        designation: str,
        kind: str,
        quote: str | None,
        *,
        independent_reason: str | None = None,
    ) -> Evidence:
        for evidence in claim.evidence:
            if evidence.submission == submission:
                evidence.kind, evidence.quote = kind, quote or evidence.quote
                evidence.independent_reason = independent_reason or evidence.independent_reason
                return evidence
        evidence = Evidence(
            submission=submission,
            designation=designation,
            kind=kind,
            quote=quote,
            independent_reason=independent_reason,
        )
        claim.evidence.append(evidence)
        return evidence

    @staticmethod
    def unlink(claim: Claim, submission: str) -> None:
        kept = [e for e in claim.evidence if e.submission != submission.strip("/")]
        if len(kept) == len(claim.evidence):
            raise CaseRecordNotFound(f"claim {claim.id} has no evidence {submission!r}")
        claim.evidence = kept

    # Source relations ----------------------------------------------------------------------

    @staticmethod
    def relate(session: Session, first: str, second: str, reason: str) -> None:
        a, b = sorted((first, second))
        existing = session.scalar(select(SourceRelation).where(SourceRelation.first == a, SourceRelation.second == b))
        if existing is not None:
            existing.reason = reason
        else:
            session.add(SourceRelation(first=a, second=b, reason=reason))

    @staticmethod
    def unrelate(session: Session, first: str, second: str) -> None:
        a, b = sorted((first, second))
        existing = session.scalar(select(SourceRelation).where(SourceRelation.first == a, SourceRelation.second == b))
        if existing is None:
            raise CaseRecordNotFound(f"{a} and {b} are not marked related")
        session.delete(existing)

    @staticmethod
    def relations(session: Session) -> list[SourceRelation]:
        return list(session.scalars(select(SourceRelation).order_by(SourceRelation.first, SourceRelation.second)))
