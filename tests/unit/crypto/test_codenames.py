"""What a source types back always derives the same key as the codename it was shown.

Property-based: hypothesis draws codenames from every shipped wordlist and types them back the
ways people do (no spaces, extra or full-width spaces, decomposed Hangul, capitals, traditional
Chinese characters, zero-width characters from copy-paste).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tipline.crypto.codenames import CodenameList, CodenameScheme, normalise, words_needed
from tipline.crypto.keys import Argon2Cost, derive_source_keys
from tipline.i18n import CODENAME_LANGUAGES, load_wordlist, traditional_to_simplified
from tipline.sources.codenames import codename_scheme

SCHEME = codename_scheme(min_words=7, default="ko")
CHEAP = Argon2Cost(time_cost=1, memory_kib=1024, parallelism=1)
SALT = bytes(16)
GAPS = ["", " ", "  ", "\u3000", "\t", " \u200b", "\n", "-", " , ", "、"]


@st.composite
def shown_codenames(draw: st.DrawFn, language: str) -> list[str]:
    """The words of a codename as the generate page shows it (NFC)."""
    words = SCHEME.list_for(language).words
    indices = draw(
        st.lists(
            st.integers(0, len(words) - 1),
            min_size=SCHEME.list_for(language).count,
            max_size=SCHEME.list_for(language).count,
        )
    )
    return [words[i] for i in indices]


@st.composite
def typed_back(draw: st.DrawFn, words: list[str], language: str) -> str:
    """The same codename as a source might type it."""
    typed_words = []
    for word in words:
        cased = word
        if language in ("en", "ru") and draw(st.booleans()):
            cased = word.upper() if draw(st.booleans()) else word.capitalize()
        if len(cased) > 1 and draw(st.integers(0, 4)) == 0:
            # A space slipped inside a word.
            split_at = draw(st.integers(1, len(cased) - 1))
            cased = cased[:split_at] + " " + cased[split_at:]
        typed_words.append(cased)
    text = draw(st.sampled_from(["", " ", "\u3000"]))
    for i, word in enumerate(typed_words):
        if i:
            text += draw(st.sampled_from(GAPS))
        text += word
    text += draw(st.sampled_from(["", " ", "\u3000\n"]))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD", "NFKD", "NFKC"])), text)


@pytest.mark.parametrize("language", CODENAME_LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_codename_typed_back_any_way_normalises_to_the_shown_one(language: str, data: st.DataObject) -> None:
    # Given a codename shown in this language
    words = data.draw(shown_codenames(language))
    shown = " ".join(words)
    # EFF's "yo-yo" and "yoyo" are told apart only by spacing, so those two need their spaces.
    assume(not {"yo-yo", "yoyo"} & set(words))
    # When the source types it back with other spacing, case or Unicode form
    typed = data.draw(typed_back(words, language))
    # Then it normalises to exactly the same text
    assert SCHEME.normalise(shown) == SCHEME.normalise(typed)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_korean_codename_typed_without_spaces_derives_the_same_key(data: st.DataObject) -> None:
    words = data.draw(shown_codenames("ko"))
    shown_keys = derive_source_keys(SCHEME.normalise(" ".join(words)), SALT, CHEAP)
    typed = unicodedata.normalize("NFC", "".join(words))
    assert shown_keys.recipient == derive_source_keys(SCHEME.normalise(typed), SALT, CHEAP).recipient


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_chinese_codename_typed_in_traditional_characters_normalises_the_same(data: st.DataObject) -> None:
    words = data.draw(shown_codenames("zh_Hans"))
    back = {simplified: traditional for traditional, simplified in traditional_to_simplified().items()}
    typed = "".join(back.get(word, word) for word in words)
    assert SCHEME.normalise(" ".join(words)) == SCHEME.normalise(typed)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalising_is_idempotent_on_any_text(text: str) -> None:
    once = SCHEME.normalise(text)
    assert once == SCHEME.normalise(once)


def test_different_codenames_do_not_normalise_alike() -> None:
    ko = SCHEME.list_for("ko").words
    assert SCHEME.normalise(" ".join(ko[:8])) != SCHEME.normalise(" ".join(ko[1:9]))


def test_decomposed_and_composed_hangul_are_the_same_codename() -> None:
    composed = "가격 가끔 가난 가능 가득 가르침 가뭄 가방"
    decomposed = unicodedata.normalize("NFKD", composed)
    assert composed != decomposed
    assert SCHEME.normalise(composed) == SCHEME.normalise(decomposed) == composed


def test_russian_yo_is_typed_as_ye() -> None:
    assert SCHEME.normalise("лёгкий") == SCHEME.normalise("ЛЕГКИЙ") == "легкий"


def test_a_typo_is_kept_as_typed_so_the_key_differs() -> None:
    assert "가격 가끔가낭" == SCHEME.normalise("가격  가끔가낭")


def test_an_ambiguous_run_of_words_is_kept_as_typed() -> None:
    # "ab" splits as "a"+"b" or as "ab": only the spacing the source typed can tell.
    scheme = CodenameScheme({"x": CodenameList(("a", "b", "ab"), 2)}, "x")
    assert "a b" == scheme.normalise("a b")
    assert "ab" == scheme.normalise("ab")


def test_words_told_apart_only_by_spacing_keep_the_spacing_typed() -> None:
    assert "yo yo tip" == SCHEME.normalise("yo-yo tip")
    assert "yoyo tip" == SCHEME.normalise("yoyo tip")
    assert "yoyotip" == SCHEME.normalise("yoyotip")


def test_english_codenames_keep_the_normal_form_they_had_before_wordlists_were_used() -> None:
    shown = "Drop-down felt-tip  abacus t-shirt abide abiding ability"
    assert normalise(shown) == SCHEME.normalise(shown)


def test_without_a_wordlist_words_are_where_they_were_typed() -> None:
    assert "tip line" == normalise("  TIP\u3000\u200bline ")


@pytest.mark.parametrize(
    ("size", "min_words", "expected"), [(7776, 7, 7), (2048, 7, 8), (2048, 10, 10), (7776, 1, 7), (2, 1, 88)]
)
def test_words_needed_reaches_88_bits_and_the_minimum(size: int, min_words: int, expected: int) -> None:
    assert expected == words_needed(size, min_words)


@pytest.mark.parametrize("language", CODENAME_LANGUAGES)
def test_every_codename_language_reaches_88_bits(language: str) -> None:
    assert SCHEME.list_for(language).bits >= 88
    # Tipline's Korean list is shorter than BIP-39's (1,798 words): 9 words, 97 bits.
    assert (1798 if language == "ko" else 2048) <= len(load_wordlist(language))


@pytest.mark.parametrize("language", CODENAME_LANGUAGES)
def test_generated_codenames_are_in_the_chosen_language(language: str) -> None:
    codename = SCHEME.generate(language)
    words = codename.split(" ")
    assert SCHEME.list_for(language).count == len(words)
    assert set(words) <= set(load_wordlist(language))
    assert unicodedata.normalize("NFC", codename) == codename
