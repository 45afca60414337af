"""Korean names a source gives with nothing to mark them (korean_names.py): found in its material, in every
spelling a draft may use."""

from __future__ import annotations

import pytest

from tests.factories.exposure_corpus import details_flagged, details_of_one_source, material
from tipline.desk.workflow.exposure import ExposureChecker
from tipline.desk.workflow.text import Korean


@pytest.fixture(scope="module")
def checker() -> ExposureChecker:
    return ExposureChecker(Korean())


@pytest.mark.parametrize(
    ("written", "draft", "span"),
    [
        (
            "저의 평양의학대학 동기 박은정도 그 중에 있습니다.",
            "Among those recalled was Pak Un-jong, a doctor.",
            "Pak Un-jong",
        ),
        ("어머니는 포항구역에 사는 리순덕입니다.", "Traders such as Lee Sun-deok have been hit.", "Lee Sun-deok"),
        ("그 동무는 로은희, 스물두살이고 회령 출신입니다.", "Ro Un-hui has not been seen since.", "Ro Un-hui"),
    ],
)
def test_a_name_a_source_wrote_unmarked_meets_its_romanised_spelling(
    checker: ExposureChecker, written: str, draft: str, span: str
) -> None:
    assert [(span, ("reed-vole",))] == [f for f in details_of_one_source(checker, written, draft) if f[0] == span]


@pytest.mark.parametrize(
    "written",
    [
        "석탄이 모자랍니다. 목선은 낡았습니다. 강냉이를 먹습니다.",  # a word and its particle
        "황주군 협동농장에서 일합니다. 황주의 날씨는 춥습니다.",  # a place
        "천원을 냈습니다. 배들이 떠났습니다.",  # a numeral, a suffix
    ],
)
def test_a_word_and_its_particle_is_no_name(checker: ExposureChecker, written: str) -> None:
    """Ordinary words a surname's syllable begins hold no name's keys: a draft's Mr. Sok or Mok is no one."""
    draft = "Sok Tan-i and Mok Son-un met Kang Naeng-i and Hwang Ju-ui.\n"
    assert [] == details_of_one_source(checker, written, draft)


def test_north_koreas_ro_is_the_souths_no(checker: ExposureChecker) -> None:
    """로 = 노 (the initial-sound rule): Ro Yong-nam is the 卢永男 a Chinese source named."""
    trader = material("trader", "朝方负责人叫卢永男，他要求我们把货款打到大连。")
    draft = "Ro Yong-nam handles the sales for the North Korean side.\n"
    assert [("Ro Yong-nam", ("trader",))] == details_flagged(checker, draft, [trader, material("other", "No.")])


def test_a_name_after_a_trade_is_a_private_persons_whoever_shares_it(checker: ExposureChecker) -> None:
    """이정훈 is a famous name too; 노동자 리정훈 is one worker, and the source who named him."""
    written = "The man who escaped is Ri Jong-hun, a plasterer from Nampo."
    found = details_of_one_source(checker, written, "탈출한 노동자 리정훈은 모스크바로 옮겨졌다.")
    assert ("리정훈", ("reed-vole",)) in found
