"""The labelled exposure corpus (tests/data/exposure_corpus): load it, run the checker, score it.

Shared by benchmarks/bench_exposure.py (prints the figures) and the unit test that fails CI when
they fall below the goal. Attachments are not labelled here (the desk tests cover them with real
files): attachment flags are left out of the scores.

A label marks a detail's first spelling only. A detail glossed in another script right beside it,
임철남(Lim Chol-nam) or 홍상무역(鸿祥贸易), is one detail written twice, and an editor must remove both:
a flag on the gloss that names the labelled detail's source counts as right (a true flag), not as a
wrong one. It is no second label: recall counts the labelled spelling alone. So is a detail flagged
inside a labelled attribution or quote ("해주시장에서 곡물 장사를 하는 한 상인"): the corpus labels no detail
inside them, and an editor removes it with them. A label marks one occurrence: a flag on the same
spelling elsewhere in the draft (its first, capitalised, or without its unit) finds it too. A position or
rank written beside a labelled name ("the manager, Yu Myong-sik", 최광혁 반장) is that one exposure too (the
corpus labels a name with its title as one), often labelled by the name alone: a flag on it is right.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.exposure_report import ATTRIBUTION, QUOTE, UNIQUE_DETAIL, Flag, Report
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.positions import positions_in
from tipline.desk.workflow.text import Korean

CORPUS = Path(__file__).resolve().parents[1] / "data" / "exposure_corpus"
HALVES = ("tuning", "heldout")
KINDS = ("detail", "quote", "attribution")
# Which flags find a label of each kind: a detail inside a flagged quote is found by the quote.
FOUND_BY = {"detail": {UNIQUE_DETAIL, QUOTE}, "quote": {QUOTE}, "attribution": {ATTRIBUTION}}
LABEL_OF_FLAG = {UNIQUE_DETAIL: "detail", QUOTE: "quote", ATTRIBUTION: "attribution"}
# The day the corpus's drafts are read on: they are drafts of December 2026 (its halves' headers), where
# "지난달 3일" and "the 3rd of last month" are 3 November. A half whose header names the day its labeller
# read relative dates against ("relative dates read against 2026-12-08") is read on that day, as a desk
# reads a draft on the day it is written: its "last Wednesday" is the labeller's.
CORPUS_DAY = datetime.date(2026, 12, 15)
READ_AGAINST = re.compile(r"relative\s+dates\s+read\s+against\s+(?:#\s*)?(\d{4}-\d{2}-\d{2})")


def corpus_checker() -> ExposureChecker:
    """The exposure checker as a desk runs it on the corpus's drafts, on their day."""
    return ExposureChecker(Korean(), today=CORPUS_DAY)


@dataclass(frozen=True)
class Exposure:
    kind: str
    start: int
    end: int
    source: str


@dataclass(frozen=True)
class Draft:
    id: str
    case: str
    lang: str
    text: str
    exposures: tuple[Exposure, ...]
    day: datetime.date = CORPUS_DAY  # the day it is read on


@dataclass
class Score:
    labels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    true_flags: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    clean_drafts: int = 0
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def recall(self, kinds: Iterable[str]) -> float:
        kinds = list(kinds)
        total = sum(self.labels[k] for k in kinds)
        return sum(self.found[k] for k in kinds) / total if total else 1.0

    def precision(self, kind: str) -> float:
        return self.true_flags[kind] / self.flags[kind] if self.flags[kind] else 1.0

    @property
    def false_alarms_per_20(self) -> float:
        return 20 * self.false_alarms / self.clean_drafts if self.clean_drafts else 0.0


def _case_files() -> list[Path]:
    """cases.toml and any cases-*.toml (the held-out half's own invented cases live apart)."""
    return sorted(CORPUS.glob("cases*.toml"))


def _draft_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.toml") if not p.name.startswith("cases"))


def _load_cases() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in _case_files():
        found += tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    # A case id written twice would pool two cases' material: every draft of both would be scored
    # against sources it never had (a held-out half once reused "nampo").
    ids = [case["id"] for case in found]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"case ids written more than once in {CORPUS}: {', '.join(duplicated)}")
    return found


def load_material() -> dict[str, list[Material]]:
    cases: dict[str, list[Material]] = {}
    for case in _load_cases():
        found = []
        for source in case["source"]:
            for item in source["material"]:
                translation = "translation" in item
                path = Path(item["submission"] + (f".{item['translation']}.txt" if translation else ""))
                found.append(Material(source["designation"], item["submission"], path, item["text"], translation))
        cases[case["id"]] = found
    return cases


