"""Tokens with their character spans: kiwipiepy for Korean, a simple word pattern for English and Russian."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"\d+(?:[.,:/-]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

# Korean morphemes that carry meaning: nouns, proper nouns, numbers, foreign words, verb/adjective stems.
KOREAN_CONTENT_TAGS = ("NNG", "NNP", "NR", "SN", "SL", "SH", "VV", "VA", "XR")
KOREAN_DETAIL_TAGS = ("NNG", "NNP", "SN", "SL", "SH", "XR")


@dataclass(frozen=True)
class Token:
    norm: str  # lower-cased, normalised form used for comparison
    start: int
    end: int
    tag: str = ""  # Korean part of speech; "" elsewhere
    capitalised: bool = False
    # The tagger's dictionary holds it: its analysis scored it as a known morpheme, not as an unknown word,
    # which costs kiwipiepy about a point and a half a letter (징발 -15, 크라니히페이 -36).
    known: bool = True

    @property
    def is_number(self) -> bool:
        return self.norm[:1].isdigit()


def detect_language(text: str) -> str:
    """ko, zh, ja, ru or en, by script — enough to pick a model and a tokeniser."""
    counts = {
        "ko": len(HANGUL.findall(text)),
        "ja": len(KANA.findall(text)),
        "zh": len(HAN.findall(text)),
        "ru": len(CYRILLIC.findall(text)),
    }
    language, count = max(counts.items(), key=lambda item: item[1])
    if count == 0:
        return "en"
    if language == "zh" and counts["ja"]:
        return "ja"
    return language


def normalise(word: str) -> str:
    word = unicodedata.normalize("NFC", word).lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace(",", "") if word[:1].isdigit() else word


@cache
def _shared_kiwi() -> Any:
    """One kiwipiepy ``Kiwi`` per process: loading its model takes seconds and a few hundred MB, and it
    holds no state between calls (each checker, each test, each reading-room request shares it)."""
    from kiwipiepy import Kiwi

    return Kiwi()


# Calls into the shared model one at a time: the reading room may check two drafts at once.
_KIWI_LOCK = threading.Lock()


# The lowest score kiwipiepy gives a morpheme of its dictionary in our texts (measured: 군량미 -17 in a
# sentence); an unknown word of three letters or more scores below it (룽커우 -25, 충성자금 -24).
KNOWN_MORPHEME_SCORE = -18.0


class Korean:
    """kiwipiepy's analysis of Korean, built on first use (its model ships in kiwipiepy_model)."""

    CACHE_SIZE = 512

    def __init__(self) -> None:
        self._kiwi: Any = None
        # The exposure check tokenises a draft twice (quotes, details) and the same material for every
        # draft: kiwipiepy is by far the slowest step, so its result is kept for recent texts.
        self._cache: dict[str, list[Token]] = {}

    @property
    def kiwi(self) -> Any:
        if self._kiwi is None:
            self._kiwi = _shared_kiwi()
        return self._kiwi

    def tokens(self, text: str) -> list[Token]:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        found: list[Token] = []
        with _KIWI_LOCK:
            analysed = self.kiwi.tokenize(text)
        for token in analysed:
            tag = str(token.tag).split("-")[0]
            if tag == "SW" and token.form.isalpha():
                tag = "SL"  # a Cyrillic (or Greek …) word: kiwipiepy calls it a symbol, it is a foreign word
            if tag.startswith(("S", "W")) and tag not in ("SN", "SL", "SH"):
                continue  # punctuation, symbols
            known = token.score >= KNOWN_MORPHEME_SCORE
            found.append(Token(normalise(token.form), token.start, token.start + token.len, tag, known=known))
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[text] = found
        return found

    def sentences(self, text: str) -> list[str]:
        with _KIWI_LOCK:
            return [sentence.text for sentence in self.kiwi.split_into_sents(text)]


def tokens(text: str, korean: Korean) -> list[Token]:
    """Tokens of any text; Hangul runs go through kiwipiepy, the rest through a word pattern."""
    if HANGUL.search(text):
        korean_tokens = korean.tokens(text)
        # kiwipiepy keeps Latin and Cyrillic words whole (tag SL); mark capitals for detail detection.
        return [
            Token(t.norm, t.start, t.end, t.tag, capitalised=text[t.start : t.start + 1].isupper())
            for t in korean_tokens
        ]
    return [
        Token(normalise(m.group()), m.start(), m.end(), capitalised=m.group()[:1].isupper())
        for m in WORD.finditer(text)
    ]


SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n{2,}")


def sentences(text: str, korean: Korean) -> list[str]:
    """Sentences: kiwipiepy for Korean, punctuation elsewhere (Chinese full stops need no space)."""
    result: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        paragraph = block.strip()
        if not paragraph:
            continue
        if HANGUL.search(paragraph):
            result.extend(s.strip() for s in korean.sentences(paragraph) if s.strip())
        else:
            result.extend(s.strip() for s in SENTENCE_END.split(paragraph) if s.strip())
    return result
