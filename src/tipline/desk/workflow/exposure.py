"""The exposure check: does anything in a draft point back to one source?

Four kinds of flag, each with the exact span, the source(s) it points to (by designation) and why,
in the draft's language:

- ``quote``: a run of words that appears in one source's material (its own words, or a saved
  translation of them) — n-gram overlap, so a quote changed by a word is found too (quotes.py).
- ``unique-detail``: a name, place, date, number or word of the draft that is rare in ordinary
  text (wordfreq) *and* found in the material of exactly one source — compared across scripts and
  spellings (details.py, normalise.py): unique knowledge identifies the knower.
- ``attachment``: an image or file the draft references that is not a cleaned copy, or still
  carries metadata (read with exiftool).
- ``attribution``: an attribution more specific than a country or region (attribution.py).

Headings, template text and linked filenames are checked like the rest of the draft.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from tipline.desk.workflow.allowed_places import ALLOWED_PLACES
from tipline.desk.workflow.attachments import LINK, AttachmentCheck
from tipline.desk.workflow.attribution import AttributionFinder
from tipline.desk.workflow.detail_item import NAME, PLACE, TERM, Item
from tipline.desk.workflow.details import Extractor
from tipline.desk.workflow.exposure_report import (
    ATTRIBUTION,
    QUOTE,
    REASONS,
    UNIQUE_DETAIL,
    WHAT,
    Flag,
    Report,
    line_of,
)
from tipline.desk.workflow.gazetteer import same_place_names
from tipline.desk.workflow.korean_names import HANGUL_SURNAMES, KOREAN_SURNAMES, hanja_name_readings
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.normalise import southern
from tipline.desk.workflow.quotes import QuoteFinder
from tipline.desk.workflow.terms import coined_spellings, romanised_like, term_keys
from tipline.desk.workflow.text import HANGUL, Korean, detect_language


def draft_language(draft: str) -> str:
    """The language of a draft's prose (links, images and comments left out)."""
    return detect_language(_strip_markup(draft))


