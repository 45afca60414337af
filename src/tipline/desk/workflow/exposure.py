"""The exposure check: does anything in a draft point back to one source?

Four kinds of flag, each with the exact span, the source(s) it points to (by designation) and why,
in the draft's language:

- ``quote``: a run of words that appears in one source's material (its own words, or a saved
  translation of them) — n-gram overlap, so a quote changed by a word is found too.
- ``unique-detail``: a name, place, date, number or word of the draft that is rare in ordinary
  text (wordfreq) *and* found in the material of exactly one source — compared across scripts and
  spellings (details.py, normalise.py): unique knowledge identifies the knower.
- ``attachment``: an image or file the draft references that is not a cleaned copy, or still
  carries metadata (read with exiftool).
- ``attribution``: an attribution more specific than a country or region (attribution.py).

Headings, template text and linked filenames are checked like the rest of the draft.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from tipline.desk.workflow.allowed_places import ALLOWED_PLACES
from tipline.desk.workflow.attachments import LINK, AttachmentCheck
from tipline.desk.workflow.attribution import AttributionFinder
from tipline.desk.workflow.details import TERM, Extractor, Item, term_keys
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
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.normalise import HAN_RUN, MONTHS, southern
from tipline.desk.workflow.rarity import chinese_words
from tipline.desk.workflow.text import HANGUL, KOREAN_CONTENT_TAGS, Korean, Token, detect_language, tokens

# Shortest run of shared tokens reported as a quote; Korean morphemes are shorter than words, and a
# Korean quote must also span this many words (국가보위성 보위원이 is two words, six morphemes).
NGRAM = 4
NGRAM_KOREAN = 5
KOREAN_QUOTE_WORDS = 4
ENGLISH_QUOTE_WORDS = 5
QUOTE_CONTENT = 3  # words of a quote that are not stop words
QUOTE_CONTENT_NGRAM = 4  # words of meaning in a row, inside quotation marks, that make a Korean quote
QUOTED_TOKENS = 6  # tokens in a row inside quotation marks that are a quote with two words of meaning
QUOTE_GAP = 2  # a changed word or two between two matching runs: one paraphrased quote
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
KOREAN_STOP = frozenset(
    {"소식통", "익명", "조건", "말", "것", "수", "등", "때", "중", "년", "월", "일", "하", "있", "되", "이", "고", "다"}
)


def draft_language(draft: str) -> str:
    """The language of a draft's prose (links, images and comments left out)."""
    return detect_language(_strip_markup(draft))


