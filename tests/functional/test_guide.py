"""`tipline guide`: the printed guide and card, read back as a person and a phone would read them.

The PDFs are rendered with poppler (pdftoppm) and their QR codes read with zbar; the pages go to
test-artifacts/screenshots/guide/ so that a person can look at them (Hangul and Han as glyphs).
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.factories.browser import SCREENSHOTS
from tests.factories.guide import (
    NEED_POPPLER,
    NEED_ZBAR,
    POPPLER,
    ZBAR,
    fresh_onion_address,
    pdf_fonts,
    pdf_info,
    pdf_text,
    read_qr_codes,
    render_pages,
)
from tests.factories.live import TIPLINE
from tests.factories.tor import start_tor, tor_binary
from tipline.config import load_settings, render_config
from tipline.guide import LANGUAGES, write_guide
from tipline.guide.build import guide_for

pytestmark = pytest.mark.skipif(not POPPLER, reason=NEED_POPPLER)

A4_POINTS = "595.28 x 841.89 pts (A4)"
A7_POINTS = "209.76 x 297.64 pts"
FILES = ("guide-{}.html", "guide-{}.pdf", "card-{}.html", "card-{}.pdf")


def _tipline(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    if data_dir is not None:
        env["TIPLINE_DATA_DIR"] = str(data_dir)
    return subprocess.run([TIPLINE, *args], capture_output=True, text=True, timeout=300, env=env, check=False)


def _dark_fraction(png: Path, box: tuple[float, float, float, float]) -> float:
    """Share of dark pixels in a box given as fractions of the page (left, top, right, bottom)."""
    image = Image.open(png).convert("L")
    width, height = image.size
    region = image.crop((int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)))
    histogram = region.histogram()  # 256 counts of grey levels
    return sum(histogram[:128]) / sum(histogram)


@dataclass(frozen=True)
class Written:
    folder: Path
    address: str
    files: list[Path]
    fpdf_warnings: list[str]  # what fpdf2 logged while drawing them (a glyph missing from a font, …)


def _write_logging_fpdf(folder: Path, language: str, address: str) -> Written:
    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    warnings: list[str] = []
    handler, logger = Collect(logging.WARNING), logging.getLogger("fpdf")
    logger.addHandler(handler)
    try:
        return Written(folder, address, write_guide(folder, language, address), warnings)
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def written_guide(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Written]:
    """One language's guide and card for a fresh address, written once per module (per xdist
    worker) and read by every test that only reads them: writing one costs about a second of CPU
    (fontTools reads and cuts the Noto CJK faces, fonts.embeddable)."""
    cache: dict[str, Written] = {}

    def written(language: str) -> Written:
        if language not in cache:
            folder, address = tmp_path_factory.mktemp(f"guide-{language}"), fresh_onion_address()
            cache[language] = _write_logging_fpdf(folder, language, address)
        return cache[language]

    return written


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_guide_and_card_print_readably_in_each_language(
    language: str, written_guide: Callable[[str], Written]
) -> None:
    """A4 guide and A7 card: fonts embedded, text in the reader's language, the QR code scans to the address."""
    tmp_path, address, written, fpdf_warnings = dataclasses.astuple(written_guide(language))
    assert [tmp_path / name.format(language) for name in FILES] == written
    # No character drawn without its glyph: the faces are handed to fpdf2 cut down to the text's
    # characters (fonts.embeddable), and fpdf2 warns of any it then lacks.
    assert [] == fpdf_warnings
    _locale, text = guide_for(language)

    guide_pdf, card_pdf = tmp_path / f"guide-{language}.pdf", tmp_path / f"card-{language}.pdf"
    assert A4_POINTS == pdf_info(guide_pdf)["Page size"]
    card_info = pdf_info(card_pdf)
    assert (A7_POINTS, "1") == (card_info["Page size"], card_info["Pages"])
    for pdf in (guide_pdf, card_pdf):
        fonts = pdf_fonts(pdf)
        assert fonts, pdf
        # Every font is embedded (a print shop's machine need not have Noto CJK) and maps to Unicode.
        assert [] == [font["line"] for font in fonts if (font["emb"], font["uni"]) != ("yes", "yes")]
        assert {"Tipline"} == {pdf_info(pdf)["Producer"], pdf_info(pdf)["Creator"]}
        assert "Author" not in pdf_info(pdf)

    # The text comes back out of the PDF in the reader's language, the address whole on one line.
    printed = pdf_text(guide_pdf)
    for expected in (text.title, text.sections[0].heading, address):
        assert expected in printed
    card_printed = re.sub(r"\s+", "", pdf_text(card_pdf))
    assert address in card_printed
    assert re.sub(r"\s+", "", text.card_warning) in card_printed

    # Rendered as a printer would: ink where the title is, and a QR code a phone reads as the address.
    folder = SCREENSHOTS / "guide"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"*-{language}-*.png"):
        old.unlink()
    pages = render_pages(guide_pdf, folder / f"guide-{language}", dpi=100)
    card_pages = render_pages(card_pdf, folder / f"card-{language}", dpi=300)
    assert 1 == len(card_pages)
    assert _dark_fraction(pages[0], (0.08, 0.05, 0.6, 0.1)) > 0.02, "no title drawn on the first page"
    assert _dark_fraction(pages[0], (0.08, 0.5, 0.92, 0.95)) > 0.01, "no text drawn on the first page"
    if ZBAR:
        assert [address] == read_qr_codes(pages[0])
        assert [address] == read_qr_codes(card_pages[0])

    # The HTML: one file, nothing loaded from anywhere, no script, the address as text and as QR.
    for html_name in (f"guide-{language}.html", f"card-{language}.html"):
        html = (tmp_path / html_name).read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html, re.IGNORECASE)
        assert "<link" not in html
        assert html.count(address) == 1
        assert "<svg" in html
        assert f'lang="{_locale.replace("_", "-")}"' in html


