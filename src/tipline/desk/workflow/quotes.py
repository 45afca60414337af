"""Quotes: a run of a source's own words in a draft, verbatim or changed by a word or two.

n-gram overlap with each source's material (its own words, or a saved translation of them): a run found
in one source's material only is that source's quote. Korean is compared by morphemes (kiwipiepy) and
by its words of meaning; Chinese, which has no spaces, by runs of characters. A run is no quote when it
is stop words and particles, a date, or names strung together; outside quotation marks a Korean run
must keep four of its source's words as written (a claim retold changes its endings).
"""

from __future__ import annotations

import re
from functools import lru_cache

from tipline.desk.workflow.exposure_report import QUOTE, REASONS, Flag, line_of
from tipline.desk.workflow.gazetteer import place_by_name, place_pattern, region_adjective
from tipline.desk.workflow.normalise import HAN_RUN, MONTHS, southern
from tipline.desk.workflow.rarity import chinese_words, english_is_rare
from tipline.desk.workflow.text import HANGUL, KOREAN_CONTENT_TAGS, Korean, Token, tokens

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


class QuoteFinder:
    """Finds the quotes of a draft in the sources' material; material is tokenised once per finder."""

    def __init__(self, korean: Korean) -> None:
        self.korean = korean
        self._tokens: dict[str, list[Token]] = {}
        # A case's drafts are checked one after another against the same material: its n-grams, who
        # holds each, and its words as written are made once for it (most of a check's time, else).
        self._owners: dict[tuple[tuple[tuple[str, str], ...], int, bool], dict[tuple[str, ...], set[str]]] = {}
        self._word_grams: dict[str, set[tuple[str, ...]]] = {}

    def find(self, draft: str, prose: str, texts: list[tuple[str, str]], lang: str) -> list[Flag]:
        """The quotes of ``draft`` (``prose``: the draft with its markup blanked, offsets kept)."""
        quotes = self._quotes(draft, tokens(prose, self.korean), texts, lang)
        return quotes + [q for q in _han_quotes(draft, texts, lang) if not any(_overlap(q, o) for o in quotes)]

    def _material_tokens(self, text: str) -> list[Token]:
        if text not in self._tokens:
            self._tokens[text] = tokens(text, self.korean)
        return self._tokens[text]

    def _gram_owners(self, texts: list[tuple[str, str]], n: int, *, meaning: bool) -> dict[tuple[str, ...], set[str]]:
        """Who holds each run of n words of the material (with ``meaning``, of its words of meaning alone)."""
        grams = (tuple(texts), n, meaning)  # which material, and which runs of it
        if grams not in self._owners:
            owners: dict[tuple[str, ...], set[str]] = {}
            for designation, text in texts:
                words = [_quote_norm(t) for t in self._material_tokens(text) if not meaning or _content(t)]
                for i in range(len(words) - n + 1):
                    owners.setdefault(tuple(words[i : i + n]), set()).add(designation)
            if len(self._owners) >= 64:
                self._owners.pop(next(iter(self._owners)))
            self._owners[grams] = owners
        return self._owners[grams]

    def _written_grams(self, text: str) -> set[tuple[str, ...]]:
        """The material's runs of KOREAN_QUOTE_WORDS whole words as written."""
        if text not in self._word_grams:
            words = [_word_norm(w) for w in text.split()]
            n = KOREAN_QUOTE_WORDS
            self._word_grams[text] = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
        return self._word_grams[text]

    def _quotes(self, draft: str, draft_tokens: list[Token], texts: list[tuple[str, str]], lang: str) -> list[Flag]:
        korean = bool(HANGUL.search(draft))
        n = NGRAM_KOREAN if korean else NGRAM
        owners = self._gram_owners(texts, n, meaning=False)
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
            # The words of a place's name ("in the United Arab Emirates") are a place, however many.
            places = [m.span() for m in place_pattern().finditer(draft, run[0].start, run[-1].end)]
            said = sum(_said_word(t) and not any(s <= t.start < e for s, e in places) for t in run)
            # In a mixed draft, an English run is judged as English ("in the United Arab Emirates").
            run_korean = korean and any(HANGUL.match(draft[t.start : t.start + 1]) for t in run)
            if not run_korean and said < (2 if inside else 3):
                # Names and places strung together ("the Songbong restaurant in Ulaanbaatar", "two North Korean
                # men have") say nothing in a source's own way; outside quotation marks, nor do two plain words
                # among them ("a brigade of 40 North Koreans"), as any translation of the fact would put them.
                continue
            start, end = draft_tokens[first].start, draft_tokens[last].end
            if start > 0 and draft[start - 1].isalnum():  # began inside a word (on its particle)
                start = min(end, draft.find(" ", start, end) + 1 or end)
            if len(draft[start:end].split()) < (KOREAN_QUOTE_WORDS if run_korean else ENGLISH_QUOTE_WORDS):
                continue  # 본국으로 돌려보내겠다고 위협했다: restating a claim, not quoting its source
            sources = tuple(sorted(who))
            inside = any(s <= start and end <= e for s, e in quoted)
            if not inside and _counted_noun_phrase(run, draft[start:end]):
                continue  # 북한 여성 노동자 300명이: nouns and a number, a fact as anyone names it, not a way of saying
            if run_korean and not inside and not self._verbatim_words(draft, start, end, texts, sources[0]):
                # Outside quotation marks, a claim retold in its source's plain words changes particles and
                # endings (보위원이 노동자들을 협박하고 …); a quote keeps four of its words exactly as written.
                continue
            reason = REASONS[lang][QUOTE].format(n=last - first + 1, sources=", ".join(sources))
            flags.append(Flag(QUOTE, draft[start:end], line_of(draft, start), start, end, reason, sources))
        return flags

    def _verbatim_words(self, draft: str, start: int, end: int, texts: list[tuple[str, str]], designation: str) -> bool:
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
        return any(owner == designation and grams & self._written_grams(text) for owner, text in texts)

    def _content_runs(
        self, draft_tokens: list[Token], texts: list[tuple[str, str]]
    ) -> list[tuple[int, int, frozenset[str]]]:
        """Runs of QUOTE_CONTENT_NGRAM words of meaning (particles and endings left out) found in one
        source's material only, as token index ranges of the draft."""
        n = QUOTE_CONTENT_NGRAM
        owners = self._gram_owners(texts, n, meaning=True)
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


