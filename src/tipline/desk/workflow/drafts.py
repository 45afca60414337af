"""Story draft skeletons: corroborated claims with anonymous attributions, cleaned images, credits.

Uncorroborated claims go in a section of their own, marked as such, to be cut before publication.
The headline is a placeholder (the case title is internal), attributions name a country or region
only, and images are copies named by the draft, linked relatively: a draft that Tipline writes
passes Tipline's exposure check.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tipline.desk.errors import MaterialError
from tipline.desk.workflow.allowed_places import is_allowed_place
from tipline.desk.workflow.cases import Case, CaseSource, SourceRelation
from tipline.desk.workflow.corroboration import corroboration
from tipline.desk.workflow.material import CLEANED_MARKER, IMAGE_SUFFIXES, cleaned_copy_of, resolve
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
    headline: str
    main: str
    uncorroborated: str
    uncorroborated_note: str
    images: str
    credits: str
    translator: str
    editor: str
    no_images: str
    photo: str


LABELS = {
    "en": Labels(
        "(Headline)",
        "Story",
        "Not corroborated — do not publish as fact",
        "These claims do not meet the newsroom's corroboration rule ({rule}).",
        "Images (cleaned copies only)",
        "Credits",
        "Translation",
        "Editing",
        "No cleaned image backs a corroborated claim.",
        "Photo",
    ),
    "ko": Labels(
        "(제목)",
        "기사",
        "미확인 — 사실로 보도하지 말 것",
        "다음 주장은 편집국의 교차 확인 기준({rule})을 충족하지 못했습니다.",
        "사진 (메타데이터를 지운 사본만)",
        "크레디트",
        "번역",
        "편집",
        "교차 확인된 주장을 뒷받침하는 정리된 사진이 없습니다.",
        "사진",
    ),
}


def _korean_voice(region: str) -> str:
    if region == "북한":
        return "북한 내부 소식통"
    return f"{region}의 한 소식통" if region else "한 소식통"


def attribution(sources: Sequence[CaseSource | None], lang: str) -> str:
    """ "a source in Russia and a source in North Korea" / "러시아의 한 소식통과 북한 내부 소식통"."""
    regions: list[str] = []
    for source in sources:
        region = source.region if source is not None else ""
        if lang == "ko":
            region = (source.region_ko if source is not None else "") or KOREAN_REGIONS.get(region.lower(), region)
        regions.append(region)
    if lang == "ko":
        voices = [_korean_voice(r) for r in regions]
        # Every voice ends in 소식통 (a final consonant): joined with 과.
        return voices[0] if len(voices) == 1 else ", ".join(voices[:-1]) + "과 " + voices[-1]
    parts = [f"a source in {r}" if r else "a source" for r in regions]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def attributed(claim: str, voices: str, lang: str) -> str:
    """The claim as a reporter writes it: 러시아의 한 소식통에 따르면 …; …, according to a source in Russia."""
    if lang == "ko":
        return f"{voices}에 따르면 {claim.strip()}"
    body = claim.strip().rstrip(".")
    return f"{body}, according to {voices}, who spoke on condition of anonymity."


def unsupported_regions(case: Case, extra_places: Sequence[str]) -> list[str]:
    """Regions of the case's sources finer than a country or region: a draft must not name them."""
    found = []
    for source in case.sources:
        for region in (source.region, source.region_ko):
            if region and not is_allowed_place(region, extra_places):
                found.append(f"{source.designation}: {region}")
    return found


def render(
    case: Case, relations: Sequence[SourceRelation], settings: DeskSettings, lang: str, images: Sequence[str] = ()
) -> str:
    """The draft's Markdown; ``images``: links (relative to the draft) to the draft's own copies of cleaned images."""
    labels = LABELS[lang]
    profiles = {s.designation: s for s in case.sources}
    main: list[str] = []
    apart: list[str] = []
    for claim in case.claims:
        result = corroboration(claim, relations, settings.corroboration)
        if not result.corroborated:
            status = (
                f"미확인: {result.describe_ko()}" if lang == "ko" else f"{result.status.upper()}: {result.describe()}"
            )
            apart.append(f"- [{status}] {claim.text}")
            continue
        # One attribution per independent group: related sources are one voice.
        voices = [profiles.get(group[0]) for group in result.groups]
        main.append(attributed(claim.text, attribution(voices, lang), lang))
    # The case title is the newsroom's internal label: never the headline.
    lines = [f"# {labels.headline}", "", f"## {labels.main}", ""]
    lines += [paragraph + "\n" for paragraph in main] or ["…\n"]
    lines += [f"## {labels.images}", ""]
    lines += [f"![{labels.photo}]({image})" for image in images] or [labels.no_images]
    lines += ["", f"## {labels.credits}", ""]
    if settings.credits.translator:
        lines.append(f"{labels.translator}: {settings.credits.translator}  ")
    if settings.credits.editor:
        lines.append(f"{labels.editor}: {settings.credits.editor}")
    rule = settings.corroboration.describe_ko() if lang == "ko" else settings.corroboration.describe()
    lines += ["", "---", "", f"## {labels.uncorroborated}", ""]
    lines.append(labels.uncorroborated_note.format(rule=rule))
    lines += ["", *apart] if apart else []
    return "\n".join(lines).rstrip() + "\n"


def cleaned_images(case: Case, relations: Sequence[SourceRelation], settings: DeskSettings) -> list[Path]:
    """Cleaned copies of the images backing the case's corroborated claims."""
    images: list[Path] = []
    for claim in case.claims:
        if not corroboration(claim, relations, settings.corroboration).corroborated:
            continue
        for evidence in claim.evidence:
            try:
                path = resolve(settings.desk_dir, evidence.submission).path
            except MaterialError:
                continue  # material not on this desk: no image to offer
            cleaned = cleaned_copy_of(path) if path.suffix.lower() in IMAGE_SUFFIXES else None
            if cleaned is not None and cleaned not in images:
                images.append(cleaned)
    return images


def write_drafts(
    case: Case, relations: Sequence[SourceRelation], settings: DeskSettings, languages: Sequence[str], out_dir: Path
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Copies named by the draft (photo-a.cleaned.jpg), never by the source's file name, beside it.
    folder = out_dir / f"case-{case.id}-images"
    links = []
    for index, image in enumerate(cleaned_images(case, relations, settings)):
        folder.mkdir(exist_ok=True, mode=0o700)
        name = f"photo-{_letters(index)}{CLEANED_MARKER}{image.suffix.lower()}"
        shutil.copyfile(image, folder / name)
        (folder / name).chmod(0o600)
        links.append(f"{folder.name}/{name}")
    written = []
    for lang in languages:
        path = out_dir / f"case-{case.id}.{lang}.md"
        path.write_text(render(case, relations, settings, lang, links), encoding="utf-8")
        path.chmod(0o600)
        written.append(path)
    return written


def _letters(index: int) -> str:
    """a, b, … z, aa, ab …: no digits in a linked name (a number could match a source's detail)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("a") + rest) + name
    return name
