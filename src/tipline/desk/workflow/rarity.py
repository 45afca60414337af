"""Is a word rare in ordinary text? A unique detail must be rare *and* known to one source only.

Frequencies come from ``wordfreq`` 3.1 (PyPI; data CC BY-SA 4.0, code Apache 2.0; sources listed in
its README: Wikipedia, subtitles, news, books, web text, Twitter, Reddit), read offline from the
data it ships. Korean is looked up as whole words in ``get_frequency_dict('ko')`` (our own
kiwipiepy tokens, never wordfreq's MeCab path); English with ``zipf_frequency``; Chinese (a
source's own Chinese, quoted in a draft) cut into the likeliest words of ``get_frequency_dict('zh')``
(a plain unigram cut, no jieba). Words ordinary in North Korea reporting but missing from these
lists are in data/ordinary_nk.txt.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

from wordfreq import get_frequency_dict, zipf_frequency

from tipline.desk.workflow.normalise import sino_korean, southern

# Zipf 3 = once per million words: "dormitory" (3.1) is ordinary, "Camry" (2.97) and "Angarsk" (0) are not.
RARE_ZIPF = 3.0
# One-syllable noun suffixes that make an ordinary compound of an ordinary word (건설 + 장, 작업 + 반).
KOREAN_NOUN_SUFFIXES = frozenset("장원소자부대인성실관사생점비국청반원단소측값")
# Suffixes that make a worker or a trader of a trade (벌목 + 공, 밀수 + 꾼, 무역 + 상, 운송 + 업자): the trade
# need only be a known word, for a job named by its trade is as ordinary as the trade.
KOREAN_JOB_SUFFIXES = ("공", "꾼", "상", "업자")


@cache
def _korean() -> dict[str, float]:
    return dict(get_frequency_dict("ko"))


@cache
def _chinese() -> dict[str, float]:
    return dict(get_frequency_dict("zh"))


@cache
def ordinary_nk() -> frozenset[str]:
    text = resources.files("tipline.desk.workflow").joinpath("data/ordinary_nk.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def korean_zipf(word: str) -> float:
    frequency = _korean().get(word, 0.0) or _korean().get(southern(word), 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def korean_is_rare(word: str, *, proper: bool, parts: tuple[str, ...] = (), known: bool = False) -> bool:
    """A Korean noun (compound) is rare unless it is frequent, ordinary in NK reporting, made of frequent parts,
    or a common noun of the tagger's dictionary.

    ``proper``: kiwipiepy tagged it a proper noun (a name or a place); ``parts``: the morphemes it
    found in it (쌀 + 값); ``known``: it is one common noun (NNG) kiwipiepy's dictionary holds. A Sino-Korean
    word it holds (징발, 양곡, 군량미) is ordinary: wordfreq's Korean, from web text, lacks many a word of the
    written language. (A loanword or a coinage it holds, 캠리 or 불곰, may still name one thing; so may a
    head's title, 부국장, which is one person where one source named it.)
    """
    if known and not proper and len(parts) <= 1 and sino_korean(word) and not word.endswith("장"):
        return False
    # A loanword keeps its ㄹ (루블, 라디오): the list holds it as written, so look both forms up.
    if word in ordinary_nk():
        return False
    word = southern(word)
    if len(word) < 2 or word in ordinary_nk() or korean_zipf(word) >= RARE_ZIPF:
        return False
    # A proper noun missing from the list is a name or a place (연봉동, however ordinary 연봉 is) — unless
    # it is only ordinary words the tagger did not know in their Northern spelling (녀성 + 로동자).
    northern = any(southern(word[cut:]) != word[cut:] for cut in range(1, len(word)))
    if proper and northern and _ordinary_compound(word, parts):
        return False
    return proper or not _ordinary_compound(word, parts)


def _ordinary_compound(word: str, parts: tuple[str, ...]) -> bool:
    """건설장 = 건설 + 장, 쌀값 = 쌀 + 값: an ordinary compound the frequency list lacks."""
    # Each morpheme of a compound starts a word for the initial-sound rule: 녀성 + 로동자 = 여성 + 노동자.
    parts = tuple(southern(part) for part in parts)
    if len(parts) > 1 and all(korean_zipf(part) >= RARE_ZIPF + 0.5 for part in parts):
        return True
    if len(word) == 2 and word[1] in KOREAN_NOUN_SUFFIXES and korean_zipf(word[0]) >= 4:
        return True
    if any(
        word.endswith(suffix) and len(word) - len(suffix) >= 2 and _known(word[: -len(suffix)])
        for suffix in KOREAN_JOB_SUFFIXES
    ):
        return True
    return any(
        _ordinary_part(word[:cut]) and (word[cut:] in KOREAN_NOUN_SUFFIXES or _ordinary_part(word[cut:]))
        for cut in range(2, len(word))
    )


def _known(part: str) -> bool:
    return part in ordinary_nk() or southern(part) in ordinary_nk() or korean_zipf(part) >= RARE_ZIPF


def _ordinary_part(part: str) -> bool:
    ordinary = part in ordinary_nk() or southern(part) in ordinary_nk()
    return len(part) >= 2 and (ordinary or korean_zipf(part) >= RARE_ZIPF + 0.5)


# Agent and activity endings that make an ordinary word of an ordinary stem: a logger logs, a trucker trucks.
ENGLISH_ENDINGS = ("ers", "er", "ing", "men", "man", "ness")
# A part of an English compound must be this frequent (hand + over, truck + load): a common word, not just a
# known one, so that a rare name does not split into two known syllables.
ENGLISH_PART_ZIPF = RARE_ZIPF + 1.0


def english_is_rare(word: str, *, lower: bool = False) -> bool:
    """Rare in English text and not ordinary in North Korea reporting (minder, defector, jangmadang).

    ``lower``: written in lower case mid-sentence, so a common noun — and a common noun made of common words
    (truckload, handover) or of a common verb and an agent ending (logger) is a trade's ordinary
    vocabulary, whichever story uses it, not a detail: it names no one.
    """
    if not (word.isalpha() and len(word) >= 4 and zipf_frequency(word, "en") < RARE_ZIPF and word not in ordinary_nk()):
        return False
    return not (lower and _english_compound(word))


def _english_compound(word: str) -> bool:
    for ending in ENGLISH_ENDINGS:
        stem = word.removesuffix(ending)
        if stem != word and len(stem) >= 3:
            stems = {stem, stem[:-1]} if len(stem) >= 4 and stem[-1] == stem[-2] else {stem}  # logg-er: log
            # A trade's word made of a known word (freelance → freelancing) is as ordinary as that word.
            if any(zipf_frequency(s, "en") >= RARE_ZIPF for s in stems | {stem + "e"}):
                return True
    return any(
        zipf_frequency(word[:cut], "en") >= ENGLISH_PART_ZIPF and zipf_frequency(word[cut:], "en") >= ENGLISH_PART_ZIPF
        for cut in range(3, len(word) - 2)
    )


# Longest Chinese word looked up when cutting a run of Han characters.
CHINESE_WORD_MAX = 4
# The Chinese list counts phrases as words (开发票 "issue an invoice" 2.3, 落叶松 "larch" 2.4): a phrase it
# holds at all is ordinary Chinese; a name it barely knows (鸿祥 1.0) is not. Given names it knows well
# (小明, 志强) come after a surname, which the surname rule catches.
CHINESE_RARE_ZIPF = 2.0
# A Korean name in Hanja is a surname and two characters (朴顺男), as most Chinese names are.
NAME_LENGTH = 3
# What a word costs in a cut: log10 of one in a billion words, less its Zipf (a rarer word costs more).
CHINESE_UNKNOWN_COST = 10.0


def chinese_zipf(word: str) -> float:
    frequency = _chinese().get(word, 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def chinese_words(han: str) -> list[str]:
    """Cut a run of Han characters into the likeliest words of the Chinese list: the cut whose words'
    frequencies multiply to the most (a unigram cut, as jieba makes one); a character the list lacks
    costs more than any word."""
    best: list[tuple[float, list[str]]] = [(0.0, [])]
    for end in range(1, len(han) + 1):
        options = []
        for n in range(1, min(CHINESE_WORD_MAX, end) + 1):
            word = han[end - n : end]
            zipf = chinese_zipf(word)
            if zipf or n == 1:
                cost, words = best[end - n]
                options.append((cost + CHINESE_UNKNOWN_COST - zipf, [*words, word]))
        best.append(min(options, key=lambda option: option[0]))
    return best[-1][1]


def chinese_is_ordinary(han: str, surnames: frozenset[str]) -> bool:
    """Ordinary Chinese: every word of the run frequent (钱 直接 交给, 负责人, 不 开发票).

    A name is not: a word the list lacks or rarely sees (鸿祥 …), a character it lacks, or a surname
    standing alone before more characters (朴 顺 男), or three characters that start with one (王建国).
    Korean Hanja the Chinese list lacks (魯, 保衛部) stay as their Korean reading judges them.
    """
    words = chinese_words(han)
    if (len(han) == NAME_LENGTH and han[0] in surnames) or any(
        len(w) == NAME_LENGTH and w[0] in surnames for w in words
    ):
        return False  # 金玉花, 王建国: three characters after a surname are a name, however the list knows them
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if chinese_zipf(word) < (CHINESE_RARE_ZIPF if len(word) > 1 else RARE_ZIPF + 1):
            return False
        if word in surnames and following:
            return False
    return bool(words)
