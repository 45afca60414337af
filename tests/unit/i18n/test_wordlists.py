"""The shipped wordlists: complete, distinct, composed on loading, prefix-free."""

from __future__ import annotations

import itertools
import unicodedata
from importlib import resources

import pytest

from tipline.crypto.codenames import normalise
from tipline.i18n import CODENAME_LANGUAGES, load_wordlist, traditional_to_simplified
from tipline.i18n.wordlists import WORDLISTS


@pytest.mark.parametrize(
    ("name", "size"),
    [("en", 7776), ("ko", 1798), ("ko_bip39", 2048), ("ru", 2048), ("zh_Hans", 2048), ("zh_Hant", 2048)],
)
def test_each_list_has_its_published_number_of_distinct_words(name: str, size: int) -> None:
    words = load_wordlist(name)
    assert size == len(words) == len(set(words))


def test_the_korean_file_is_decomposed_but_words_load_composed() -> None:
    raw = resources.files("tipline.i18n").joinpath("wordlists", WORDLISTS["ko_bip39"]).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFKD", raw)
    assert not unicodedata.is_normalized("NFC", raw)
    assert all(unicodedata.is_normalized("NFC", w) for w in load_wordlist("ko_bip39"))
    assert "가격" == load_wordlist("ko_bip39")[0]


@pytest.mark.parametrize("name", [*CODENAME_LANGUAGES, "ko_bip39"])
def test_no_word_is_a_prefix_of_another_so_unspaced_codenames_split_one_way(name: str) -> None:
    keys = sorted({normalise(w).replace(" ", "") for w in load_wordlist(name)})
    # EFF has both "yo-yo" and "yoyo": the one pair that only spacing tells apart.
    expected_size = 7775 if name == "en" else len(load_wordlist(name))
    assert expected_size == len(keys)
    assert [] == [(a, b) for a, b in itertools.pairwise(keys) if b.startswith(a)]


def test_every_chinese_word_is_one_character() -> None:
    assert {1} == {len(w) for w in load_wordlist("zh_Hans")}


def test_traditional_characters_map_to_no_other_simplified_word() -> None:
    mapping = traditional_to_simplified()
    simplified = set(load_wordlist("zh_Hans"))
    assert 773 == len(mapping)
    assert set() == set(mapping) & simplified


def test_an_unknown_wordlist_is_refused() -> None:
    with pytest.raises(ValueError, match="no wordlist 'xx'"):
        load_wordlist("xx")


def test_loading_is_cached() -> None:
    assert load_wordlist("en") is load_wordlist("en")
