"""Codenames: the only thing a source has to remember.

A codename is a number of words drawn with :mod:`secrets` from one wordlist (English, Korean,
Russian, Chinese…). What the source types back is normalised before any key is derived, so that
case, composed/decomposed Unicode (the BIP-39 Korean list is stored decomposed, keyboards type
composed), stray, full-width or missing spaces never lock a source out. Login is never told the
language: the normalised text alone determines the key.
"""

from __future__ import annotations

import math
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Any run of Unicode whitespace (incl. U+3000 ideographic space), hyphens, dots or commas
# (incl. the ideographic comma and full stop a Chinese or Japanese keyboard types) separates words.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―・·.,、。]+", re.UNICODE)
# Russian keyboards and writers use "ё" and "е" interchangeably; the BIP-39 Russian list uses "е".
_FOLDS = str.maketrans({"ё": "е"})
# Every codename reaches at least this many bits whatever its wordlist (2,048 words → 8 words).
MIN_CODENAME_BITS = 88


def normalise(text: str) -> str:
    """The canonical form of ``text`` without a wordlist: NFKC, case-folded, single-spaced.

    Word boundaries are where the source put them; :class:`CodenameScheme` also restores the
    boundaries a source left out.
    """
    # Remove zero-width and other format characters (Cf) that keyboards and copy-paste insert,
    # before composing: one between a letter and its combining mark (or between Hangul jamo)
    # would otherwise keep them apart, and the same codename would derive different keys.
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    composed = unicodedata.normalize("NFKC", visible)
    words = _SEPARATORS.split(composed.casefold().translate(_FOLDS))
    return " ".join(w for w in words if w)


def generate(wordlist: Sequence[str], count: int) -> str:
    """Draw ``count`` words uniformly and independently; return them in display form (NFC)."""
    if len(set(wordlist)) != len(wordlist) or len(wordlist) < 2:
        raise ValueError("a codename wordlist needs at least two distinct words")
    words = [unicodedata.normalize("NFC", secrets.choice(wordlist)) for _ in range(count)]
    return " ".join(words)


def entropy_bits(wordlist_size: int, count: int) -> float:
    return count * math.log2(wordlist_size)


def words_needed(wordlist_size: int, min_words: int, min_bits: float = MIN_CODENAME_BITS) -> int:
    """The number of words a codename from this list needs: at least ``min_words``, and enough
    for ``min_bits`` (EFF's 7,776 words → 7; BIP-39's 2,048 words → 8)."""
    # The epsilon keeps floating-point noise from adding a word when the bits are met exactly.
    return max(min_words, math.ceil(min_bits / math.log2(wordlist_size) - 1e-9))


# Hangul syllables: 0xAC00 + (initial × 21 + vowel) × 28 + final.
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
# ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ: before these a word-initial ㄹ or ㄴ is written ㅇ in the South (리용 → 이용).
_Y_VOWELS = frozenset({2, 6, 7, 12, 17, 20})


def _initial_sound(syllable: str) -> str:
    """A word's first syllable as the initial-sound rule (두음법칙) writes it: 로 → 노, 래 → 내,
    리 → 이, 녀 → 여. The North does not apply the rule; the South does."""
    code = ord(syllable) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return syllable
    initial, rest = divmod(code, 21 * 28)
    vowel = rest // 28
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _Y_VOWELS else _NIEUN
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        initial = _IEUNG
    return chr(_HANGUL_FIRST + initial * 21 * 28 + rest)


def initial_sound_spellings(word: str) -> frozenset[str]:
    """The other spellings of ``word`` that differ only by the initial-sound rule: for 노동 the
    Northern 로동, for 이용 리용 (and 니용, which the rule maps the same way)."""
    if not word:
        return frozenset()
    first = _initial_sound(word[0])
    code = ord(word[0]) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return frozenset()
    rest = code % (21 * 28)
    candidates = (chr(_HANGUL_FIRST + initial * 21 * 28 + rest) for initial in (_NIEUN, _RIEUL, _IEUNG))
    return frozenset(c + word[1:] for c in candidates if _initial_sound(c) == first and c != word[0])


@dataclass(frozen=True)
class CodenameList:
    """One language's wordlist, the number of words its codenames have, and the characters
    typed for its words that should count as the list's own (e.g. traditional → simplified Han).

    ``spellings`` (another spelling → a word of the list) and ``initial_sound_rule`` (Korean: a
    word typed with or without the rule) let other spellings of a word give that word, so the
    same key: the words drawn, hence the bits counted, do not change. ``generated`` is False for
    a list kept only so that codenames made from it still log in (BIP-39 Korean)."""

    words: tuple[str, ...]
    count: int
    variants: Mapping[str, str] = field(default_factory=dict)
    spellings: Mapping[str, str] = field(default_factory=dict)
    initial_sound_rule: bool = False
    generated: bool = True

    def __post_init__(self) -> None:
        if len(set(self.words)) != len(self.words) or len(self.words) < 2:
            raise ValueError("a codename wordlist needs at least two distinct words")
        if self.count < 1:
            raise ValueError("a codename needs at least one word")

    @property
    def bits(self) -> float:
        return entropy_bits(len(self.words), self.count)


