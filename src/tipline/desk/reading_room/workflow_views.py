"""The newsroom workflow in the reading room: cases and claims with their corroboration, the
exposure check of a draft (pasted or picked) with each flag marked on its text, and saved
translations side by side with the glossary terms they contain.

Everything runs on this desk, under the offline guard; the pages only read the case store
(`case`/`claim` commands write it) and saved translations (`translate --save` writes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request

from tipline.desk.errors import DeskSettingsError, MaterialError
from tipline.desk.store import DeskFolder
from tipline.desk.workflow import material as materials
from tipline.desk.workflow.cases import DATABASE_FILE, open_store
from tipline.desk.workflow.corroboration import corroboration
from tipline.desk.workflow.settings import load_desk_settings

MAX_DRAFT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Segment:
    text: str
    flag: Any = None  # an exposure Flag, or None for unflagged text


def segments(draft: str, flags: list[Any]) -> list[Segment]:
    """The draft cut at each flag's span (overlapping flags: the first one wins its span)."""
    out: list[Segment] = []
    at = 0
    for flag in sorted(flags, key=lambda f: (f.start, -f.end)):
        start, end = max(flag.start, at), min(flag.end, len(draft))
        if start >= end:
            continue
        if start > at:
            out.append(Segment(draft[at:start]))
        out.append(Segment(draft[start:end], flag))
        at = end
    if at < len(draft):
        out.append(Segment(draft[at:]))
    return out


def cases_by_source(desk: DeskFolder) -> dict[str, list[str]]:
    """Designation → "#id title" of each desk case it belongs to (none when there is no case store)."""
    if not (desk.root / DATABASE_FILE).exists():
        return {}
    found: dict[str, list[str]] = {}
    store = open_store(desk.root)
    try:
        with store.session() as session:
            for case in store.list_cases(session):
                for designation in case.designations():
                    found.setdefault(designation, []).append(f"#{case.id} {case.title}")
    finally:
        store.close()
    return found


def register(room: Blueprint, desk: DeskFolder) -> None:
    @room.get("/cases")
    def cases() -> str:
        found: list[dict[str, Any]] = []
        problem = None
        if (desk.root / DATABASE_FILE).exists():
            try:
                rule = load_desk_settings(desk.root).corroboration
            except DeskSettingsError as error:
                return render_template("room_cases.html", cases=[], problem=str(error), rule=None)
            store = open_store(desk.root)
            try:
                with store.session() as session:
                    relations = store.relations(session)
                    for case in store.list_cases(session):
                        claims = [
                            {
                                "claim": claim,
                                "result": corroboration(claim, relations, rule),
                                "evidence": claim.evidence,
                            }
                            for claim in case.claims
                        ]
                        found.append({"case": case, "claims": claims, "designations": case.designations()})
                    return render_template("room_cases.html", cases=found, problem=problem, rule=rule)
            finally:
                store.close()
        return render_template("room_cases.html", cases=found, problem=problem, rule=None)

    @room.route("/exposure", methods=["GET", "POST"])
    def exposure() -> str:
        if request.method == "GET":
            return render_template("room_exposure.html", report=None, draft="")
        upload = request.files.get("draft_file")
        if upload is not None and upload.filename:
            draft = upload.read(MAX_DRAFT_BYTES).decode("utf-8", errors="replace")
        else:
            draft = request.form.get("draft", "")[: MAX_DRAFT_BYTES // 4]
        if not draft.strip():
            return render_template("room_exposure.html", report=None, draft="", problem="empty")
        material = list(materials.iter_material(desk.root))
        if not material:
            return render_template("room_exposure.html", report=None, draft=draft, problem="no-material")
        from tipline.desk.workflow.exposure import ExposureChecker  # the Korean analyser: loaded on use
        from tipline.desk.workflow.text import Korean

        try:
            places = load_desk_settings(desk.root).allowed_places
        except DeskSettingsError:
            places = ()
        checker = ExposureChecker(_korean(Korean), extra_places=places)
        report = checker.check_text(draft, desk.root / "draft.md", material)
        return render_template("room_exposure.html", report=report, draft=draft, segments=segments(draft, report.flags))

    @room.get("/translations")
    def translations() -> str:
        from tipline.desk.errors import GlossaryError
        from tipline.desk.workflow.translation.glossary import load_glossary

        try:
            glossary = load_glossary(load_desk_settings(desk.root).glossary)
        except (GlossaryError, DeskSettingsError) as error:
            return render_template("room_translations.html", pairs=[], problem=str(error))
        pairs = []
        for item in materials.iter_material(desk.root):
            if not item.is_translation or item.text is None:
                continue
            lang = item.path.name.rsplit(".", 2)[-2] if item.path.name.count(".") >= 2 else ""
            try:
                original = materials.resolve(desk.root, item.submission)
            except MaterialError:
                continue
            terms = [t for t in glossary if original.text and t.source in original.text]
            pairs.append(
                {"submission": item.submission, "lang": lang, "original": original, "translation": item, "terms": terms}
            )
        return render_template("room_translations.html", pairs=pairs, problem=None)


_KOREAN: list[Any] = []


def _korean(factory: Any) -> Any:
    """One Korean analyser per reading room (loading its model takes seconds)."""
    if not _KOREAN:
        _KOREAN.append(factory())
    return _KOREAN[0]


__all__ = ["Segment", "register", "segments"]