def _strip_markup(draft: str) -> str:
    """Blank out Markdown links, images and comments (same length, so offsets stay true)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    draft = re.sub(r"<!--.*?-->", blank, draft, flags=re.DOTALL)
    return re.sub(r"!?\[[^\]]*\]\([^)]*\)", blank, draft)


class ExposureChecker:
    def __init__(self, korean: Korean, *, extra_places: Iterable[str] = (), exiftool: str | None = None) -> None:
        self.korean = korean
        self.extra_places = tuple(extra_places)
        self.places = ALLOWED_PLACES.union(*(same_place_names(p) for p in self.extra_places))
        self.extractor = Extractor(korean, self.places)
        self.attributions = AttributionFinder(self.places)
        self.exiftool = exiftool if exiftool is not None else shutil.which("exiftool")
        self.attachments = AttachmentCheck(self.exiftool)
        # Material is analysed once per checker, not once per draft (kiwipiepy is the slow part).
        self._tokens: dict[str, list[Token]] = {}
        self._items: dict[str, list[Item]] = {}

    def allowing(self, places: Iterable[str]) -> ExposureChecker:
        """This checker with ``places`` allowed too (a case whose sources' regions a newsroom
        allowed in desk.toml); the Korean analyser is shared."""
        return ExposureChecker(self.korean, extra_places=(*self.extra_places, *places), exiftool=self.exiftool)

    def _material_tokens(self, text: str) -> list[Token]:
        if text not in self._tokens:
            self._tokens[text] = tokens(text, self.korean)
        return self._tokens[text]

    def _material_items(self, text: str) -> list[Item]:
        if text not in self._items:
            self._items[text] = self.extractor.items(text, material=True)
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
        quotes = self._quotes(draft, tokens(prose, self.korean), texts, lang)
        quotes += [q for q in _han_quotes(draft, texts, lang) if not any(_overlap(q, o) for o in quotes)]
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

    # (a) quotes ----------------------------------------------------------------------------

    def _quotes(self, draft: str, draft_tokens: list[Token], texts: list[tuple[str, str]], lang: str) -> list[Flag]:
        korean = bool(HANGUL.search(draft))
        n = NGRAM_KOREAN if korean else NGRAM
        owners: dict[tuple[str, ...], set[str]] = {}
        for designation, text in texts:
            words = [_quote_norm(t) for t in self._material_tokens(text)]
            for i in range(len(words) - n + 1):
                owners.setdefault(tuple(words[i : i + n]), set()).add(designation)
        words = [_quote_norm(t) for t in draft_tokens]
        quoted = _quoted_spans(draft)
        # Outside quotation marks, every n-gram of a run must carry two words that are not stop words: a
        # claim restated in a source's plain words ("threatened to send home workers who could not pay") is
        # no quote. Inside them, the run is judged whole: "… and rest once a month" ends a quote.
        strict = self._quote_runs(words, owners, n, content=True)
        lenient = self._quote_runs(words, owners, n, content=False)
        if korean:  # and in Korean, by its words of meaning alone: 밀수를 하다 = 밀수하다, 로동단련대 ≈ 단련대
            lenient = _merge_runs(lenient + self._content_runs(draft_tokens, texts))
        lenient = [
            run
            for run in lenient
            if any(s <= draft_tokens[run[0]].start and draft_tokens[run[1]].end <= e for s, e in quoted)
        ]
        matched = lenient + [r for r in strict if not any(r[0] <= q[1] and q[0] <= r[1] for q in lenient)]
        flags = []
        for first, last, who in matched:
            run = draft_tokens[first : last + 1]
            inside = any(s <= run[0].start and run[-1].end <= e for s, e in quoted)
            # Inside quotation marks, six tokens as the source wrote them are its words with two of meaning
            # ("их не кормили по три дня"); elsewhere a run needs three.
            needed = 2 if inside and len(run) >= QUOTED_TOKENS else QUOTE_CONTENT
            if sum(_content(t) for t in run) < needed or all(_number_or_date(t) for t in run if _content(t)):
                continue  # a run of stop words and particles, or a date (2026년 8월 14일 밤), is no quote
            if not korean and sum(_content(t) and draft[t.start : t.start + 1].islower() for t in run) < 2:
                continue  # names and places strung together ("the Songbong restaurant in Ulaanbaatar") say nothing
            start, end = draft_tokens[first].start, draft_tokens[last].end
            if start > 0 and draft[start - 1].isalnum():  # began inside a word (on its particle)
                start = min(end, draft.find(" ", start, end) + 1 or end)
            if len(draft[start:end].split()) < (KOREAN_QUOTE_WORDS if korean else ENGLISH_QUOTE_WORDS):
                continue  # 본국으로 돌려보내겠다고 위협했다: restating a claim, not quoting its source
            sources = tuple(sorted(who))
            inside = any(s <= start and end <= e for s, e in quoted)
            if korean and not inside and not self._verbatim_words(draft, start, end, texts, sources[0]):
                # Outside quotation marks, a claim retold in its source's plain words changes particles and
                # endings (보위원이 노동자들을 협박하고 …); a quote keeps four of its words exactly as written.
                continue
            reason = REASONS[lang][QUOTE].format(n=last - first + 1, sources=", ".join(sources))
            flags.append(Flag(QUOTE, draft[start:end], line_of(draft, start), start, end, reason, sources))
        return flags

    @staticmethod
    def _verbatim_words(draft: str, start: int, end: int, texts: list[tuple[str, str]], designation: str) -> bool:
        """Do KOREAN_QUOTE_WORDS whole words of the draft around start:end follow each other, as written, in
        the material of ``designation`` (the initial-sound rule aside: 로동자 = 노동자)?"""
        line_start = draft.rfind("\n", 0, start) + 1
        line_end = draft.find("\n", end)
        line = draft[line_start : line_end if line_end >= 0 else len(draft)]
        # The words the run touches, whole.
        words = [
            _word_norm(m.group())
            for m in re.finditer(r"\S+", line)
            if line_start + m.start() < end and line_start + m.end() > start
        ]
        n = KOREAN_QUOTE_WORDS
        grams = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
        for owner, text in texts:
            if owner != designation:
                continue
            material = [_word_norm(w) for w in text.split()]
            if grams & {tuple(material[i : i + n]) for i in range(len(material) - n + 1)}:
                return True
        return False

    def _content_runs(
        self, draft_tokens: list[Token], texts: list[tuple[str, str]]
    ) -> list[tuple[int, int, frozenset[str]]]:
        """Runs of QUOTE_CONTENT_NGRAM words of meaning (particles and endings left out) found in one
        source's material only, as token index ranges of the draft."""
        n = QUOTE_CONTENT_NGRAM
        owners: dict[tuple[str, ...], set[str]] = {}
        for designation, text in texts:
            meaning = [_quote_norm(t) for t in self._material_tokens(text) if _content(t)]
            for i in range(len(meaning) - n + 1):
                owners.setdefault(tuple(meaning[i : i + n]), set()).add(designation)
        index = [i for i, t in enumerate(draft_tokens) if _content(t)]
        meaning = [_quote_norm(draft_tokens[i]) for i in index]
        return [
            (index[first], index[last], who) for first, last, who in self._quote_runs(meaning, owners, n, content=False)
        ]

    @staticmethod
    def _quote_runs(
        words: list[str], owners: dict[tuple[str, ...], set[str]], n: int, *, content: bool
    ) -> list[tuple[int, int, frozenset[str]]]:
        """Runs of n-grams of the draft found in one source's material only (token index ranges)."""
        matched: list[tuple[int, int, frozenset[str]]] = []
        for i in range(len(words) - n + 1):
            gram = tuple(words[i : i + n])
            owner = owners.get(gram, set())
            # Shared by several sources, a phrase is common knowledge.
            if len(owner) != 1:
                continue
            if content and sum(w not in STOPWORDS and w not in KOREAN_STOP for w in gram) < 2:
                continue
            who = frozenset(owner)
            if matched and i <= matched[-1][1] + QUOTE_GAP + 1 and matched[-1][2] == who:
                matched[-1] = (matched[-1][0], i + n - 1, matched[-1][2])
            else:
                matched.append((i, i + n - 1, who))
        return matched

    # (b) unique details --------------------------------------------------------------------

    def _unique_details(
        self, draft: str, prose: str, texts: list[tuple[str, str]], quotes: list[Flag], lang: str
    ) -> list[Flag]:
        owners: dict[str, set[str]] = {}
        rare_keys: set[str] = set()
        spellings: dict[str, set[str]] = {}
        terms: set[str] = set()
        for designation, text in texts:
            for item in self._material_items(text):
                if item.what == TERM:
                    terms.add(text[item.start : item.end])
                for key in item.keys:
                    owners.setdefault(key, set()).add(designation)
                    if item.rare or key in item.rare_spellings:
                        rare_keys.add(key)
                for group in item.groups or (_exact(item),):
                    for key in group:
                        spellings.setdefault(key, set()).update(group)
        flags: list[Flag] = []
        # A detail repeated as written is reported once; written another way (홍상무역 and 鸿祥贸易 side by
        # side, Irkutsk and 이르쿠츠크), each spelling is reported, since each must be removed.
        seen: set[tuple[str, str]] = set()
        for item, prefix in [*self._draft_items(draft, prose), *_terms_in(prose, terms)]:
            if any(q.start <= item.start < q.end for q in quotes):
                continue  # already inside a flagged quote
            romanised = not HANGUL.search(draft[item.start : item.end])
            hits = [
                k
                for k in sorted(item.keys)
                if len(owners.get(k, ())) == 1 and _identifies(k, item, rare_keys, romanised=romanised)
            ]
            spelling = draft[item.start : item.end].lower()
            if not hits or (hits[0], spelling) in seen or len(_holders(item, owners, spellings)) > 1:
                continue
            seen.update((hit, spelling) for hit in hits)
            sources = tuple(sorted(owners[hits[0]]))
            reason = prefix + REASONS[lang][UNIQUE_DETAIL].format(what=WHAT[lang][item.what], sources=sources[0])
            text = draft[item.start : item.end]
            flags.append(Flag(UNIQUE_DETAIL, text, line_of(draft, item.start), item.start, item.end, reason, sources))
        return flags

    def _draft_items(self, draft: str, prose: str) -> list[tuple[Item, str]]:
        """The draft's details: its prose, then the names of the files it links (a file named after a place)."""
        lang = "ko" if draft_language(draft) == "ko" else "en"
        found = [(item, "") for item in self.extractor.items(prose)]
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


