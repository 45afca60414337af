"""Story draft skeletons: corroborated claims with anonymous attributions, cleaned images, credits.

Uncorroborated claims go in a section of their own, marked as such, to be cut before publication.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tipline.desk.workflow.cases import Case, CaseSource, SourceRelation
from tipline.desk.workflow.corroboration import corroboration
from tipline.desk.workflow.material import IMAGE_SUFFIXES, cleaned_copy_of, resolve
from tipline.desk.workflow.settings import DeskSettings

KOREAN_REGIONS = {
    "russia": "러시아",
    "north korea": "북한",
    "china": "중국",
    "south korea": "한국",
    "siberia": "시베리아",
    "the russian far east": "러시아 극동",
    "mongolia": "몽골",
}
SUPPORTED_LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class Labels:
    main: str
    uncorroborated: str
    uncorroborated_note: str
    images: str
    credits: str
    translator: str
    editor: str
    no_images: str


LABELS = {
    "en": Labels(
        "Story",
        "Not corroborated — do not publish as fact",
        "These claims do not meet the newsroom's corroboration rule ({rule}).",
        "Images (cleaned copies only)",
        "Credits",
        "Translation",
        "Editing",
        "No cleaned image backs a corroborated claim.",
    ),
    "ko": Labels(
        "기사",
        "미확인 — 사실로 보도하지 말 것",
        "다음 주장은 편집국의 교차 확인 기준({rule})을 충족하지 못했습니다.",
        "사진 (메타데이터를 지운 사본만)",
        "크레디트",
        "번역",
        "편집",
        "교차 확인된 주장을 뒷받침하는 정리된 사진이 없습니다.",
    ),
}


def attribution(sources: Sequence[CaseSource | None], lang: str) -> str:
    """ "a source in Russia and a source in North Korea, speaking on condition of anonymity"."""
    regions: list[str] = []
    for source in sources:
        region = source.region if source is not None else ""
        if lang == "ko":
            region = (source.region_ko if source is not None else "") or KOREAN_REGIONS.get(region.lower(), region)
        regions.append(region)
    if lang == "ko":
        parts = [f"{r} 소식통" if r else "한 소식통" for r in regions]
        return ", ".join(parts) + "에 따르면(익명을 조건으로)"
    parts = [f"a source in {r}" if r else "a source" for r in regions]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"according to {joined}, speaking on condition of anonymity"


def render(case: Case, relations: Sequence[SourceRelation], settings: DeskSettings, lang: str) -> str:
    labels = LABELS[lang]
    profiles = {s.designation: s for s in case.sources}
    main: list[str] = []
    apart: list[str] = []
    images: list[Path] = []
    for claim in case.claims:
        result = corroboration(claim, relations, settings.corroboration)
        if not result.corroborated:
            apart.append(f"- [{result.status.upper()}: {result.describe()}] {claim.text}")
            continue
        # One attribution per independent group: related sources are one voice.
        voices = [profiles.get(group[0]) for group in result.groups]
        main.append(f"{claim.text} ({attribution(voices, lang)})")
        for evidence in claim.evidence:
            try:
                path = resolve(settings.desk_dir, evidence.submission).path
            except Exception:  # noqa: S112 - material not on this desk: no image to offer
                continue
            cleaned = cleaned_copy_of(path) if path.suffix.lower() in IMAGE_SUFFIXES else None
            if cleaned is not None and cleaned not in images:
                images.append(cleaned)
    lines = [f"# {case.title}", "", f"## {labels.main}", ""]
    lines += [paragraph + "\n" for paragraph in main] or ["…\n"]
    lines += [f"## {labels.images}", ""]
    lines += [f"![]({image})" for image in images] or [labels.no_images]
    lines += ["", f"## {labels.credits}", ""]
    if settings.credits.translator:
        lines.append(f"{labels.translator}: {settings.credits.translator}  ")
    if settings.credits.editor:
        lines.append(f"{labels.editor}: {settings.credits.editor}")
    lines += ["", "---", "", f"## {labels.uncorroborated}", ""]
    lines.append(labels.uncorroborated_note.format(rule=settings.corroboration.describe()))
    lines += ["", *apart] if apart else []
    return "\n".join(lines).rstrip() + "\n"


def write_drafts(
    case: Case, relations: Sequence[SourceRelation], settings: DeskSettings, languages: Sequence[str], out_dir: Path
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for lang in languages:
        path = out_dir / f"case-{case.id}.{lang}.md"
        path.write_text(render(case, relations, settings, lang), encoding="utf-8")
        path.chmod(0o600)
        written.append(path)
    return written
