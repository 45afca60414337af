"""The exposure check: does anything in a draft point back to one source?

Four kinds of flag, each with the source(s) it points to (by designation):

- ``quote``: a run of words that appears in one source's material (its own words, or a saved
  translation of them) — word n-gram overlap, so near-quotes with a changed word are found too.
- ``unique-detail``: a name, place, date, number, job title or rare word of the draft that appears
  in the material of exactly one source: unique knowledge identifies the knower.
- ``attachment``: an image or file the draft references that is not a cleaned copy, or still
  carries metadata (read with exiftool).
- ``attribution``: an attribution more specific than a country or region.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tipline.desk.metadata import MetadataUnreadable
from tipline.desk.sandbox import SandboxUnavailable
from tipline.desk.sandboxed_metadata import exiftool_json
from tipline.desk.workflow.material import Material, is_cleaned
from tipline.desk.workflow.text import HANGUL, KOREAN_DETAIL_TAGS, Korean, Token, detect_language, tokens

QUOTE = "quote"
UNIQUE_DETAIL = "unique-detail"
ATTACHMENT = "attachment"
ATTRIBUTION = "attribution"

# Shortest run of shared tokens reported as a quote; Korean morphemes are shorter than words.
NGRAM = 4
NGRAM_KOREAN = 6

_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each every few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our out over own same she should so some such than that the their them then
    there these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your said says told according source sources speaking condition anonymity
    people person man woman one two three month months year years day days week weeks time many much
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь опять уж вам
    ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто
    чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой
    тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот
    через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между источник источники источника сказал сказала"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
KOREAN_STOP = frozenset({"소식통", "익명", "조건", "말", "것", "수", "등", "때", "중", "년", "월", "일"})


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


def draft_language(draft: str) -> str:
    """The language of a draft's prose (links, images and comments left out)."""
    return detect_language(_strip_markup(draft))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _strip_markup(draft: str) -> str:
    """Blank out Markdown links, images and comments (same length, so offsets stay true)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    draft = re.sub(r"<!--.*?-->", blank, draft, flags=re.DOTALL)
    return re.sub(r"!?\[[^\]]*\]\([^)]*\)", blank, draft)


class ExposureChecker:
    def __init__(self, korean: Korean, *, extra_places: Iterable[str] = (), exiftool: str | None = None) -> None:
        self.korean = korean
        self.places = ALLOWED_PLACES | {p.lower() for p in extra_places}
        self.exiftool = exiftool if exiftool is not None else shutil.which("exiftool")

    def check(self, draft_path: Path, material: Sequence[Material], notes: Sequence[str] = ()) -> Report:
        draft = draft_path.read_text(encoding="utf-8")
        designations = tuple(sorted({m.designation for m in material}))
        report = Report(str(draft_path), designations, notes=list(notes))
        prose = _strip_markup(draft)
        draft_tokens = tokens(prose, self.korean)
        texts = [(m.designation, tokens(m.text, self.korean)) for m in material if m.text]
        report.flags.extend(self._quotes(draft, draft_tokens, texts))
        report.flags.extend(self._unique_details(draft, draft_tokens, texts, report.flags))
        report.flags.extend(self._attachments(draft, draft_path.parent, material))
        report.flags.extend(self._attributions(draft, prose))
        report.flags.sort(key=lambda f: (f.start, f.kind))
        return report

    # (a) quotes ----------------------------------------------------------------------------

    def _quotes(self, draft: str, draft_tokens: list[Token], texts: list[tuple[str, list[Token]]]) -> list[Flag]:
        n = NGRAM_KOREAN if HANGUL.search(draft) else NGRAM
        owners: dict[tuple[str, ...], set[str]] = {}
        for designation, source_tokens in texts:
            words = [t.norm for t in source_tokens]
            for i in range(len(words) - n + 1):
                owners.setdefault(tuple(words[i : i + n]), set()).add(designation)
        words = [t.norm for t in draft_tokens]
        matched: list[tuple[int, int, frozenset[str]]] = []  # token index ranges
        for i in range(len(words) - n + 1):
            gram = tuple(words[i : i + n])
            owner = owners.get(gram, set())
            # Shared by several sources, a phrase is common knowledge; and a run of stop words is no quote.
            if len(owner) != 1 or sum(w not in STOPWORDS for w in gram) < 2:
                continue
            who = frozenset(owner)
            if matched and i <= matched[-1][1] and matched[-1][2] == who:
                matched[-1] = (matched[-1][0], i + n - 1, matched[-1][2])
            else:
                matched.append((i, i + n - 1, frozenset(who)))
        flags = []
        for first, last, who in matched:
            start, end = draft_tokens[first].start, draft_tokens[last].end
            length = last - first + 1
            flags.append(
                Flag(
                    QUOTE,
                    draft[start:end],
                    _line_of(draft, start),
                    start,
                    end,
                    f"{length} consecutive words match the material of only one source: its own words identify it",
                    tuple(sorted(who)),
                )
            )
        return flags

    # (b) unique details --------------------------------------------------------------------

    @staticmethod
    def _is_detail(token: Token) -> bool:
        if token.tag and token.tag != "SL":  # SL: a Latin or Cyrillic word inside Korean text
            return token.tag in KOREAN_DETAIL_TAGS and token.norm not in KOREAN_STOP and len(token.norm) >= 2
        return token.norm not in STOPWORDS and (len(token.norm) >= 3 or token.is_number)

    def _unique_details(
        self, draft: str, draft_tokens: list[Token], texts: list[tuple[str, list[Token]]], quotes: list[Flag]
    ) -> list[Flag]:
        owners: dict[str, set[str]] = {}
        for designation, source_tokens in texts:
            for token in source_tokens:
                owners.setdefault(token.norm, set()).add(designation)
        flags: list[Flag] = []
        seen: set[str] = set()
        for token in draft_tokens:
            who = owners.get(token.norm)
            if who is None or len(who) != 1 or token.norm in seen or not self._is_detail(token):
                continue
            if any(q.start <= token.start < q.end for q in quotes):
                continue  # already inside a flagged quote
            seen.add(token.norm)
            flags.append(
                Flag(
                    UNIQUE_DETAIL,
                    draft[token.start : token.end],
                    _line_of(draft, token.start),
                    token.start,
                    token.end,
                    "appears in the material of only one source: unique knowledge identifies the knower",
                    tuple(sorted(who)),
                )
            )
        return flags

    # (c) attachments -----------------------------------------------------------------------

    def _attachments(self, draft: str, base: Path, material: Sequence[Material]) -> list[Flag]:
        by_hash: dict[str, set[str]] = {}
        for m in material:
            if m.text is None and m.path.is_file():
                by_hash.setdefault(_sha256(m.path), set()).add(m.designation)
        flags = []
        for match in re.finditer(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", draft):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith("file:"):
                continue  # a web link, not an attachment
            path = Path(target.removeprefix("file://")).expanduser()
            path = path if path.is_absolute() else base / path
            line, start, end = _line_of(draft, match.start()), match.start(), match.end()
            if not path.is_file():
                flags.append(Flag(ATTACHMENT, target, line, start, end, "referenced file not found: cannot check it"))
                continue
            who = tuple(sorted(by_hash.get(_sha256(path), set())))
            problems = []
            if not is_cleaned(path):
                problems.append("not a cleaned copy")
            metadata = self.metadata(path)
            if metadata:
                problems.append("still carries metadata: " + ", ".join(metadata[:8]))
            if problems:
                flags.append(Flag(ATTACHMENT, target, line, start, end, "; ".join(problems), who))
        return flags

    def metadata(self, path: Path) -> list[str]:
        """Identifying tags exiftool finds (GPS, camera, author, dates …); fail closed without exiftool."""
        if self.exiftool is None:
            return ["exiftool not found, metadata not checked"]
        try:
            # Hostile originals may be attached: exiftool runs in the desk's sandbox, offline.
            tags = exiftool_json(path, ("-G", "-a"))
        except (MetadataUnreadable, SandboxUnavailable, OSError):
            return ["exiftool could not read the file"]
        risky = []
        for key in tags:
            group, _, name = key.partition(":")
            gps = group == "Composite" and name.startswith("GPS")
            pdf = group == "PDF" and name in {"Author", "Creator", "Producer", "Title", "Subject", "Keywords"}
            comment = group in {"File", "PNG", "JFIF"} and name in {"Comment", "Author", "Software", "CreationTime"}
            if group in RISKY_GROUPS or gps or pdf or comment:
                risky.append(key)
        # Location first, then the camera: what identifies a person most goes at the head of the reason.
        return sorted(risky, key=lambda key: (0 if "GPS" in key else 1 if key.endswith(("Make", "Model")) else 2, key))

    # (d) attributions ----------------------------------------------------------------------

    def _attributions(self, draft: str, prose: str) -> list[Flag]:
        flags = []
        for match in EN_SOURCE.finditer(prose):
            tail = _clause_tail(prose, match.end())
            following = EN_SOURCE.search(tail)  # "a source in Russia and a source in …": each checked alone
            if following:
                tail = re.sub(r"[\s,]*\b(?:and|or)\s*$", "", tail[: following.start()])
            if not self._plain_english_tail(tail):
                flags.append(self._attribution_flag(draft, match.start(), match.end() + len(tail)))
        for match in RU_SOURCE.finditer(prose):
            tail = _clause_tail(prose, match.end())
            if not self._plain_russian_tail(tail):
                flags.append(self._attribution_flag(draft, match.start(), match.end() + len(tail)))
        for match in re.finditer("소식통", prose):
            start = self._korean_attribution_start(prose, match.start())
            if start is not None:
                flags.append(self._attribution_flag(draft, start, match.end()))
        return flags

    @staticmethod
    def _attribution_flag(draft: str, start: int, end: int) -> Flag:
        return Flag(
            ATTRIBUTION,
            draft[start:end].strip(),
            _line_of(draft, start),
            start,
            end,
            "attribution more specific than a country or region narrows who the source can be",
        )

    def _plain_english_tail(self, tail: str) -> bool:
        clauses = [c.strip().lower() for c in tail.split(",")]
        for index, clause in enumerate(clauses):
            if not clause or clause.split()[0] in REPORTING_VERBS or any(p in clause for p in ANONYMITY_PHRASES):
                continue
            place = re.match(r"^(?:in|from|inside)\s+(.+?)(?:\s+(?:" + "|".join(REPORTING_VERBS) + r")\b.*)?$", clause)
            if index == 0 and place and place.group(1).removeprefix("the ") in self.places:
                continue
            if index > 0 and clause.split()[0] not in RELATIVE_STARTS:
                continue  # the next clause of the sentence, not about the source
            return False
        return True

    def _plain_russian_tail(self, tail: str) -> bool:
        clauses = [c.strip().lower() for c in tail.split(",")]
        verbs = "|".join(RU_REPORTING_VERBS)
        for index, clause in enumerate(clauses):
            if not clause or clause.split()[0] in RU_REPORTING_VERBS or "анонимн" in clause:
                continue
            place = re.match(r"^(?:в|во|из)\s+(.+?)(?:\s+(?:" + verbs + r")\b.*)?$", clause)
            if index == 0 and place and place.group(1) in self.places:
                continue
            # "источник, работающий на стройке" / "который водит грузовик": a description of the person.
            first = clause.split()[0]
            if index > 0 and not (first.startswith("котор") or re.search(r"(ющий|ящий|вший|щийся)$", first)):
                continue
            return False
        return True

    def _korean_attribution_start(self, prose: str, end: int) -> int | None:
        """Start of a too-specific description before 소식통, or None when it names only a region."""
        start = end
        words: list[tuple[int, str]] = []
        for match in reversed(list(re.finditer(r"\S+", prose[max(0, end - 60) : end]))):
            word = match.group().lstrip("(\"'“‘[")
            if re.search(r"[.!?,。)]$", word) or (words and re.search(KOREAN_CLAUSE_END, word)):
                break
            words.append((max(0, end - 60) + match.start(), word))
            if len(words) == 4:
                break
        for offset, word in words:
            bare = re.sub(r"(에서|에|의|에 있는|내부)$", "", word)
            if word in KOREAN_ALLOWED_WORDS or bare in self.places or word in self.places:
                continue
            start = offset
        return start if start < end else None


def _clause_tail(text: str, start: int) -> str:
    stop = re.search(r"[.;:!?()\n—]", text[start:])
    return text[start : start + stop.start()] if stop else text[start:]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


RISKY_GROUPS = frozenset(
    {"EXIF", "GPS", "XMP", "IPTC", "MakerNotes", "Photoshop", "XMP-exif", "XMP-xmp", "XMP-dc", "XMP-photoshop"}
)
EN_SOURCE = re.compile(r"\b(?:a|an|one|another|the|two|three|several)\s+(?:\w+\s+)?sources?\b", re.IGNORECASE)
RU_SOURCE = re.compile(r"\bисточник(?:и|а|ом|ов|ам|у)?\b", re.IGNORECASE)
REPORTING_VERBS = (
    "said",
    "says",
    "told",
    "added",
    "confirmed",
    "reported",
    "described",
    "explained",
    "claimed",
    "alleged",
    "agreed",
    "insisted",
    "say",
    "tell",
    "also",
)
RU_REPORTING_VERBS = ("сказал", "сказала", "сообщил", "сообщила", "рассказал", "рассказала", "заявил", "заявила")
RELATIVE_STARTS = frozenset(
    {"who", "whom", "whose", "that", "which", "working", "employed", "living", "based", "close"}
)
ANONYMITY_PHRASES = ("condition of anonymity", "asked not to be named", "asked not to be identified", "anonymously")
KOREAN_CLAUSE_END = r"(다|고|며|면|서|는데|지만|니다)$"
KOREAN_ALLOWED_WORDS = frozenset(
    {"한", "익명의", "익명을", "요구한", "현지", "내부", "있는", "복수의", "다른", "또", "또다른"}
)

# Countries and regions: an attribution may name these and nothing narrower (extend in desk.toml).
ALLOWED_PLACES = frozenset(
    {
        "russia",
        "north korea",
        "south korea",
        "korea",
        "china",
        "mongolia",
        "japan",
        "siberia",
        "the russian far east",
        "russian far east",
        "the far east",
        "northeast asia",
        "asia",
        "europe",
        "the middle east",
        "middle east",
        "россия",
        "россии",
        "северной корее",
        "северная корея",
        "китае",
        "китай",
        "сибири",
        "сибирь",
        "러시아",
        "북한",
        "북",
        "중국",
        "한국",
        "시베리아",
        "극동",
        "몽골",
    }
)
