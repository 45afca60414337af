"""Tipline's Korean codename list (issue 14): how it is built, what it leaves out, its bits, and
login insensitive to Northern spelling without two words ever giving the same key."""

from __future__ import annotations

import itertools
import json
from importlib import resources
from pathlib import Path

import pytest

from tipline.crypto.codenames import CodenameList, initial_sound_spellings, normalise, other_spellings
from tipline.crypto.keys import Argon2Cost, derive_source_keys
from tipline.i18n import load_wordlist
from tipline.i18n.korean_codenames import BUILT, NORTHERN_SPELLINGS, build, excluded_by_rule
from tipline.sources.codenames import codename_scheme

SCHEME = codename_scheme(min_words=7, default="ko")
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "bip39_korean_codename.json"


def korean_lists() -> dict[str, CodenameList]:
    return {"ko": SCHEME.list_for("ko"), "ko_bip39": SCHEME.list_for("ko_bip39")}


def test_the_shipped_list_is_exactly_what_the_rules_build() -> None:
    shipped = resources.files("tipline.i18n").joinpath("wordlists", BUILT).read_text(encoding="utf-8")
    assert "".join(word + "\n" for word in build()) == shipped
    assert load_wordlist("ko") == build()


def test_the_list_is_bip39_korean_minus_every_excluded_word() -> None:
    excluded = {word for words in excluded_by_rule().values() for word in words}
    assert set(load_wordlist("ko")) == set(load_wordlist("ko_bip39")) - excluded
    assert 250 == len(excluded)


def test_the_words_the_issue_names_are_left_out() -> None:
    named = {"대한민국", "북한", "대통령", "서울", "강남", "쿠데타", "오피스텔", "뉴욕", "컴퓨터"}
    assert named <= set(load_wordlist("ko_bip39"))
    assert set() == named & set(load_wordlist("ko"))


def test_korean_codenames_keep_at_least_88_bits() -> None:
    korean = SCHEME.list_for("ko")
    assert 9 == korean.count
    assert 97 < korean.bits
    assert 9 == len(SCHEME.generate("ko").split())


@pytest.mark.parametrize("name", ["ko", "ko_bip39"])
def test_no_two_words_collide_after_normalisation_and_unspaced_input_still_splits_one_way(name: str) -> None:
    codename_list = korean_lists()[name]
    own = {normalise(word): word for word in codename_list.words}
    wanted: dict[str, set[str]] = {}
    for word in codename_list.words:
        for spelling in initial_sound_spellings(word):
            wanted.setdefault(spelling, set()).add(word)
    for spelling, word in NORTHERN_SPELLINGS.items():
        if word in codename_list.words:
            wanted.setdefault(spelling, set()).add(word)
    kept = other_spellings(codename_list)
    # Every other spelling stands for one word only, is no list word, and none had to be dropped.
    assert {} == {spelling: words for spelling, words in wanted.items() if len(words) != 1}
    assert set() == set(wanted) & set(own)
    assert set(wanted) == set(kept)
    # Words and spellings together are prefix-free: an unspaced codename splits one way.
    keys = sorted([*own, *kept])
    assert [] == [(a, b) for a, b in itertools.pairwise(keys) if b.startswith(a)]


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("로동", "노동"),
        ("래일", "내일"),
        ("련휴", "연휴"),
        ("랭방", "냉방"),
        ("려관", "여관"),
        ("리용", "이용"),
        ("녀학생", "여학생"),
        ("콤퓨터", "컴퓨터"),
        ("내물", "냇물"),
    ],
)
def test_a_northern_spelling_gives_the_listed_word(typed: str, listed: str) -> None:
    assert listed in {*load_wordlist("ko"), *load_wordlist("ko_bip39")}
    assert listed == SCHEME.normalise(typed)


def test_a_codename_made_with_bip39_before_the_change_still_logs_in_typed_any_way() -> None:
    """Made on main before this list existed (tests/fixtures/bip39_korean_codename.json)."""
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    codename = fixture["codename"]
    northern = codename.replace("예절", "례절").replace("연락", "련락")
    assert northern != codename
    salt, cost = bytes.fromhex(fixture["salt_hex"]), Argon2Cost(**fixture["kdf"])
    for typed in (codename, codename.replace(" ", ""), northern, northern.replace(" ", "")):
        normal = SCHEME.normalise(typed)
        assert fixture["normalised"] == normal
        assert fixture["lookup"] == derive_source_keys(normal, salt, cost).lookup


def test_a_new_codename_typed_in_northern_spelling_without_spaces_gives_the_same_key() -> None:
    codename = "노동 내일 사슴 개구리 정원 원숭이 연휴 골짜기 여관"
    assert set(codename.split()) <= set(load_wordlist("ko"))
    typed = "로동래일사슴개구리정원원숭이련휴골짜기려관"
    assert SCHEME.normalise(codename) == SCHEME.normalise(typed) == codename