# Chinese has no spaces to count words by: HAN_QUOTE_CHARS Han characters in a row, as written (Chinese
# punctuation aside), found in one source's material only, are its own words — a short name is a detail.
HAN_QUOTE_CHARS = 8
HAN_SENTENCE = re.compile(r"[\u4e00-\u9fff](?:[\u4e00-\u9fff]|[，、；：,]\s?)*[\u4e00-\u9fff]")


def _han_only(text: str) -> tuple[str, list[int]]:
    """The Han characters of text with each one's offset; anything else but Chinese punctuation breaks a run."""
    chars, offsets = [], []
    for index, char in enumerate(text):
        if HAN_RUN.fullmatch(char):
            chars.append(char)
            offsets.append(index)
        elif char not in "，、；：,。 " and chars and chars[-1] != "|":
            chars.append("|")
            offsets.append(index)
    return "".join(chars), offsets


def _han_quotes(draft: str, texts: list[tuple[str, str]], lang: str) -> list[Flag]:
    """Runs of a source's Chinese copied into the draft (钱直接交给朝鲜负责人，不开发票)."""
    material = [(designation, _han_only(text)[0]) for designation, text in texts if HAN_RUN.search(text)]
    if not material:
        return []
    flags: list[Flag] = []
    for sentence in HAN_SENTENCE.finditer(draft):
        han, offsets = _han_only(sentence.group())
        i = 0
        while i <= len(han) - HAN_QUOTE_CHARS:
            owners = {d for d, m in material if han[i : i + HAN_QUOTE_CHARS] in m}
            if len(owners) != 1:
                i += 1
                continue
            j = i + HAN_QUOTE_CHARS
            while j < len(han) and {d for d, m in material if han[i : j + 1] in m} == owners:
                j += 1
            start, end = sentence.start() + offsets[i], sentence.start() + offsets[j - 1] + 1
            sources = tuple(sorted(owners))
            reason = REASONS[lang][QUOTE].format(n=len(chinese_words(han[i:j])), sources=", ".join(sources))
            flags.append(Flag(QUOTE, draft[start:end], line_of(draft, start), start, end, reason, sources))
            i = j
    return flags


