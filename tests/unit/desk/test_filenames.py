"""Untrusted names from a manifest become one safe path component."""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.desk.filenames import MAX_NAME_BYTES, create_exclusive, safe_name


@pytest.mark.parametrize(
    ("untrusted", "expected"),
    [
        ("ledger.pdf", "ledger.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\kim\\memo.docx", "memo.docx"),
        ("a\x00b.txt", "ab.txt"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        (".bashrc", "bashrc"),
        ("..", "file"),
        ("", "file"),
        (None, "file"),
        ("line\nbreak.txt", "linebreak.txt"),
        ('what?"<>|.txt', "what_____.txt"),
        ("보고서 초안.hwp", "보고서 초안.hwp"),
        ("name.with.a-very-long-extension-indeed", "name.with.a-very-long-extension-indeed"),
    ],
)
def test_safe_name(untrusted: str | None, expected: str) -> None:
    assert expected == safe_name(untrusted)


def test_a_long_name_is_cut_to_fit_and_keeps_its_extension() -> None:
    name = safe_name("가" * 5000 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    name.encode("utf-8").decode("utf-8")  # never cut inside a character


@pytest.mark.parametrize(
    ("untrusted", "expected"),
    [
        # A zero-width space kept "e" and its combining accent apart until it was removed.
        ("cafe\u200b\u0301.txt", "caf\u00e9.txt"),
        # Cut to fit, a name without an extension came out as one ("….zzzzzzzzzz") whose stem
        # ended in dots. Both found by fuzz/fuzz_filenames.py.
        ("a" * 180 + "." * 10 + "z" * 40 + "-", "a" * 180 + "." + "z" * 10),
    ],
)
def test_a_safe_name_is_stable_when_sanitised_again(untrusted: str, expected: str) -> None:
    assert expected == safe_name(untrusted)
    assert expected == safe_name(expected)


def test_create_exclusive_never_clobbers_and_skips_reserved_names(tmp_path: Path) -> None:
    (tmp_path / "same.txt").write_text("first")
    (tmp_path / "link.txt").symlink_to(tmp_path / "elsewhere")
    assert "same (2).txt" == create_exclusive(tmp_path, "same.txt").name
    assert "link (2).txt" == create_exclusive(tmp_path, "link.txt").name
    assert not (tmp_path / "elsewhere").exists()
    assert "report (2).json" == create_exclusive(tmp_path, "report.json", frozenset({"report.json"})).name
    assert "first" == (tmp_path / "same.txt").read_text()