def _strip_markup(draft: str) -> str:
    """Blank out Markdown links, images and comments (same length, so offsets stay true)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    draft = re.sub(r"<!--.*?-->", blank, draft, flags=re.DOTALL)
    return re.sub(r"!?\[[^\]]*\]\([^)]*\)", blank, draft)


class MaterialIndex(NamedTuple):
    owners: dict[str, set[str]]  # key → the designations whose material holds it
    rare_keys: set[str]
    spellings: dict[str, set[str]]  # key → every key written with it for one detail
    terms: set[str]  # what a source coined ("the night bell")
    written_names: dict[str, Item]  # a rare Hangul name as a source wrote it (한명철) → its material item
    long_forms: dict[str, set[str]]  # 아목시 → the keys of 아목시실린


class ExposureChecker:
    def __init__(
        self,
        korean: Korean,
        *,
        extra_places: Iterable[str] = (),
        exiftool: str | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.korean = korean
        self.extra_places = tuple(extra_places)
        # The day a draft is read on: its "지난달 14일" is the 14th of the month before (None: the clock's day).
        self.today = today
        self.places = ALLOWED_PLACES.union(*(same_place_names(p) for p in self.extra_places))
        self.extractor = Extractor(korean, self.places)
        self.attributions = AttributionFinder(self.places)
        self.exiftool = exiftool if exiftool is not None else shutil.which("exiftool")
        self.attachments = AttachmentCheck(self.exiftool)
        # Material is analysed once per checker, not once per draft (kiwipiepy is the slow part).
        self.quotes = QuoteFinder(korean)
        self._items: dict[str, list[Item]] = {}
        self._indexes: dict[tuple[tuple[str, str], ...], MaterialIndex] = {}

    def allowing(self, places: Iterable[str], *, today: datetime.date | None = None) -> ExposureChecker:
        """This checker with ``places`` allowed too (a case whose sources' regions a newsroom
        allowed in desk.toml), reading drafts on ``today`` if given; the Korean analyser is shared."""
        return ExposureChecker(
            self.korean, extra_places=(*self.extra_places, *places), exiftool=self.exiftool, today=today or self.today
        )

    def _today(self) -> datetime.date:
        return self.today or datetime.datetime.now().astimezone().date()  # the desk's own day

    def _material_items(self, text: str) -> list[Item]:
        if text not in self._items:
            # On the desk's day: a source's age is held as the years of birth it gives (birth_years.py).
            self._items[text] = self.extractor.items(text, material=True, today=self._today())
        return self._items[text]

    def check(self, draft_path: Path, material: Sequence[Material], notes: Sequence[str] = ()) -> Report:
        draft = draft_path.read_text(encoding="utf-8")
        return self.check_text(draft, draft_path, material, notes)

    def check_text(
        self, draft: str, draft_path: Path, material: Sequence[Material], notes: Sequence[str] = ()
    ) -> Report:
        designations = tuple(sorted({m.designation for m in material}))
        lang = "ko" if draft_language(draft) == "ko" else "en"
        report = Report(str(draft_path), designations, notes=[*notes, *self.not_compared(draft, material)])
        prose = _strip_markup(draft)
        texts = [(m.designation, m.text) for m in material if m.text]
        quotes = self.quotes.find(draft, prose, texts, lang)
        report.flags.extend(quotes)
        report.flags.extend(self._unique_details(draft, prose, texts, quotes, lang))
        report.flags.extend(self.attachments.flags(draft, draft_path.parent, material))
        attributions = self._attributions(draft, prose, lang)
        # A source's self-description copied into an attribution ("a customs inspector at Rizhao port") is
        # reported as the attribution it is, not again as a quote.
        report.flags[:] = [
            f for f in report.flags if not (f.kind == QUOTE and any(_within(f, a) for a in attributions))
        ]
        report.flags.extend(attributions)
        report.flags.sort(key=lambda f: (f.start, f.kind))
        return report

    @staticmethod
    def not_compared(draft: str, material: Sequence[Material]) -> list[str]:
        """Say exactly what could not be compared: quotes across languages with no saved translation."""
        lang = draft_language(draft)
        translated = {m.submission for m in material if m.is_translation and m.text and detect_language(m.text) == lang}
        missing = sorted(
            {
                f"{m.submission} ({detect_language(m.text)})"
                for m in material
                if m.text
                and not m.is_translation
                and detect_language(m.text) != lang
                and m.submission not in translated
            }
        )
        if not missing:
            return []
        return [
            f"not compared for want of a translation into {lang} (no saved translation, no installed model): "
            f"quotes and ordinary words of {', '.join(missing)}; names (Hangul, Hanja, romanised), places, "
            "numbers and dates in them were compared across scripts"
        ]

    # (b) unique details --------------------------------------------------------------------

    def _unique_details(
        self, draft: str, prose: str, texts: list[tuple[str, str]], quotes: list[Flag], lang: str
    ) -> list[Flag]:
        owners, rare_keys, spellings, terms, written_names, long_forms = self._material_index(tuple(texts))
        flags: list[Flag] = []
        # A detail repeated as written is reported once; written another way (홍상무역 and 鸿祥贸易 side by
        # side, Irkutsk and 이르쿠츠크), each spelling is reported, since each must be removed.
        seen: set[tuple[str, str]] = set()
        flagged: set[tuple[int, int]] = set()
        found = [*self._draft_items(draft, prose), *_terms_in(prose, terms), *_names_in(prose, written_names)]
        for item, prefix in found:
            if any(q.start <= item.start < q.end for q in quotes) or any(
                start < item.end and item.start < end for start, end in flagged
            ):
                continue  # already inside a flagged quote, or in a detail flagged already (the Badger's Badger)
            if _where_it_lies(prose, item):
                continue  # "신의주와 단둥을 잇는 다리", "across the Yalu from Dandong": public geography
            romanised = not HANGUL.search(draft[item.start : item.end])
            hits = [
                k
                for k in sorted(item.keys)
                if len(owners.get(k, ())) == 1
                and not k.startswith(("d:m-", "~", "^"))  # a month alone, a loose key: they only share
                and _identifies(k, item, rare_keys, romanised=romanised)
            ]
            spelling = draft[item.start : item.end].lower()
            holders = _holders(item, owners, spellings) | _holders_of(
                long_forms.get(spelling, set()), owners, spellings
            )
            if not hits or (hits[0], spelling) in seen or len(holders) > 1:
                continue
            seen.update((hit, spelling) for hit in hits)
            sources = tuple(sorted(owners[hits[0]]))
            reason = prefix + REASONS[lang][UNIQUE_DETAIL].format(what=WHAT[lang][item.what], sources=sources[0])
            text = draft[item.start : item.end]
            flags.append(Flag(UNIQUE_DETAIL, text, line_of(draft, item.start), item.start, item.end, reason, sources))
            flagged.add((item.start, item.end))
        return flags

    def _material_index(self, texts: tuple[tuple[str, str], ...]) -> MaterialIndex:
        """Who holds each key of the material, which keys are rare, each key's other spellings, the terms
        sources coined and the long words by their short forms: the same for every draft checked against
        the same material (a case's drafts, one after another), so made once for it."""
        if texts in self._indexes:
            return self._indexes[texts]
        owners: dict[str, set[str]] = {}
        rare_keys: set[str] = set()
        spellings: dict[str, set[str]] = {}
        terms: set[str] = set()
        written_names: dict[str, Item] = {}
        # A long Hangul word by its first syllables (아목시 for 아목시실린): the short form is the same thing.
        long_forms: dict[str, set[str]] = {}
        for designation, text in texts:
            for item in self._material_items(text):
                written = text[item.start : item.end]
                # A neighbourhood or village a source named in Hangul (남민동) is looked for as written too:
                # without its city before it, a draft's tagger may split it (남민 + 동).
                if item.what == TERM or (item.what == PLACE and NEIGHBOURHOOD.fullmatch(written)):
                    terms.add(written)
                elif item.what == NAME and item.rare:
                    for spelling in _hangul_spellings(written):
                        written_names.setdefault(spelling, item)
                if len(written) >= SHORT_FORM + 2 and re.fullmatch(r"[가-힣]+", written[:SHORT_FORM]):
                    long_forms.setdefault(written[:SHORT_FORM], set()).update(_exact(item))
                for key in item.keys:
                    # ^: what the writer of this also knows (who wrote 한명철 knows a Mr. Han), held as that key.
                    owners.setdefault(key.removeprefix("^"), set()).add(designation)
                    if item.rare or key in item.rare_spellings:
                        rare_keys.add(key.removeprefix("^"))
                for group in item.groups or (_exact(item),):
                    # A loose key (~) shares by itself only: through a spelling it would join 신암 to Sunam.
                    strict = {key for key in group if not key.startswith("~")}
                    for key in strict:
                        spellings.setdefault(key, set()).update(strict)
        index = MaterialIndex(owners, rare_keys, spellings, terms, written_names, long_forms)
        if len(self._indexes) >= 64:
            self._indexes.pop(next(iter(self._indexes)))
        self._indexes[texts] = index
        return index

    def _draft_items(self, draft: str, prose: str) -> list[tuple[Item, str]]:
        """The draft's details: its prose, then the names of the files it links (a file named after a place)."""
        lang = "ko" if draft_language(draft) == "ko" else "en"
        found = [(item, "") for item in self.extractor.items(prose, today=self._today())]
        for match in LINK.finditer(draft):
            target = match.group(1)
            name = Path(target).name
            offset = match.start(1) + len(target) - len(name)
            for item in self.extractor.items(re.sub(r"[._]", " ", name)):
                shifted = Item(item.start + offset, item.end + offset, item.keys, item.what, item.rare)
                found.append((shifted, REASONS[lang]["filename"]))
        return found

    # (d) attributions ----------------------------------------------------------------------

    def _attributions(self, draft: str, prose: str, lang: str) -> list[Flag]:
        return [
            Flag(
                ATTRIBUTION,
                draft[span.start : span.end],
                line_of(draft, span.start),
                span.start,
                span.end,
                REASONS[lang][ATTRIBUTION],
            )
            for span in self.attributions.find(prose)
        ]


def _within(inner: Flag, outer: Flag) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _identifies(shared: str, item: Item, rare_keys: set[str], *, romanised: bool) -> bool:
    """Is a key the draft shares with one source's material rare enough to identify it?

    A word (k:, w:, r:, y:) must be rare on both sides: 장마당 is ordinary in the Korean material however rare
    "Jangmadang" is in English text. A romanised name (r:, in Latin or Cyrillic letters) may be common in English
    ("Lee") if the name it meets is rare; a Hangul word may not (중국 is no name because 정국 is). Numbers, dates and
    places are rare by what the draft makes of them (an event's date, not a dateline; a city, not a country)."""
    if shared[:2] in ("k:", "w:", "r:", "y:", "rn", "c:"):
        return shared in rare_keys and (item.rare or (romanised and shared.startswith(("r:", "rn:"))))
    return item.rare


def _terms_in(prose: str, terms: set[str]) -> list[tuple[Item, str]]:
    """Where the draft writes a term a source coined ("the night bell"), in quotation marks or not: as
    written, by its meaning ('곰' → the Bear), romanised (Gom); and a neighbourhood named in Hangul."""
    found: list[tuple[Item, str]] = []
    capitalised = list(re.finditer(r"\b[A-Z][a-z'’]+\b", prose))  # where a romanised term may stand
    for term in terms:
        keys = frozenset(filter(None, term_keys(term)))
        matches = [
            *re.finditer(re.escape(term), prose, re.IGNORECASE),
            *(m for pattern in coined_spellings(term) for m in pattern.finditer(prose)),
            *(m for m in capitalised if romanised_like(term, m.group())),
        ]
        found.extend((Item(match.start(), match.end(), keys, TERM, True), "") for match in matches)
    return found


def _hangul_spellings(written: str) -> list[str]:
    """How a draft may write, in Hangul, a name a source wrote: a person's name (한명철, read after a title or
    before an age) as written, North or South (리순덕 = 이순덕), where a draft's tagger splits it (한 + 명 +
    철, "one 명철"); a Hanja name by its reading (韓明哲: 한명철); another word as written (랭동창고)."""
    if WRITTEN_NAME.fullmatch(written):
        return [southern(written) if written[0] in HANGUL_SURNAMES else written]
    if HANJA_NAME.fullmatch(written) and written[0] in KOREAN_SURNAMES:
        return sorted(hanja_name_readings(written))
    return []


def _names_in(prose: str, names: dict[str, Item]) -> list[tuple[Item, str]]:
    """Where the draft writes a source's name in Hangul as the source wrote it or read its Hanja, North or
    South (리순덕 = 이순덕), at the start of a word. ``names``: by their southern spelling."""
    found: list[tuple[Item, str]] = []
    for match in re.finditer(r"(?<![가-힣])[가-힣]{3,}", prose):
        for length in (4, 3):
            item = names.get(southern(match.group()[:length]))
            if item is not None and len(match.group()) >= length:
                found.append((Item(match.start(), match.start() + length, _exact(item), NAME, True), ""))
                break
    return found


def _where_it_lies(prose: str, item: Item) -> bool:
    """Is ``item`` a town the draft names only to say where another lies: the one across the river from
    it, facing it, joined to it by a bridge ("Sinuiju, across the Yalu from Dandong"; 두만강 건너편이 중국
    훈춘이다; 신의주와 단둥을 잇는 다리)? Where towns lie is public geography. The town a sentence sets its
    news in ("In Ji'an, across the Yalu from Manpo, pharmacies sell …") is still compared."""
    if item.what != PLACE or not any(k.startswith("p:") for k in item.keys):
        return False
    before, after = prose[max(0, item.start - 60) : item.start], prose[item.end : item.end + 30]
    return bool(PLACED_AGAINST_BEFORE.search(before) or PLACED_AGAINST_AFTER.match(after))


# What comes before a town a place is put against: across the Yalu from, opposite, facing (the Chinese
# city of); 두만강 건너편이 (중국 지린성).
PLACED_AGAINST_BEFORE = re.compile(
    r"(?:\bacross\s+(?:the\s+[\w-]+\s+)?(?:river\s+)?from|\bopposite|\bfac(?:ing|es|ed|e)|\bover\s+the\s+(?:river|border)\s+from"
    r"|\bon\s+the\s+other\s+(?:side|bank)\s+of(?:\s+the\s+[\w-]+)?\s+from)"
    r"\s+(?:the\s+(?:Chinese|Russian|North\s+Korean)\s+(?:city|town|county|port)\s+of\s+)?$"
    r"|(?:건너편|맞은편)(?:이|은|에|에는|의)?\s*(?:중국|러시아|북한)?\s*(?:[가-힣]+성)?\s*$",
    re.IGNORECASE,
)
# What comes after it: 화룡시와 마주한, 단둥을 잇는 (다리), 훈춘과 맞닿은.
PLACED_AGAINST_AFTER = re.compile(
    r"(?:시|군|현)?(?:(?:와|과)\s?(?:마주|맞닿|접한|이웃한)|(?:을|를)\s?(?:잇는|연결하는))"
)


def _holders(item: Item, owners: dict[str, set[str]], spellings: dict[str, set[str]]) -> set[str]:
    """Every source whose material holds the detail in any of its spellings. The keys of an item are
    one detail written several ways (룽커우, 龙口 and Longkou; 대흥무역 and Taehung Trading): if two
    sources hold it, each in its own script, it points at neither. So are the keys of what a source
    wrote: a draft's "Yinhe Software" meets one source's 银河软件, whose reading 은하 meets another's
    은하소프트."""
    return _holders_of(_exact(item), owners, spellings)


def _holders_of(keys: Iterable[str], owners: dict[str, set[str]], spellings: dict[str, set[str]]) -> set[str]:
    found: set[str] = set()
    for key in keys:
        for spelling in spellings.get(key, {key}):
            found |= owners.get(spelling, set())
    return found


DAY = re.compile(r"d:\d\d-\d\d")
NEIGHBOURHOOD = re.compile(r"[가-힣]{2,5}(?:동|리|구역|읍|면|노동자구)")
WRITTEN_NAME = re.compile(r"[가-힣]{3,4}")
HANJA_NAME = re.compile(r"[\u4e00-\u9fff]{3}")
SHORT_FORM = 3  # syllables of a long word a short form keeps (아목시 of 아목시실린)


def _exact(item: Item) -> frozenset[str]:
    """An item's keys but what its writer also knows (``^``) and a full date's looser ones, its day of any
    month and its month of the year: 17 March is not a source's 17 June, and 9 November 2026 not another
    source's November 2026."""
    keys = frozenset(k for k in item.keys if not k.startswith("^"))  # a draft's 한명철 is not its Mr. Han
    if any(DAY.fullmatch(k) for k in keys):
        return frozenset(k for k in keys if not k.startswith("d:") or DAY.fullmatch(k))
    return keys