def _within(inner: Flag, outer: Flag) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlap(a: Flag, b: Flag) -> bool:
    return a.start < b.end and b.start < a.end


QUOTED = re.compile(r'"[^"\n]+"|“[^”\n]+”|‘[^’\n]+’|「[^」\n]+」|『[^』\n]+』')


def _quoted_spans(draft: str) -> list[tuple[int, int]]:
    """Where the draft itself quotes someone: text between quotation marks."""
    return [(m.start(), m.end()) for m in QUOTED.finditer(draft)]


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
    """Where the draft writes a term a source coined ("the night bell"), in quotation marks or not."""
    found = []
    for term in terms:
        for match in re.finditer(re.escape(term), prose, re.IGNORECASE):
            found.append((Item(match.start(), match.end(), frozenset(filter(None, term_keys(term))), TERM, True), ""))
    return found


def _holders(item: Item, owners: dict[str, set[str]], spellings: dict[str, set[str]]) -> set[str]:
    """Every source whose material holds the detail in any of its spellings. The keys of an item are
    one detail written several ways (룽커우, 龙口 and Longkou; 대흥무역 and Taehung Trading): if two
    sources hold it, each in its own script, it points at neither. So are the keys of what a source
    wrote: a draft's "Yinhe Software" meets one source's 银河软件, whose reading 은하 meets another's
    은하소프트."""
    found: set[str] = set()
    for key in _exact(item):
        for spelling in spellings.get(key, {key}):
            found |= owners.get(spelling, set())
    return found


DAY = re.compile(r"d:\d\d-\d\d")


def _exact(item: Item) -> frozenset[str]:
    """An item's keys but a full date's looser ones, its day of any month and its month of the year: 17
    March is not a source's 17 June, and 9 November 2026 not another source's November 2026."""
    if any(DAY.fullmatch(k) for k in item.keys):
        return frozenset(k for k in item.keys if not k.startswith("d:") or DAY.fullmatch(k))
    return item.keys


def _merge_runs(runs: list[tuple[int, int, frozenset[str]]]) -> list[tuple[int, int, frozenset[str]]]:
    """Overlapping runs of the same source, as one."""
    merged: list[tuple[int, int, frozenset[str]]] = []
    for first, last, who in sorted(runs, key=lambda run: (run[0], run[1])):
        if merged and first <= merged[-1][1] + 1 and merged[-1][2] == who:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]), who)
        else:
            merged.append((first, last, who))
    return merged


def _content(token: Token) -> bool:
    """Does a token carry meaning: a Korean noun, verb or adjective stem, number or foreign word (not a
    particle or an ending), or any other word not a stop word?"""
    if token.tag:
        return token.tag in KOREAN_CONTENT_TAGS and token.norm not in KOREAN_STOP
    return token.norm not in STOPWORDS


DATE_WORDS = frozenset({"년", "월", "일", "시", "분", "밤", "낮", "새벽", "오전", "오후", "저녁", "아침"})


def _number_or_date(token: Token) -> bool:
    return token.norm.isdigit() or token.tag in ("SN", "NR") or token.norm in DATE_WORDS or token.norm in MONTHS


def _word_norm(word: str) -> str:
    return southern(word.strip("\"'“”‘’「」『』.,!?()[]…·"))


def _quote_norm(token: Token) -> str:
    return southern(token.norm) if token.tag else token.norm