@pytest.mark.skipif(not ZBAR, reason=NEED_ZBAR)
def test_the_qr_code_of_the_card_is_the_bare_address_not_a_link(
    tmp_path: Path, written_guide: Callable[[str], Written]
) -> None:
    guide = written_guide("ko")
    address = guide.address
    (page,) = render_pages(guide.folder / "card-ko.pdf", tmp_path / "card", dpi=300)
    codes = read_qr_codes(page)
    assert [address] == codes
    assert not codes[0].startswith("http")


def _changed_lines(first: str, second: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("language", ["ko", "zh"])
def test_two_guides_differ_only_in_the_address_and_its_qr_code(
    language: str, tmp_path: Path, written_guide: Callable[[str], Written]
) -> None:
    """Nothing in a guide identifies a source, a courier or a run: the address is the only variable."""
    guide = written_guide(language)  # "a": written by an earlier run in this process
    first, second = guide.address, fresh_onion_address()
    shutil.copytree(guide.folder, tmp_path / "a")
    write_guide(tmp_path / "b", language, second)
    write_guide(tmp_path / "a-again", language, first)

    # The same address twice: the same bytes, PDFs included (no date, no random document ID).
    for name in FILES:
        file = name.format(language)
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "a-again" / file).read_bytes(), file

    # Two addresses: the HTML differs only on the lines holding the address or its QR code.
    for name in ("guide-{}.html", "card-{}.html"):
        file = name.format(language)
        changed = _changed_lines(
            (tmp_path / "a" / file).read_text(encoding="utf-8"), (tmp_path / "b" / file).read_text(encoding="utf-8")
        )
        assert 4 == len(changed), changed  # two lines each side: the <svg> and the address text
        assert all(("<svg" in line) or (first in line) or (second in line) for line in changed), changed
    # The PDFs' text differs only where the address is printed (the card splits it over two lines).
    changed = _changed_lines(
        pdf_text(tmp_path / "a" / f"guide-{language}.pdf"), pdf_text(tmp_path / "b" / f"guide-{language}.pdf")
    )
    assert [f"-{first}", f"+{second}"] == [line.replace(" ", "") for line in changed]
    changed = _changed_lines(
        pdf_text(tmp_path / "a" / f"card-{language}.pdf"), pdf_text(tmp_path / "b" / f"card-{language}.pdf")
    )
    assert 4 == len(changed), changed
    assert "".join(line[1:].strip() for line in changed if line.startswith("-")) == first
    assert "".join(line[1:].strip() for line in changed if line.startswith("+")) == second


def test_the_command_refuses_a_mistyped_address_and_writes_nothing(tmp_path: Path) -> None:
    address = fresh_onion_address()
    mistyped = ("a" if address[0] != "a" else "b") + address[1:]
    result = _tipline("guide", "--lang", "ko", "--out", str(tmp_path / "out"), "--onion", mistyped)
    assert 2 == result.returncode, result.stderr
    assert "checksum" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_command_needs_an_address_from_somewhere(tmp_path: Path) -> None:
    result = _tipline("guide", "--lang", "en", "--out", str(tmp_path / "out"), "--data-dir", str(tmp_path / "none"))
    assert 0 != result.returncode
    assert not (tmp_path / "out").exists()


def test_the_command_takes_the_address_from_the_instance_settings(tmp_path: Path) -> None:
    address = fresh_onion_address()
    data_dir = tmp_path / "data"
    assert 0 == _tipline("init", data_dir=data_dir).returncode
    # As an operator pastes it: a URL in capitals; the command normalises it.
    settings = load_settings(data_dir, environ={}).replace(source_onion_address=f"http://{address.upper()}/")
    (data_dir / "tipline.toml").write_text(render_config(settings), encoding="utf-8")
    result = _tipline("guide", "--lang", "ru", "--out", str(tmp_path / "out"), data_dir=data_dir)
    assert 0 == result.returncode, result.stderr
    assert address in (tmp_path / "out" / "guide-ru.html").read_text(encoding="utf-8")
    assert f"Address: {address}" in result.stdout


# stem is not used here, but tor's own hostname file is: the address tor made is the one printed.
@pytest.mark.skipif(tor_binary() is None, reason="tor is not installed (Debian package `tor`)")
def test_the_command_prints_the_address_tor_created(tmp_path: Path) -> None:
    """`tipline onion` (network disabled), tor creates the source service, `tipline guide --tor-dir` prints it."""
    tor_dir = tmp_path / "tor"
    assert 0 == _tipline("onion", "--tor-dir", str(tor_dir), "--disable-network").returncode
    assert "DisableNetwork 1" in (tor_dir / "torrc").read_text().splitlines()
    tor = start_tor(tor_dir / "torrc")
    try:
        hostname = tor_dir / "source" / "hostname"
        deadline = time.monotonic() + 60
        while not hostname.exists():
            assert tor.process.poll() is None, tor.log()
            assert time.monotonic() < deadline, tor.log()
            time.sleep(0.2)
    finally:
        tor.stop()
    address = hostname.read_text().strip()
    result = _tipline("guide", "--lang", "zh", "--out", str(tmp_path / "out"), "--tor-dir", str(tor_dir))
    assert 0 == result.returncode, result.stderr
    assert address in (tmp_path / "out" / "guide-zh.html").read_text(encoding="utf-8")
    if ZBAR:
        (page,) = render_pages(tmp_path / "out" / "card-zh.pdf", tmp_path / "card", dpi=300)
        assert [address] == read_qr_codes(page)
