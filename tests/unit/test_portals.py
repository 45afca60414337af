"""Each web interface is handed a narrow portal (tipline.portals), and the composition root fits
both: the source interface reaches no journalist, case, audit log or admin operation; the
journalist interface reaches sources' material through NewsroomService only."""

from __future__ import annotations

from tipline.portals import NewsroomDesk, Portal, SourcePortal
from tipline.services import Services


def _members(protocol: type) -> set[str]:
    return {name for klass in protocol.__mro__ if klass not in (object,) for name in vars(klass) if name[0] != "_"}


def test_the_source_interface_reaches_its_own_things_only() -> None:
    assert {"settings", "state", "sources", "submissions", "questionnaires"} == _members(SourcePortal)


def test_the_journalist_interface_has_one_door_to_sources_material() -> None:
    members = _members(NewsroomDesk)
    assert {"newsroom", "journalists", "cases", "settings", "state"} <= members
    # No way around NewsroomService: no SubmissionService, no blob store, no database.
    assert not members & {"submissions", "store", "sessions", "engine", "audit", "sources"}


def test_the_composition_root_fits_every_portal() -> None:
    for protocol in (Portal, SourcePortal, NewsroomDesk):
        missing = {name for name in _members(protocol) if not hasattr(Services, name)}
        missing -= set(Services.__dataclass_fields__)  # fields, not class attributes
        assert set() == missing, protocol.__name__
