"""tipline guide: the printable guide for sources, and the wallet card for couriers."""

from __future__ import annotations

from pathlib import Path

import click

from tipline.cli.options import data_dir_option, settings_for
from tipline.errors import BadOnionAddress
from tipline.guide import LANGUAGES, normalise_onion_address, write_guide
from tipline.guide.build import PDF_INSTALL, pdf_available
from tipline.onion.torrc import SOURCE_DIR


def _address(onion: str | None, tor_dir: Path | None, data_dir: Path | None) -> str:
    if onion:
        given, where = onion, "--onion"
    elif tor_dir is not None:
        hostname = tor_dir / SOURCE_DIR / "hostname"
        try:
            given, where = hostname.read_text(encoding="ascii").strip(), str(hostname)
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(f"cannot read the source onion address from {hostname}: {error}") from None
    else:
        given, where = settings_for(data_dir).source_onion_address, "source_onion_address"
        if not given:
            raise click.UsageError("give --onion ADDRESS or --tor-dir DIR, or set source_onion_address")
    try:
        return normalise_onion_address(given)
    except BadOnionAddress as error:
        raise click.BadParameter(str(error), param_hint=where) from None


@click.command()
@data_dir_option
@click.option("--lang", "language", type=click.Choice(list(LANGUAGES)), required=True, help="Language of the guide.")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into."
)
@click.option("--onion", help="The source interface's onion address. Default: the source_onion_address setting.")
@click.option(
    "--tor-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Read the address from DIR/source/hostname (the folder given to `tipline onion`).",
)
@click.option(
    "--pdf/--no-pdf",
    default=None,
    help="Write the PDFs too (they need the `guide` extra, fpdf2), or only the HTML. "
    "Default: the PDFs where fpdf2 is installed, else the HTML and how to get the PDFs.",
)
def guide(
    *, language: str, out_dir: Path, onion: str | None, tor_dir: Path | None, pdf: bool | None, data_dir: Path | None
) -> None:
    """Write a printable guide for sources into OUT: guide-LANG.html and guide-LANG.pdf (A4:
    getting Tor Browser, bridges where Tor is blocked, a phone nobody searches, leaving nothing
    behind, the codename), and card-LANG.pdf / card-LANG.html (A7, wallet size: the QR code and
    three steps, for couriers).

    The onion address is the only thing that varies: nothing in the files names the newsroom, a
    date or a reader. PDFs embed Debian's Noto Sans CJK (package fonts-noto-cjk); no network.
    They need fpdf2 (the `guide` extra), which a lean server install leaves out.
    """
    address = _address(onion, tor_dir, data_dir)
    available = pdf_available()
    if pdf and not available:
        raise click.ClickException(f"--pdf: the PDFs need fpdf2 (the `guide` extra), not installed here: {PDF_INSTALL}")
    written = write_guide(out_dir, language, address, pdf=available if pdf is None else pdf)
    for path in written:
        click.echo(f"Wrote {path}")
    if pdf is None and not available:
        # Said on stderr, so the list of written files stays clean; the exit status stays 0.
        click.echo(
            f"No PDFs: fpdf2 (the `guide` extra) is not installed here. For guide-{language}.pdf and "
            f"card-{language}.pdf: {PDF_INSTALL}; or print the HTML files from a browser.",
            err=True,
        )
    click.echo(f"Address: {address} (check it against DIR/source/hostname before printing)")
