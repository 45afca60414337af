"""The newsroom workflow commands of the desk: case, claim, translate, models, exposure-check, draft.

:func:`register` adds them to the desk's click group, ``tipline desk`` (called from tipline.cli.desk).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from tipline.cli.desk_cases import case, claim
from tipline.cli.desk_workflow_support import (
    case_store,
    desk_dir_option,
    desk_settings,
    shared_korean,
    wide_console,
)
from tipline.desk.errors import MaterialError
from tipline.desk.terminal import echo, markup, plain
from tipline.desk.untrusted import inside
from tipline.desk.workflow import material as materials

# translate, models ---------------------------------------------------------------------------


@click.command()
@desk_dir_option
@click.argument("what", metavar="SUBMISSION|FILE")
@click.option("--to", "target", default="en", show_default=True, help="Target language code.")
@click.option("--from", "source_lang", default=None, help="Source language code (default: guessed from the script).")
@click.option("--save", is_flag=True, help="Keep the translation on the desk (the exposure check then uses it).")
def translate(desk_dir: Path, what: str, target: str, source_lang: str | None, save: bool) -> None:
    """Translate a submission or a text file offline, side by side with the original."""
    from tipline.desk.workflow.text import detect_language
    from tipline.desk.workflow.translation.glossary import load_glossary
    from tipline.desk.workflow.translation.packages import find_model
    from tipline.desk.workflow.translation.translator import Translator

    settings = desk_settings(desk_dir)
    path = Path(what).expanduser()
    found: materials.Material | None = None
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        try:
            found = materials.resolve(settings.desk_dir, what)
        except MaterialError as error:
            raise click.ClickException(f"{what}: neither a file nor a submission on this desk ({error})") from None
        if found.text is None:
            raise click.ClickException(f"{found.submission} is not a text file")
        text = found.text
    source_lang = source_lang or detect_language(text)
    package = find_model(settings.desk_dir, source_lang, target)
    glossary = load_glossary(settings.glossary)
    result = Translator(package, shared_korean(), glossary).translate(text)
    table = Table(f"original ({source_lang})", f"machine translation ({target})", show_lines=True)
    for sentence in result.sentences:
        table.add_row(plain(sentence.original, multiline=True), plain(sentence.translation, multiline=True))
    console = wide_console()
    console.print(table)
    console.print(
        plain(f"Model: {package.name} {package.version} ({package.path.name}). Machine translation: check it.")
    )
    if result.terms:
        glossary_table = Table("glossary term", "rendered as")
        for term in result.terms:
            glossary_table.add_row(plain(term.source), plain(term.target))
        console.print(glossary_table)
    if save and found is not None:
        destination = inside(settings.desk_dir, materials.translation_path(settings.desk_dir, found, target))
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        destination.write_text("\n".join(s.translation for s in result.sentences) + "\n", encoding="utf-8")
        destination.chmod(0o600)
        console.print(plain(f"Saved: {destination}"))


@click.group()
def models() -> None:
    """Offline translation models (Argos Translate packages)."""


@models.command("install")
@desk_dir_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def models_install(desk_dir: Path, file: Path) -> None:
    """Install an .argosmodel file carried over from a connected machine."""
    from tipline.desk.workflow.translation.packages import install

    settings = desk_settings(desk_dir)
    package = install(settings.desk_dir, file)
    echo(f"installed {package.pair} {package.version} ({package.name}) in {package.path}")


@models.command("list")
@desk_dir_option
def models_list(desk_dir: Path) -> None:
    """List the installed translation models."""
    from tipline.desk.workflow.translation.packages import installed, models_dir

    settings = desk_settings(desk_dir)
    found = installed(settings.desk_dir)
    if not found:
        echo(f"No translation model in {models_dir(settings.desk_dir)}; install one with `models install FILE`.")
        return
    table = Table("pair", "version", "name", "folder")
    for package in found:
        table.add_row(plain(package.pair), plain(package.version), plain(package.name), plain(package.path))
    wide_console().print(table)


# exposure-check, draft -----------------------------------------------------------------------


@click.command("exposure-check")
@desk_dir_option
@click.argument("draft_file", metavar="DRAFT.md", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--case", "case_id", type=int, default=None, help="Check against this case's sources (default: all).")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--json-out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write JSON here.")
@click.option(
    "--translate/--no-translate",
    "cross_language",
    default=True,
    show_default=True,
    help="Also compare with translations of material in other languages (installed models, offline).",
)
def exposure_check(  # click passes every option by keyword
    *, desk_dir: Path, draft_file: Path, case_id: int | None, output: str, json_out: Path | None, cross_language: bool
) -> None:
    """Flag what in a draft points back to a source. Exit status 1 when anything is flagged."""
    from tipline.desk.workflow.exposure import ExposureChecker, draft_language

    settings = desk_settings(desk_dir)
    only: list[str] | None = None
    if case_id is not None:
        with case_store(settings) as (store, session):
            only = store.get_case(session, case_id).designations()
    material = list(materials.iter_material(settings.desk_dir, only))
    # Fail closed: a check against missing material would pass a draft it never compared.
    wanted = only if only is not None else materials.designations(settings.desk_dir)
    missing = sorted(set(wanted) - {m.designation for m in material})
    if not wanted or missing:
        detail = f"no material on this desk for: {', '.join(missing)}" if missing else "no source material on this desk"
        raise click.ClickException(f"{detail}; fetch and open it first — nothing was checked")
    if cross_language:
        from tipline.desk.workflow.translation.crosscheck import translate_material
        from tipline.desk.workflow.translation.glossary import load_glossary

        glossary = load_glossary(settings.glossary)
        target = draft_language(draft_file.read_text(encoding="utf-8"))
        material += translate_material(settings.desk_dir, material, target, shared_korean(), glossary)
    checker = ExposureChecker(shared_korean(), extra_places=settings.allowed_places)
    report = checker.check(draft_file, material)
    if json_out is not None:
        json_out.write_text(report.to_json() + "\n", encoding="utf-8")
    if output == "json":
        echo(report.to_json())  # JSON escapes control characters itself
    else:
        console = wide_console()
        table = Table("line", "kind", "span", "why", "points to", show_lines=True)
        for flag in report.flags:
            table.add_row(
                str(flag.line),
                flag.kind,
                plain(flag.text, multiline=True),
                plain(flag.reason),
                plain(", ".join(flag.sources) or "—"),
            )
        console.print(plain(f"Exposure check of {draft_file} against {len(report.sources_checked)} source(s)"))
        for note in report.notes:
            console.print(f"[yellow]Note: {markup(note)}[/yellow]")
        if report.flags:
            console.print(table)
            console.print(f"[red]{len(report.flags)} flag(s): do not publish as is.[/red]")
        else:
            console.print("[green]Nothing flagged.[/green]")
    if report.flags:
        raise SystemExit(1)


@click.command()
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.option("--lang", default="en", show_default=True, help="Comma-separated: en, ko.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def draft(desk_dir: Path, case_id: int, lang: str, out_dir: Path | None) -> None:
    """Write a Markdown story skeleton per language from a case's corroborated claims."""
    from tipline.desk.workflow.drafts import SUPPORTED_LANGUAGES, unsupported_regions, write_drafts

    languages = [code.strip() for code in lang.split(",") if code.strip()]
    unsupported = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unsupported or not languages:
        raise click.ClickException(f"--lang takes {', '.join(SUPPORTED_LANGUAGES)}; not {', '.join(unsupported)}")
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        item = store.get_case(session, case_id)
        finer = unsupported_regions(item, settings.allowed_places)
        if finer:
            raise click.ClickException(
                f"region finer than a country or region: {'; '.join(finer)} — set a region with `case source`"
            )
        written = write_drafts(
            item, store.relations(session), settings, languages, out_dir or settings.desk_dir / "drafts"
        )
    for path in written:
        echo(f"wrote {path}")


def register(desk: click.Group) -> None:
    """Add the newsroom workflow commands to the desk's click group."""
    for command in (case, claim, translate, models, exposure_check, draft):
        desk.add_command(command)