class CodenameScheme:
    """Codenames in several languages: generation in a chosen one, normalisation for all of them."""

    def __init__(self, lists: Mapping[str, CodenameList], default: str) -> None:
        if default not in lists:
            raise ValueError(f"no wordlist for the default language {default!r}")
        self._lists = dict(lists)
        self._default = default
        variants: dict[str, str] = {}
        for codename_list in lists.values():
            variants.update(codename_list.variants)
        self._variants = str.maketrans(variants) if variants else None
        # Per list: the words in canonical form without spaces (what a source types when it
        # leaves the spaces out) → canonical form (with any spaces the word itself contains).
        # Two words that differ only in spacing (EFF has "yo-yo" and "yoyo") map to None: where
        # such a word is typed without its spaces, only the source's own spacing can tell.
        self._lexicons: list[tuple[dict[str, str | None], int]] = []
        for codename_list in lists.values():
            lexicon: dict[str, str | None] = {}
            for word in codename_list.words:
                canonical = normalise(word)
                key = canonical.replace(" ", "")
                lexicon[key] = None if key in lexicon else canonical
            for spelling, word in other_spellings(codename_list).items():
                lexicon[spelling] = normalise(word)
            self._lexicons.append((lexicon, max(len(key) for key in lexicon)))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._lists)

    def list_for(self, language: str | None) -> CodenameList:
        return self._lists.get(language or self._default, self._lists[self._default])

    def generate(self, language: str | None = None) -> str:
        """A new codename in ``language`` (the default language when there is no list for it)."""
        codename_list = self.list_for(language)
        if not codename_list.generated:
            codename_list = self._lists[self._default]
        return generate(codename_list.words, codename_list.count)

    def normalise(self, text: str) -> str:
        """The canonical form of a typed codename, from which its keys are derived.

        When the text without its spaces splits into words of exactly one list in exactly one
        way, the canonical form is those words, single-spaced: spaces left out, doubled or put
        inside a word do not matter (every shipped list is prefix-free, so a codename typed from
        its own list always splits in one way only). Otherwise the words are taken as typed.
        """
        typed = normalise(text)
        if self._variants is not None:
            typed = typed.translate(self._variants)
        joined = typed.replace(" ", "")
        splits = [_split(joined, lexicon, longest) for lexicon, longest in self._lexicons]
        # Two lists may share words (Tipline's Korean list is drawn from BIP-39's): splits that
        # agree are one answer.
        found = {split for split in splits if split is not None}
        if len(found) == 1 and _AMBIGUOUS not in found:
            return " ".join(found.pop())
        return typed


def other_spellings(codename_list: CodenameList) -> dict[str, str]:
    """Other spellings (canonical, unspaced) → the list word they stand for.

    Kept only where they keep the list's words and spellings prefix-free together, so that a
    codename typed without spaces still splits one way (a spelling that would break this, or
    that two words share, is left out: those words are then typed as listed)."""
    keys = {normalise(word).replace(" ", ""): word for word in codename_list.words}
    wanted: dict[str, set[str]] = {}
    for spelling, word in codename_list.spellings.items():
        if word in codename_list.words:
            wanted.setdefault(normalise(spelling).replace(" ", ""), set()).add(word)
    if codename_list.initial_sound_rule:
        for key, word in keys.items():
            for spelling in initial_sound_spellings(key):
                wanted.setdefault(spelling, set()).add(word)
    taken = set(keys)
    prefixes = {key[:end] for key in taken for end in range(1, len(key))}
    kept: dict[str, str] = {}
    for spelling in sorted(wanted):
        words = wanted[spelling]
        if len(words) != 1 or spelling in taken or spelling in prefixes:
            continue
        if any(spelling[:end] in taken for end in range(1, len(spelling))):
            continue
        (kept[spelling],) = words
        taken.add(spelling)
        prefixes.update(spelling[:end] for end in range(1, len(spelling)))
    return kept


# Returned by _split when a text splits in more than one way (compared by identity).
_AMBIGUOUS: tuple[str, ...] = ("<ambiguous>",)


def _split(text: str, lexicon: Mapping[str, str | None], longest: int) -> tuple[str, ...] | None:
    """The words of ``lexicon`` that make up ``text``: None if there is no way, _AMBIGUOUS if
    more than one. Dynamic programming over end positions; counts are capped at two."""
    if not text:
        return None
    ways = [0] * (len(text) + 1)
    back = [0] * (len(text) + 1)
    ways[0] = 1
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - longest), end):
            if ways[start] and text[start:end] in lexicon:
                ways[end] = min(2, ways[end] + ways[start])
                back[end] = start
    if ways[-1] == 0:
        return None
    if ways[-1] > 1:
        return _AMBIGUOUS
    words: list[str] = []
    end = len(text)
    while end:
        start = back[end]
        word = lexicon[text[start:end]]
        if word is None:
            return _AMBIGUOUS
        words.append(word)
        end = start
    return tuple(reversed(words))
