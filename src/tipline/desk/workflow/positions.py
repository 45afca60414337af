"""Positions and ranks: the one who heads a unit (중대장, the company commander, 连长, командир роты) and
an officer's rank (상위, a senior lieutenant, старший лейтенант).

A company has one commander and a farm one chairman: "the farm's chairman" is a person, however
ordinary the words, and whoever alone wrote of him is who knows him. Each language writes the position its
own way; a position key (``ti:``) joins them: ``ti:company-commander`` of 3중대장, "the commander of the
border guards' 3rd Company" and 连长. A rank also holds the wider rank a draft may write (who wrote 상위
knows a "lieutenant"), as ``^ti:lieutenant``: what its writer also knows (exposure.py). Generic words of
any office (boss, chief, official, 간부) are not positions: a story names them of anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tipline.desk.workflow.korean_names import HANGUL_SURNAMES
from tipline.desk.workflow.rarity import RARE_ZIPF, korean_zipf

# A Korean position as the last part of its word (3중대장, 시장관리소장, 보위부장), before a particle or the
# copula. Those that are ordinary words too (조장 "abetting", 소장 "a collection") only after a unit
# (3조 조장, 시장관리소장); the ranks 상위 "higher" and 소위 "so-called" only beside a name.
KOREAN_POSITIONS: dict[str, tuple[str, ...]] = {
    "중대장": ("company-commander",), "소대장": ("platoon-leader",), "대대장": ("battalion-commander",),
    "련대장": ("regiment-commander",), "연대장": ("regiment-commander",), "분대장": ("squad-leader",),
    "분조장": ("sub-team-leader",), "작업반장": ("team-leader",), "반장": ("team-leader",),
    "조장": ("group-leader",), "관리위원장": ("chairman",), "인민위원장": ("chairman",),
    "지배인": ("manager",), "공장장": ("manager",), "기사장": ("chief-engineer",), "기관장": ("chief-engineer",),
    "선장": ("captain",), "처장": ("department-head",), "부장": ("department-head",), "소장": ("office-head",),
    "당비서": ("party-secretary",), "갱장": ("shaft-boss",), "직장장": ("workshop-head",),
    "중위": ("first-lieutenant",), "상위": ("senior-lieutenant",), "소위": ("junior-lieutenant",),
    "대위": ("captain",), "소좌": ("major",), "중좌": ("lieutenant-colonel",), "상좌": ("senior-colonel",),
    "대좌": ("colonel",),
}  # fmt: skip
_AFTER_A_UNIT = frozenset({"조장", "소장"})
_BESIDE_A_NAME = frozenset({"상위", "소위"})
_KOREAN_ENDINGS = (
    "은|는|이|가|을|를|의|도|과|와|에게|에게서|께서|으로|로|만|인|이던|이었던|이자|이며|이고|이다|였다|이었다|"
    "입니다|이라는|라는|이라고|라고|님"
)
_KOREAN = re.compile(
    rf"(?<![가-힣])(?P<word>[가-힣]*?(?P<title>{'|'.join(sorted(KOREAN_POSITIONS, key=len, reverse=True))}))"
    rf"(?=(?:{_KOREAN_ENDINGS})?(?![가-힣]))"
)
# The one responsible for a unit, by the unit: 소대의 책임자, 분조 책임자; 관리 책임자, who manages.
_KOREAN_UNIT_HEAD = re.compile(r"(?<![가-힣])(?P<unit>중대|소대|대대|분조|작업반|관리)(?:의)?\s?(?:책임자|우두머리)")
_KOREAN_UNITS = {"중대": "company-commander", "소대": "platoon-leader", "대대": "battalion-commander",
                 "분조": "sub-team-leader", "작업반": "team-leader", "관리": "manager"}  # fmt: skip
_HANGUL_NAME = rf"[{HANGUL_SURNAMES}][가-힣]{{2}}"

_UNIT = {
    "compan": "company-commander", "platoon": "platoon-leader", "battalion": "battalion-commander",
    "regiment": "regiment-commander", "squad": "squad-leader", "sub-team": "sub-team-leader",
    "subteam": "sub-team-leader", "work team": "team-leader", "work-team": "team-leader",
}  # fmt: skip
_UNITS = r"(?P<unit>compan(?:y|ies)|platoon|battalion|regiment|squad|sub-?team|work[- ]team)"
_ENGLISH: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, flags), concepts)
    for pattern, flags, concepts in (
        # The unit's head, by the unit: "a platoon leader", "the commander of the border guards' 3rd Company",
        # "who leads a sub-team".
        (rf"\b{_UNITS}\s+(?:leader|commander|chief|head)s?\b", re.IGNORECASE, ()),
        (
            rf"\b(?:commander|leader|chief|head)\s+of\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?"
            rf"(?:[\w'’.-]+\s+){{0,4}}?{_UNITS}\b",
            re.IGNORECASE,
            (),
        ),
        (
            rf"\b(?:leads|led|leading|heads|headed|heading|commands|commanded|runs|ran)\s+(?:a|the|his|her|their)\s+"
            rf"(?:[a-z-]+\s+)?{_UNITS}\b",
            0,
            (),
        ),
        (r"\bsenior\s+lieutenant\b", re.IGNORECASE, ("senior-lieutenant",)),
        (r"\b(?:first|1st)\s+lieutenant\b", re.IGNORECASE, ("first-lieutenant",)),
        (r"\b(?:junior|second|2nd)\s+lieutenant\b", re.IGNORECASE, ("junior-lieutenant",)),
        (r"\blieutenant[- ]colonel\b", re.IGNORECASE, ("lieutenant-colonel",)),
        (r"\bsenior\s+colonel\b", re.IGNORECASE, ("senior-colonel",)),
        (r"\blieutenant\b(?![- ](?:general|commander))", re.IGNORECASE, ("lieutenant",)),
        (r"\bcolonel\b(?![- ]general)", re.IGNORECASE, ("colonel",)),
        # Not "Chairman Kim": a public title before a name is the nicknames' (or on the record).
        (r"\bchairman\b(?!\s+[A-Z])", 0, ("chairman",)),
        (r"\b(?:the|a|its|his|her|their)\s+(?:[a-z-]+\s+)?(?:captain|skipper)\b", re.IGNORECASE, ("captain",)),
        (r"(?:(?<='s )|(?<=’s ))(?:captain|skipper)\b", 0, ("captain",)),
        # A farm's manager is its chairman (협동농장 관리위원장), whatever word a translation chose.
        (r"\bfarm(?:'s|’s)?\s+(?:manager|director|boss|head|chief)\b", re.IGNORECASE, ("chairman",)),
        (r"\b(?:the|its)\s+(?:enterprise\s+|factory\s+|plant\s+|mine\s+)?(?:manager|director)\b",
         re.IGNORECASE, ("manager",)),
        (r"\bforem[ae]n\b", re.IGNORECASE, ("team-leader",)),
        (r"(?:(?<='s )|(?<=’s ))(?:manager|director)\b", 0, ("manager",)),
        (r"\bchief\s+engineer\b", re.IGNORECASE, ("chief-engineer",)),
        (r"\b(?:bureau|department|section)\s+(?:chief|head)\b", re.IGNORECASE, ("department-head",)),
        (r"\bparty\s+secretary\b", re.IGNORECASE, ("party-secretary",)),
        (r"\b(?:shaft|pit)\s+(?:boss|chief|head)\b", re.IGNORECASE, ("shaft-boss",)),
        # Chinese and Russian, as sources write them.
        (r"连长|連長", 0, ("company-commander",)),
        (r"排长|排長", 0, ("platoon-leader",)),
        (r"营长|營長", 0, ("battalion-commander",)),
        (r"团长|團長", 0, ("regiment-commander",)),
        (r"班长|班長", 0, ("team-leader",)),
        (r"船长|船長", 0, ("captain",)),
        (r"厂长|廠長", 0, ("manager",)),
        (r"\bкомандир\w*\s+рот\w*|\bротн\w+\s+командир\w*", re.IGNORECASE, ("company-commander",)),
        (r"\bкомандир\w*\s+взвод\w*|\bвзводн\w+", re.IGNORECASE, ("platoon-leader",)),
        (r"\bбригадир\w*", re.IGNORECASE, ("team-leader",)),
        (r"\bкапитан\w*", re.IGNORECASE, ("captain",)),
        (r"\bдиректор\w*", re.IGNORECASE, ("manager",)),
        (r"\bпредседател\w*", re.IGNORECASE, ("chairman",)),
        (r"\bстарш\w+\s+лейтенант\w*", re.IGNORECASE, ("senior-lieutenant",)),
        (r"\bлейтенант\w*", re.IGNORECASE, ("lieutenant",)),
        (r"\bподполковник\w*", re.IGNORECASE, ("lieutenant-colonel",)),
        (r"\bполковник\w*", re.IGNORECASE, ("colonel",)),
        (r"\bмайор\w*", re.IGNORECASE, ("major",)),
    )
)  # fmt: skip
# What a rank written alone in English also is: a "lieutenant" of a source's 상위, 중위 or 소위.
_WIDER = {"senior-lieutenant": "lieutenant", "first-lieutenant": "lieutenant", "junior-lieutenant": "lieutenant",
          "lieutenant-colonel": "colonel", "senior-colonel": "colonel"}  # fmt: skip


def positions_in(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each position or rank of ``text``: its span and its keys (``ti:``, and ``^ti:`` for the wider rank)."""
    found: list[tuple[int, int, list[str]]] = []
    for match in _KOREAN.finditer(text):
        title, word = match.group("title"), match.group("word")
        if title in _AFTER_A_UNIT and word == title and not re.search(r"(?:\d|[가-힣]\s)$", text[: match.start()]):
            continue  # 범죄를 조장: abetting; 3조 조장, 1조장: a group's leader
        if title in _BESIDE_A_NAME and not _beside_a_name(text, match.start(), match.end()):
            continue  # 상위 10%: the top; 이른바 소위: so-called; 함철웅 상위, 상위 함철웅: a rank
        found.append((match.start("word"), match.end("word"), _keys(KOREAN_POSITIONS[title])))
    for match in _KOREAN_UNIT_HEAD.finditer(text):
        found.append((match.start(), match.end(), _keys((_KOREAN_UNITS[match.group("unit")],))))
    for pattern, concepts in _ENGLISH:
        for match in pattern.finditer(text):
            unit = match.groupdict().get("unit")
            named = concepts if concepts or not unit else (_UNIT[_unit_stem(unit)],)
            found.append((match.start(), match.end(), _keys(named)))
    # "Crews abroad are usually run by a 반장 (foreman)", "보통 작업반장과 감시원이 관리한다": a kind of post in a
    # sentence about how things usually are, not the one who holds it.
    found = [f for f in found if not _GENERIC.search(_sentence_around(text, f[0]))]
    # The longest reading at a place: "senior lieutenant", not its "lieutenant".
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, list[str]]] = []
    for start, end, keys in found:
        if not any(s < end and start < e for s, e, _ in kept):
            kept.append((start, end, keys))
    yield from kept


_GENERIC = re.compile(
    r"\b(?:usually|typically|generally|normally|commonly|as a rule|tend to)\b|보통|대개|일반적으로|흔히|통상",
    re.IGNORECASE,
)


_SENTENCE_ENDS = (". ", "? ", "! ", "\n")


def _sentence_around(text: str, index: int) -> str:
    start = max(text.rfind(mark, 0, index) for mark in _SENTENCE_ENDS) + 1
    ends = [e for e in (text.find(mark, index) for mark in _SENTENCE_ENDS) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _beside_a_name(text: str, start: int, end: int) -> bool:
    before = re.search(rf"(?<![가-힣])(?P<name>{_HANGUL_NAME})\s?$", text[:start])
    after = re.match(rf"\s(?P<name>{_HANGUL_NAME})(?![가-힣])", text[end:])
    return any(m and korean_zipf(m.group("name")) < RARE_ZIPF for m in (before, after))


def _unit_stem(unit: str) -> str:
    unit = unit.lower()
    return "compan" if unit.startswith("compan") else unit


def _keys(concepts: tuple[str, ...]) -> list[str]:
    return [*(f"ti:{c}" for c in concepts), *(f"^ti:{_WIDER[c]}" for c in concepts if c in _WIDER)]