def load_drafts(half: str) -> list[Draft]:
    """Every draft of ``half``, from each corpus file that declares it (``half = "…"``)."""
    assert half in HALVES, half
    entries = []
    for path in _draft_files():
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
        assert data["half"] in HALVES, path
        if data["half"] == half:
            read_against = READ_AGAINST.search(source)
            day = datetime.date.fromisoformat(read_against.group(1)) if read_against else CORPUS_DAY
            entries += [(entry, day) for entry in data["draft"]]
    drafts = []
    for entry, day in entries:
        text = entry["text"]
        exposures = []
        for label in entry.get("exposure", []):
            start = text.index(label["span"])
            exposures.append(Exposure(label["kind"], start, start + len(label["span"]), label["source"]))
        drafts.append(Draft(entry["id"], entry["case"], entry["lang"], text, tuple(exposures), day))
    return drafts


def check(checker: ExposureChecker, draft: Draft, material: list[Material]) -> Report:
    return checker.check_text(draft.text, Path(f"drafts/{draft.id}.md"), material)


def _overlaps(flag: Flag, label: Exposure) -> bool:
    return flag.start < label.end and label.start < flag.end


def _finds(flag: Flag, label: Exposure) -> bool:
    return (
        flag.kind in FOUND_BY[label.kind]
        and _overlaps(flag, label)
        and (label.kind == "attribution" or label.source in flag.sources)
    )


