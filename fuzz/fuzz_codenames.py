"""Fuzz codename normalisation: what a source types at login is outside input.

Two kinds of input, chosen by the first byte:
- free text: ``normalise`` and ``CodenameScheme.normalise`` never raise, give single-spaced text
  with no format characters, and are idempotent (a normalised codename derives the same key again);
- a real codename from one language's list (ko, en, ru, zh_Hans), typed the ways a keyboard or a
  copy-paste may type it (case, full-width letters, decomposed Hangul, zero-width characters,
  ё for е, traditional Han, missing, doubled or odd separators): it must normalise exactly as the
  codename as drawn, or the source is locked out.

Run: ``python fuzz/fuzz_codenames.py -max_total_time=20`` (or ``bin/fuzz``).
"""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from collections.abc import Callable

import atheris

with atheris.instrument_imports(include=["tipline"]):
    from tipline.crypto import codenames
    from tipline.i18n import traditional_to_simplified
    from tipline.sources.codenames import codename_scheme

SCHEME = codename_scheme(min_words=7, default="ko")
LANGUAGES = list(SCHEME.languages)


def _unambiguous_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words that keep their identity when typed without spaces.

    EFF has both "yo-yo" and "yoyo": by design only the source's own spacing tells those apart,
    so the no-space property is checked on the other words.
    """
    keys = Counter(codenames.normalise(word).replace(" ", "") for word in words)
    return tuple(w for w in words if keys[codenames.normalise(w).replace(" ", "")] == 1)


WORDS = {language: _unambiguous_words(SCHEME.list_for(language).words) for language in LANGUAGES}
TRADITIONAL: dict[str, list[str]] = {}
for _traditional, _simplified in traditional_to_simplified().items():
    TRADITIONAL.setdefault(_simplified, []).append(_traditional)

# What a source may type between two words (the empty gap: spaces left out altogether).
GAPS = [
    "",
    " ",
    "   ",
    "\u3000",
    "-",
    "\u2014",
    "\u30fb",
    "\u00b7",
    ".",
    ",",
    "\u3001",
    "\u3002",
    "\n",
    "\t",
    " \u200b",
]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
_FULLWIDTH = {c: chr(ord(c) - 0x21 + 0xFF01) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _with_zero_width(word: str, fdp: atheris.FuzzedDataProvider) -> str:
    mark = fdp.PickValueInList(ZERO_WIDTH)
    at = fdp.ConsumeIntInRange(0, len(word))
    return word[:at] + mark + word[at:]


def _traditional(word: str, fdp: atheris.FuzzedDataProvider) -> str:
    return "".join(fdp.PickValueInList(TRADITIONAL[c]) if c in TRADITIONAL else c for c in word)


# How a keyboard or a copy-paste may type one word of the list.
VARIANTS: list[Callable[[str, atheris.FuzzedDataProvider], str]] = [
    lambda word, _fdp: word,
    lambda word, _fdp: word.upper(),
    lambda word, _fdp: word.title(),
    lambda word, _fdp: unicodedata.normalize("NFC", word),
    lambda word, _fdp: unicodedata.normalize("NFD", word),
    lambda word, _fdp: "".join(_FULLWIDTH.get(c, c) for c in word),
    lambda word, _fdp: word.replace("е", "ё"),
    _with_zero_width,
    _traditional,
]


def check_free_text(text: str) -> None:
    once = codenames.normalise(text)
    assert once == codenames.normalise(once), (text, once)
    assert once == once.strip(), once
    assert "  " not in once, once
    assert not any(unicodedata.category(c) == "Cf" for c in once), once
    key_text = SCHEME.normalise(text)
    assert key_text == SCHEME.normalise(key_text), (text, key_text)


def check_typed_codename(fdp: atheris.FuzzedDataProvider) -> None:
    language = fdp.PickValueInList(LANGUAGES)
    words = WORDS[language]
    drawn = [words[fdp.ConsumeIntInRange(0, len(words) - 1)] for _ in range(SCHEME.list_for(language).count)]
    expected = " ".join(codenames.normalise(word) for word in drawn)
    assert expected == SCHEME.normalise(" ".join(drawn)), (language, drawn)
    typed = fdp.PickValueInList(GAPS) if fdp.ConsumeBool() else ""
    for index, word in enumerate(drawn):
        if index:
            typed += fdp.PickValueInList(GAPS)
        typed += fdp.PickValueInList(VARIANTS)(word, fdp)
    typed += fdp.PickValueInList(GAPS) if fdp.ConsumeBool() else ""
    assert expected == SCHEME.normalise(typed), (language, drawn, typed)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        check_typed_codename(fdp)
    else:
        check_free_text(fdp.ConsumeUnicode(fdp.remaining_bytes()))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
