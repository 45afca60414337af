"""What the exposure check reports: its kinds of flag, a flag (the exact span, the sources it
points to, and why), the report of one draft, and the reasons in the draft's language."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

QUOTE = "quote"
UNIQUE_DETAIL = "unique-detail"
ATTACHMENT = "attachment"
ATTRIBUTION = "attribution"


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    line: int
    start: int
    end: int
    reason: str
    sources: tuple[str, ...] = ()


@dataclass
class Report:
    draft: str
    sources_checked: tuple[str, ...]
    flags: list[Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.flags

    def to_json(self) -> str:
        return json.dumps(
            {
                "draft": self.draft,
                "sources_checked": list(self.sources_checked),
                "clean": self.clean,
                "flags": [asdict(f) | {"sources": list(f.sources)} for f in self.flags],
                "notes": self.notes,
            },
            ensure_ascii=False,
            indent=2,
        )


REASONS = {
    "en": {
        QUOTE: "{n} consecutive words match the material of only one source ({sources}): its own words identify it",
        UNIQUE_DETAIL: "{what} found in the material of only one source ({sources}) and rare in ordinary text: "
        "unique knowledge identifies the knower",
        ATTRIBUTION: "describes the source more finely than a country or region (city, job or workplace): "
        "it narrows who the source can be",
        "filename": "a linked file's name: ",
    },
    "ko": {
        QUOTE: "{n}개 어절/형태소가 한 소식통({sources})의 자료와 그대로 일치합니다: 본인의 말은 그 사람을 드러냅니다",
        UNIQUE_DETAIL: "{what}이(가) 한 소식통({sources})의 자료에만 있고 일반 글에서 드문 말입니다: "
        "혼자 아는 사실은 아는 사람을 드러냅니다",
        ATTRIBUTION: "소식통을 나라나 지역보다 자세히(도시, 직업, 일터) 묘사합니다: 소식통이 누구인지 좁혀집니다",
        "filename": "링크된 파일 이름: ",
    },
}
WHAT = {
    "en": {
        "date": "a date",
        "place": "a place",
        "number": "a number",
        "name": "a name",
        "word": "a word",
        "term": "a name a source gave something",
        "title": "a position or rank",
    },
    "ko": {
        "date": "날짜",
        "place": "지명",
        "number": "숫자",
        "name": "이름",
        "word": "단어",
        "term": "소식통이 붙인 이름",
        "title": "직책이나 계급",
    },
}


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text`` (a flag's line)."""
    return text.count("\n", 0, offset) + 1