def _elsewhere(flag: Flag, label: Exposure, text: str) -> bool:
    """Is ``flag`` the labelled detail at another place it is written ("Thirty-eight thousand" at the start
    of a sentence, "thirty-eight thousand won" labelled later)? A label marks one occurrence."""
    spelled = text[label.start : label.end].lower()
    shorter, longer = sorted([flag.text.lower(), spelled], key=len)
    return (
        flag.kind in FOUND_BY[label.kind]
        and label.kind != "attribution"
        and label.source in flag.sources
        and len(shorter) >= max(3, len(longer) // 2)
        and shorter in longer
    )


def _gloss_of(flag: Flag, label: Exposure, text: str) -> bool:
    """Is ``flag`` the labelled detail's other spelling in parentheses beside it ("X(Y)", either way round, the
    gloss's unit after it: ₩1.5 million (150만 원))?"""
    if flag.kind != UNIQUE_DETAIL or label.kind != "detail" or label.source not in flag.sources:
        return False
    first, second = sorted([(label.start, label.end), (flag.start, flag.end)])
    between = text[first[1] : second[0]].strip()
    # The gloss may keep its unit outside the span: ₩1.5 million (150만 원).
    # …or its quotation mark and an article before it: '털보'(the Beard).
    opened = re.fullmatch(r"['’\"”]?\((?:the\s*)?", between, re.IGNORECASE) is not None
    return opened and re.match(r"[^()\n]{0,4}\)", text[second[1] :]) is not None


def _title_of(flag: Flag, label: Exposure, text: str) -> bool:
    """Is ``flag`` the position or rank written right beside the labelled name ("The manager, Yu Myong-sik",
    "최광혁 반장")? The corpus labels a name given with its title as one exposure, often by the name alone."""
    if flag.kind != UNIQUE_DETAIL or label.kind != "detail" or label.source not in flag.sources:
        return False
    first, second = sorted([(label.start, label.end), (flag.start, flag.end)])
    between = text[first[1] : second[0]].strip()
    return between in ("", ",", "，", "—", "의") and any(positions_in(flag.text))


def _inside(flag: Flag, label: Exposure) -> bool:
    """Is ``flag`` a detail inside a labelled attribution or quote (which the corpus does not label again)?"""
    return flag.kind == UNIQUE_DETAIL and label.kind != "detail" and label.start <= flag.start < label.end


def material(designation: str, text: str, *, translation: bool = False) -> Material:
    """One submission's text (or its saved English translation) of ``designation``."""
    path = Path(f"{designation}/b1/message.txt" + (".en.txt" if translation else ""))
    return Material(designation, f"{designation}/b1/message.txt", path, text, translation)


def details_flagged(checker: ExposureChecker, draft: str, sources: list[Material]) -> list[tuple[str, tuple[str, ...]]]:
    """The unique details ``checker`` flags in ``draft``: each one's text and the sources it points at."""
    flags = checker.check_text(draft, Path("drafts/draft.md"), sources).flags
    return [(f.text, f.sources) for f in flags if f.kind == UNIQUE_DETAIL]


def details_of_one_source(checker: ExposureChecker, written: str, draft: str) -> list[tuple[str, tuple[str, ...]]]:
    """The unique details ``checker`` flags in ``draft`` when one source (reed-vole) wrote ``written`` and
    another (pine-stoat) said nothing of it."""
    sources = [material("reed-vole", written), material("pine-stoat", "Nothing was said.")]
    return details_flagged(checker, draft + "\n", sources)


def case_regions() -> dict[str, tuple[str, ...]]:
    """Each case's sources' regions: the places its newsroom allowed in desk.toml (`tipline desk
    draft` warns until a case's regions are allowed, so a newsroom working the case has them)."""
    return {case["id"]: tuple(sorted({s["region"] for s in case["source"]})) for case in _load_cases()}


def score(checker: ExposureChecker, half: str) -> Score:
    material = load_material()
    regions = case_regions()
    checkers: dict[tuple[str, datetime.date], ExposureChecker] = {}
    result = Score()
    for draft in load_drafts(half):
        if (draft.case, draft.day) not in checkers:
            checkers[draft.case, draft.day] = checker.allowing(regions[draft.case], today=draft.day)
        found = check(checkers[draft.case, draft.day], draft, material[draft.case]).flags
        flags = [f for f in found if f.kind in LABEL_OF_FLAG]
        if not draft.exposures:
            result.clean_drafts += 1
            result.false_alarms += bool(flags)
        for label in draft.exposures:
            result.labels[label.kind] += 1
            if any(_finds(f, label) or _elsewhere(f, label, draft.text) for f in flags):
                result.found[label.kind] += 1
            else:
                result.misses.append(f"{draft.id} {label.kind} {draft.text[label.start : label.end]!r}")
        for flag in flags:
            kind = LABEL_OF_FLAG[flag.kind]
            result.flags[kind] += 1
            if any(
                _finds(flag, label)
                or _elsewhere(flag, label, draft.text)
                or _gloss_of(flag, label, draft.text)
                or _title_of(flag, label, draft.text)
                or _inside(flag, label)
                for label in draft.exposures
            ):
                result.true_flags[kind] += 1
            else:
                result.wrong.append(f"{draft.id} {flag.kind} {flag.text!r} → {', '.join(flag.sources) or '—'}")
    return result


# Claims as a journalist types them (own words), per corpus case: (text, designations backing it).
OWN_CLAIMS = {
    "irkutsk": [
        ("보위원이 노동자들에게서 매달 돈을 받는다.", ("amber-crane", "birch-wren")),
        ("The officer threatens workers who cannot pay.", ("amber-crane", "birch-wren")),
        ("The money is changed into Chinese currency.", ("cedar-fox",)),
    ],
    "hyesan": [
        ("혜산에서 밀수 단속이 강화됐다.", ("dusk-heron", "ember-lark")),
        ("Rice prices in the markets have risen.", ("dusk-heron", "ember-lark")),
    ],
    "donggang": [
        ("북한 관리원이 여성 노동자들의 월급을 떼어간다.", ("fern-otter", "gale-finch")),
        ("Families at home receive none of the money.", ("heath-vole",)),
    ],
    "vladivostok": [
        ("식당 지배인이 종업원들의 팁을 가져간다.", ("iris-mole", "jade-stoat")),
        ("The women work without days off.", ("iris-mole", "jade-stoat")),
    ],
}


def own_drafts(checker: ExposureChecker) -> list[str]:
    """Tipline's own `draft` output for each corpus case, ko and en, checked: the flags found (none, ideally)."""
    from tipline.desk.workflow.cases import TESTIMONY, Case, CaseSource, Claim, Evidence
    from tipline.desk.workflow.drafts import SUPPORTED_LANGUAGES, render
    from tipline.desk.workflow.settings import Credits, DeskSettings

    regions = {source["designation"]: source["region"] for case in _load_cases() for source in case["source"]}
    settings = DeskSettings(desk_dir=Path("/nonexistent-desk"), credits=Credits("Kim Minji", "Jane Roe"))
    material = load_material()
    flagged = []
    for case_id, claims in OWN_CLAIMS.items():
        designations = sorted({d for _, backing in claims for d in backing})
        case = Case(
            id=1,
            title=f"internal: {case_id}",
            sources=[CaseSource(designation=d, region=regions[d], region_ko="") for d in designations],
            claims=[
                Claim(
                    text=text,
                    evidence=[
                        Evidence(submission=f"{d}/b1/message.txt", designation=d, kind=TESTIMONY) for d in backing
                    ],
                )
                for text, backing in claims
            ],
        )
        for lang in SUPPORTED_LANGUAGES:
            text = render(case, [], settings, lang, ["case-1-images/photo-a.cleaned.jpg"])
            report = checker.check_text(text, Path(f"drafts/case-1.{lang}.md"), material[case_id])
            flagged += [f"{case_id} {lang}: {f.kind} {f.text!r}" for f in report.flags if f.kind in LABEL_OF_FLAG]
    return flagged
