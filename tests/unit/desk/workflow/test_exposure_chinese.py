"""A source's own Chinese, copied into a draft, is a quote: Chinese has no spaces to count words by."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.exposure_report import QUOTE, UNIQUE_DETAIL
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.text import Korean

BUYER = "每一车原木我付四十五万卢布现金，钱直接交给朝鲜负责人，不开发票。"
DRIVER = "我开卡车，每天从边境运货。"


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


def _material() -> list[Material]:
    return [
        Material("juniper-vole", "juniper-vole/b1/message.txt", Path("juniper-vole/b1/message.txt"), BUYER, False),
        Material("kiln-sparrow", "kiln-sparrow/b1/message.txt", Path("kiln-sparrow/b1/message.txt"), DRIVER, False),
    ]


def test_a_copied_chinese_sentence_is_a_quote_of_its_source(checker: ExposureChecker) -> None:
    draft = '러시아의 한 소식통은 거래에 대해 "钱直接交给朝鲜负责人，不开发票"라고 말했다.\n'
    flags = checker.check_text(draft, Path("drafts/a.md"), _material()).flags
    [quote] = [f for f in flags if f.kind == QUOTE]
    assert quote.text == "钱直接交给朝鲜负责人，不开发票"
    assert quote.sources == ("juniper-vole",)
    assert not [f for f in flags if f.kind == UNIQUE_DETAIL]  # its words are inside the quote, not details


def test_a_few_chinese_words_in_common_are_no_quote(checker: ExposureChecker) -> None:
    draft = "소식통은 朝鲜负责人이 돈을 받는다고 말했다.\n"
    flags = checker.check_text(draft, Path("drafts/b.md"), _material()).flags
    assert [f for f in flags if f.kind in (QUOTE, UNIQUE_DETAIL)] == []


def test_a_chinese_name_in_pinyin_with_its_syllables_apart_meets_its_characters() -> None:
    extractor = ExposureChecker(Korean()).extractor
    written = {k for item in extractor.items("那条船叫鸿顺3号。", material=True) for k in item.keys}
    apart = {k for item in extractor.items("Cargo went on the Hong Shun 3.") for k in item.keys}
    assert "y:hongshun" in written & apart
