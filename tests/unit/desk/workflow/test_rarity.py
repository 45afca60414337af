"""Rarity: a unique detail is a word rare in ordinary text, not any word one source happened to use."""

from __future__ import annotations

import pytest

from tipline.desk.workflow.korean_names import KOREAN_SURNAMES
from tipline.desk.workflow.rarity import chinese_is_ordinary, chinese_words, english_is_rare, korean_is_rare
from tipline.desk.workflow.text import Korean


@pytest.mark.parametrize("word", ["logger", "loggers", "truckload", "handover"])
def test_a_common_noun_made_of_common_english_is_ordinary(word: str) -> None:
    # A trade's own words (a logger, a truckload) name no one, however few sources wrote them.
    assert not english_is_rare(word, lower=True)


@pytest.mark.parametrize("word", ["angarsk", "haewang", "camry"])
def test_a_rare_word_that_is_no_compound_stays_rare(word: str) -> None:
    assert english_is_rare(word, lower=True)


def test_a_capitalised_word_is_not_read_as_a_compound() -> None:
    # Capitalised mid-sentence it is a name (Truckload, a firm), which identifies.
    assert english_is_rare("truckload")


@pytest.mark.parametrize("word", ["벌목공", "밀수꾼", "무역상", "용접공"])
def test_a_korean_job_named_by_its_trade_is_ordinary(word: str) -> None:
    assert not korean_is_rare(word, proper=False)


@pytest.mark.parametrize(
    "word",
    [
        *("원목", "일감", "품삯", "제재소", "예금주", "계좌번호", "수취인"),
        *("갱도", "막장", "발파", "분조", "탈곡장", "밀수조"),  # a mine's, a farm's, a smuggling ring's
    ],
)
def test_everyday_korean_words_of_work_and_trade_are_ordinary(word: str) -> None:
    assert not korean_is_rare(word, proper=False)


def test_a_made_up_trade_with_a_job_suffix_stays_rare() -> None:
    # The suffix makes a job only of a known trade: an unknown word + 상 is no ordinary word.
    assert korean_is_rare("쿼르텍상", proper=False)


@pytest.mark.parametrize("han", ["钱直接交给", "负责人", "不开发票", "朝鲜伐木队的木材由他们的负责人直接卖给我们"])
def test_a_run_of_ordinary_chinese_words_is_no_name(han: str) -> None:
    # A Chinese sentence a source wrote is judged by its words, not by its characters read as Korean Hanja.
    assert chinese_is_ordinary(han, KOREAN_SURNAMES)


@pytest.mark.parametrize("han", ["朴顺男", "金玉花", "王建国", "鸿祥贸易", "魯成日", "管理员朴顺男每个月"])
def test_a_chinese_or_hanja_name_stays_rare(han: str) -> None:
    assert not chinese_is_ordinary(han, KOREAN_SURNAMES)


def test_chinese_is_cut_into_its_likeliest_words() -> None:
    assert chinese_words("钱直接交给") == ["钱", "直接", "交给"]


@pytest.mark.parametrize("word", ["징발", "양곡", "군량미"])
def test_a_sino_korean_noun_of_the_taggers_dictionary_is_ordinary(word: str) -> None:
    """wordfreq's Korean (web text) lacks them; kiwipiepy's dictionary holds them."""
    assert korean_is_rare(word, proper=False, parts=(word,))
    assert not korean_is_rare(word, proper=False, parts=(word,), known=True)


@pytest.mark.parametrize("word", ["캠리", "불곰", "솜삭", "부국장"])
def test_a_loanword_coinage_name_or_title_the_tagger_knows_stays_rare(word: str) -> None:
    assert korean_is_rare(word, proper=False, parts=(word,), known=True)


def test_the_tagger_tells_its_dictionarys_nouns_from_unknown_words() -> None:
    tokens = Korean().tokens("군인들이 벼를 군량미 명목으로 가져갔고 함영선은 룽커우에서 양곡 장사를 한다.")
    known = {t.norm: t.known for t in tokens if t.tag == "NNG"}
    assert {"군량미": True, "양곡": True, "함영선": False, "룽커우": False}.items() <= known.items()