# Chinese has no spaces to count words by: HAN_QUOTE_CHARS Han characters in a row, as written (Chinese
# punctuation aside), found in one source's material only, are its own words — a short name is a detail.
HAN_QUOTE_CHARS = 8
HAN_FIRM = re.compile(r"(?:有限公司|股份公司|公司|集团|合作社|工厂|厂)$")
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
            if HAN_FIRM.search(han[i:j]):
                i = j
                continue  # 珲春锦程服装有限公司: a firm's name, which the details compare in every script
            sources = tuple(sorted(owners))
            reason = REASONS[lang][QUOTE].format(n=len(chinese_words(han[i:j])), sources=", ".join(sources))
            flags.append(Flag(QUOTE, draft[start:end], line_of(draft, start), start, end, reason, sources))
            i = j
    return flags


def _counted_noun_phrase(run: list[Token], text: str) -> bool:
    """A short Korean run of nouns and a number, with no verb or adjective: who counts, as any writer would."""
    korean = all(t.tag for t in run)
    verb = any(t.tag.startswith(("VV", "VA", "XSV", "XSA", "VCP")) for t in run)
    number = any(t.tag in ("SN", "NR") for t in run)
    return korean and number and not verb and len(text.split()) <= KOREAN_QUOTE_WORDS


def _overlap(a: Flag, b: Flag) -> bool:
    return a.start < b.end and b.start < a.end


QUOTED = re.compile(r'"[^"\n]+"|“[^”\n]+”|‘[^’\n]+’|「[^」\n]+」|『[^』\n]+』')


def _quoted_spans(draft: str) -> list[tuple[int, int]]:
    """Where the draft itself quotes someone: text between quotation marks."""
    return [(m.start(), m.end()) for m in QUOTED.finditer(draft)]


def _merge_runs(runs: list[tuple[int, int, frozenset[str]]]) -> list[tuple[int, int, frozenset[str]]]:
    """Overlapping runs of the same source, as one."""
    merged: list[tuple[int, int, frozenset[str]]] = []
    for first, last, who in sorted(runs, key=lambda run: (run[0], run[1])):
        if merged and first <= merged[-1][1] + 1 and merged[-1][2] == who:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]), who)
        else:
            merged.append((first, last, who))
    return merged


# Korea's halves and its people, which CLDR's country names do not spell as one word.
_KOREA_WORDS = frozenset({"north", "south", "korea", "korean", "koreans"})


def _place_word(word: str) -> bool:
    """A place or a people (Korean, Chinese, Phnom): what a story says of everyone in it, not a way of saying."""
    word = word.lower()
    return word in _KOREA_WORDS or word in place_by_name() or region_adjective(word)


def _said_word(token: Token) -> bool:
    """A word of meaning that is neither a name (a capitalised rare word) nor a place or people."""
    name = token.capitalised and english_is_rare(token.norm)
    return _content(token) and not name and not _place_word(token.norm)


def _content(token: Token) -> bool:
    """Does a token carry meaning: a Korean noun, verb or adjective stem, number or foreign word (not a
    particle or an ending), or any other word not a stop word?"""
    if token.tag:
        return token.tag in KOREAN_CONTENT_TAGS and token.norm not in KOREAN_STOP
    return token.norm not in STOPWORDS


DATE_WORDS = frozenset(
    {"년", "월", "일", "시", "분", "밤", "낮", "새벽", "오전", "오후", "저녁", "아침",
     # the hours as English says them: half past five in the morning, until eleven at night
     "half", "past", "quarter", "morning", "afternoon", "evening", "night", "o'clock", "a.m.", "p.m.", "one", "two",
     "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
)  # fmt: skip


def _number_or_date(token: Token) -> bool:
    return token.norm.isdigit() or token.tag in ("SN", "NR") or token.norm in DATE_WORDS or token.norm in MONTHS


def _word_norm(word: str) -> str:
    return southern(word.strip("\"'“”‘’「」『』.,!?()[]…·"))


@lru_cache(maxsize=1 << 16)  # pure, and the same words recur in every draft and material
def _quote_norm(token: Token) -> str:
    return southern(token.norm) if token.tag else token.norm
