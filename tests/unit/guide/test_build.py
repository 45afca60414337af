"""The guide without its PDF stack (fpdf2, the optional `guide` extra): HTML, and a clear word on the PDFs.

A lean server installs no fpdf2 (requirements/guide.in); here its absence is made real for one test
by hiding the modules from the import system (sys.modules[name] = None makes `import` fail), and
tests/packaging/test_wheel.py checks the same on a real server-only install.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories.guide import fresh_onion_address
from tipline.cli import main
from tipline.errors import PdfUnavailable
from tipline.guide.build import pdf_available, write_guide

# The command is invoked through its group: click keeps the help option of the first context a command
# sees, and the subcommand alone would lose `-h` in docs/cli.md (tests/test_docs.py) for later tests.


@pytest.fixture
def without_pdf_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("fpdf", "fontTools", "fontTools.ttLib"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.usefixtures("without_pdf_stack")
def test_without_the_pdf_stack_the_command_writes_the_html_and_says_how_to_get_the_pdfs(tmp_path: Path) -> None:
    address = fresh_onion_address()
    result = CliRunner().invoke(main, ["guide", "--lang", "ko", "--out", str(tmp_path), "--onion", address])
    assert 0 == result.exit_code, result.output
    assert ["card-ko.html", "guide-ko.html"] == sorted(path.name for path in tmp_path.iterdir())
    assert address in (tmp_path / "guide-ko.html").read_text(encoding="utf-8")
    assert "No PDFs" in result.stderr
    assert "tipline[guide]" in result.stderr
    assert "bin/install-venv server guide" in result.stderr
    assert "No PDFs" not in result.stdout


@pytest.mark.usefixtures("without_pdf_stack")
def test_asking_for_the_pdfs_without_the_stack_fails_clearly_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["guide", "--lang", "en", "--out", str(out), "--onion", fresh_onion_address(), "--pdf"]
    )
    assert 1 == result.exit_code
    assert "Error: --pdf: the PDFs need fpdf2" in result.stderr
    assert "tipline[guide]" in result.stderr
    assert not out.exists()


@pytest.mark.usefixtures("without_pdf_stack")
def test_write_guide_refuses_pdfs_before_writing_anything(tmp_path: Path) -> None:
    assert not pdf_available()
    with pytest.raises(PdfUnavailable, match="tipline\\[guide\\]"):
        write_guide(tmp_path / "out", "ru", fresh_onion_address())
    assert not (tmp_path / "out").exists()
    assert [tmp_path / "html" / "guide-ru.html", tmp_path / "html" / "card-ru.html"] == write_guide(
        tmp_path / "html", "ru", fresh_onion_address(), pdf=False
    )


def test_no_pdf_writes_only_the_html_where_the_stack_is_installed(tmp_path: Path) -> None:
    assert pdf_available()  # make test installs the guide extra (bin/install-venv all)
    result = CliRunner().invoke(
        main, ["guide", "--lang", "zh", "--out", str(tmp_path), "--onion", fresh_onion_address(), "--no-pdf"]
    )
    assert 0 == result.exit_code, result.output
    assert ["card-zh.html", "guide-zh.html"] == sorted(path.name for path in tmp_path.iterdir())
    assert "" == result.stderr


def test_the_server_and_the_cli_start_without_importing_the_pdf_stack() -> None:
    """In a fresh interpreter: the CLI, the source interface (which serves /guide) and the guide
    package load no fpdf2, fontTools or Pillow, so a server without the `guide` extra starts."""
    probe = (
        "import sys, tipline.cli, tipline.guide, tipline.guide.pdf, tipline.web.source.app\n"
        "print(sorted(m for m in ('fpdf', 'fontTools', 'PIL') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert "[]" == result.stdout.strip()
