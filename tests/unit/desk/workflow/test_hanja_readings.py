"""Hanja read in Hangul from the shipped table (data/hanja_readings.txt) instead of the `hanja` package.

The readings the package gave for every Hanja run of the exposure corpus were recorded before it was
removed (tests/data/hanja_readings_corpus.json); the table must give the same, so the exposure check
compares Hanja exactly as before.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from tipline.desk.workflow.normalise import hanja_reading

RECORDED = Path(__file__).resolve().parents[3] / "data" / "hanja_readings_corpus.json"


def test_the_corpus_reads_as_the_hanja_package_read_it() -> None:
    readings: dict[str, str] = json.loads(RECORDED.read_text(encoding="utf-8"))["readings"]
    assert len(readings) > 300
    assert {run: hanja_reading(run) for run in readings} == readings


@pytest.mark.parametrize(
    ("hanja", "hangul"),
    [
        ("李光赫", "이광혁"),  # 리 → 이 at a word's start
        ("羅先", "나선"),  # 라 → 나
        ("女子", "여자"),  # 녀 → 여
        ("高麗", "고려"),  # inside a word: unchanged (麗 alone: 여)
        ("麗", "여"),
        ("先烈", "선열"),  # 렬 → 열 after ㄴ (the package read 선렬)
        ("規律", "규율"),  # 률 → 율 after a vowel
        ("法律", "법률"),  # but not after another final
        ("丹东", "단동"),  # simplified
        ("國家保衛省", "국가보위성"),  # traditional
        ("李 光赫", "이 광혁"),  # a space starts a word
        ("x麗", "x려"),  # a letter before does not
    ],
)
def test_readings_apply_the_initial_sound_rule(hanja: str, hangul: str) -> None:
    assert hangul == hanja_reading(hanja)


def test_the_table_names_its_source_and_licence() -> None:
    table = resources.files("tipline.desk.workflow").joinpath("data", "hanja_readings.txt").read_text("utf-8")
    header = "".join(line for line in table.splitlines(keepends=True) if line.startswith("#"))
    assert "https://github.com/suminb/hanja" in header
    assert "WTFPL" in header
    assert 27_000 < sum(len(line.split("\t")[1]) for line in table.splitlines() if not line.startswith("#"))


@pytest.mark.parametrize(
    ("han", "hangul"), [("清流园", "청류원"), ("台湾", "대만"), ("广州", "광주"), ("海关", "해관")]
)
def test_a_simplified_character_reads_as_the_character_it_simplifies(han: str, hangul: str) -> None:
    assert hanja_reading(han) == hangul
