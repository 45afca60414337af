"""The newsroom workflow commands of the desk: case, claim, translate, models, exposure-check, draft.

:func:`register` adds them to the desk's click group, ``tipline desk`` (called from tipline.cli.desk).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from tipline.desk.workflow import material as materials
from tipline.desk.workflow.cases import DOCUMENT, TESTIMONY, Case, NewsroomStore, NotFound, open_store
from tipline.desk.workflow.corroboration import corroboration
from tipline.desk.workflow.settings import (
    DEFAULT_DESK_DIR,
    DeskSettings,
    DeskSettingsError,
    ensure_desk_dir,
    load_desk_settings,
)
from tipline.desk.workflow.text import Korean

F = TypeVar("F", bound=Callable[..., Any])


def desk_dir_option(function: F) -> F:
    return click.option(
        "--desk-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="TIPLINE_DESK_DIR",
        default=DEFAULT_DESK_DIR,
        show_default=True,
        help="The desk folder (created 0700; it holds decrypted material).",
    )(function)


def _settings(desk_dir: Path) -> DeskSettings:
    try:
        return load_desk_settings(ensure_desk_dir(desk_dir))
    except DeskSettingsError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def _store(settings: DeskSettings) -> Iterator[tuple[NewsroomStore, Session]]:
    store = open_store(settings.desk_dir)
    try:
        with store.session() as session:
            yield store, session
    except NotFound as error:
        raise click.ClickException(str(error)) from None
    finally:
        store.close()


def _evidence(settings: DeskSettings, spec: str, kind: str | None) -> tuple[materials.Material, str, str | None]:
    reference, _, quote = spec.partition(":")
    try:
        found = materials.resolve(settings.desk_dir, reference)
    except materials.MaterialError as error:
        raise click.ClickException(str(error)) from None
    if quote and found.text is not None and quote not in found.text:
        click.echo(f"warning: the quote is not found verbatim in {found.submission}", err=True)
    # A source's message is its testimony; any file it sent is a document, unless told otherwise.
    inferred = TESTIMONY if found.is_message or found.is_translation else DOCUMENT
    return found, kind or inferred, quote or None


@functools.cache
def shared_korean() -> Korean:
    """One Korean analyser per process: loading kiwipiepy's model takes seconds and it is read-only."""
    return Korean()


def _console() -> Console:
    return Console(width=140, soft_wrap=False)


# case ----------------------------------------------------------------------------------------


@click.group()
def case() -> None:
    """Cases: the stories a newsroom builds from claims."""


@case.command("new")
@desk_dir_option
@click.argument("title")
@click.option("--source", "sources", multiple=True, metavar="DESIGNATION", help="Attach a source (repeatable).")
def case_new(desk_dir: Path, title: str, sources: tuple[str, ...]) -> None:
    """Open a case."""
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        created = store.add_case(session, title)
        for designation in sources:
            store.attach_source(created, designation)
        click.echo(f"case {created.id}: {title}")


@case.command("source")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.argument("designation")
@click.option("--region", default="", help='How to attribute the source in English: a country or region ("Russia").')
@click.option("--region-ko", default="", help="The same in Korean (default: from a built-in list).")
def case_source(desk_dir: Path, case_id: int, designation: str, region: str, region_ko: str) -> None:
    """Attach a source to a case, with the region used to attribute it."""
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        store.attach_source(store.get_case(session, case_id), designation, region, region_ko)
    click.echo(f"case {case_id}: {designation}" + (f" (a source in {region})" if region else ""))


@case.command("list")
@desk_dir_option
def case_list(desk_dir: Path) -> None:
    """List the cases on this desk."""
    settings = _settings(desk_dir)
    table = Table("case", "title", "claims", "corroborated", "sources")
    with _store(settings) as (store, session):
        relations = store.relations(session)
        for item in store.list_cases(session):
            done = sum(corroboration(c, relations, settings.corroboration).corroborated for c in item.claims)
            table.add_row(str(item.id), item.title, str(len(item.claims)), str(done), ", ".join(item.designations()))
    _console().print(table)


def _show(console: Console, item: Case, store: NewsroomStore, session: Session, settings: DeskSettings) -> None:
    relations = store.relations(session)
    console.print(f"[bold]Case {item.id}: {item.title}[/bold]  (rule: {settings.corroboration.describe()})")
    regions = {s.designation: s.region for s in item.sources}
    console.print(
        "Sources: " + (", ".join(f"{d} ({regions.get(d) or 'no region'})" for d in item.designations()) or "none")
    )
    for relation in relations:
        if {relation.first, relation.second} <= set(item.designations()):
            console.print(f"Related: {relation.first} ~ {relation.second} — {relation.reason}")
    table = Table("claim", "status", "backing", "evidence", show_lines=True)
    for claim in item.claims:
        result = corroboration(claim, relations, settings.corroboration)
        evidence = "\n".join(f"{e.kind}: {e.submission}" + (f' "{e.quote}"' if e.quote else "") for e in claim.evidence)
        style = "green" if result.corroborated else "yellow"
        table.add_row(
            f"{claim.id}. {claim.text}", f"[{style}]{result.status}[/{style}]", result.describe(), evidence or "—"
        )
    console.print(table)


@case.command("show")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
def case_show(desk_dir: Path, case_id: int) -> None:
    """Print each claim with its corroboration status and evidence."""
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        _show(_console(), store.get_case(session, case_id), store, session, settings)


@case.command("export")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--to", "journalists", multiple=True, metavar="NAME", help="A journalist of [newsroom.journalists].")
@click.option("--recipient", "recipients", multiple=True, metavar="AGE1…", help="Another age recipient.")
def case_export(
    desk_dir: Path, case_id: int, output: Path, journalists: tuple[str, ...], recipients: tuple[str, ...]
) -> None:
    """Write a case as one age-encrypted file for the newsroom and the named journalists."""
    from tipline.crypto.age import EncryptionError
    from tipline.desk.workflow.export import export_case

    settings = _settings(desk_dir)
    if settings.newsroom_recipient is None:
        raise click.ClickException("set the newsroom's age recipient first: recipient = 'age1…' under [newsroom]")
    unknown = [n for n in journalists if n not in settings.journalist_recipients]
    if unknown:
        raise click.ClickException(f"not in [newsroom.journalists] of desk.toml: {', '.join(unknown)}")
    to = [settings.newsroom_recipient, *(settings.journalist_recipients[n] for n in journalists), *recipients]
    with _store(settings) as (store, session):
        try:
            export_case(store.get_case(session, case_id), store.relations(session), to, output)
        except EncryptionError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"case {case_id} → {output} (encrypted to {len(to)} recipient(s))")


@case.command("import")
@desk_dir_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--identity",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="An age identity file (default: identity_file under [newsroom]).",
)
def case_import(desk_dir: Path, file: Path, identity: Path | None) -> None:
    """Import a case exported by another desk."""
    from tipline.desk.workflow.export import ExportError, import_case, read_export

    settings = _settings(desk_dir)
    identity = identity or settings.identity_file
    if identity is None:
        raise click.ClickException("give --identity FILE (or identity_file under [newsroom] in desk.toml)")
    keys = [line.strip() for line in identity.read_text().splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
    try:
        data = read_export(file, keys)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    with _store(settings) as (store, session):
        imported = import_case(store, session, data)
        click.echo(f"case {imported.id}: {imported.title} ({len(imported.claims)} claims)")


# claim ---------------------------------------------------------------------------------------


@click.group()
def claim() -> None:
    """Claims of a case and the submissions that back them."""


KIND = click.Choice([TESTIMONY, DOCUMENT])


@claim.command("add")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.argument("text")
@click.option("--evidence", multiple=True, metavar="SUBMISSION[:QUOTE]", help="DESIGNATION/BATCH[/FILE] (repeatable)")
def claim_add(desk_dir: Path, case_id: int, text: str, evidence: tuple[str, ...]) -> None:
    """Add a claim to a case, backed by submissions."""
    settings = _settings(desk_dir)
    backing = [_evidence(settings, spec, None) for spec in evidence]
    with _store(settings) as (store, session):
        added = store.add_claim(session, store.get_case(session, case_id), text)
        for found, kind, quote in backing:
            store.link(added, found.submission, found.designation, kind, quote)
        session.flush()
        result = corroboration(added, store.relations(session), settings.corroboration)
        click.echo(f"claim {added.id}: {result.status} ({result.describe()})")


@claim.command("link")
@desk_dir_option
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.argument("submission", metavar="SUBMISSION[:QUOTE]")
@click.option("--kind", type=KIND, default=None, help="Default: a message is testimony, a file a document.")
def claim_link(desk_dir: Path, claim_id: int, submission: str, kind: str | None) -> None:
    """Back a claim with a submission."""
    settings = _settings(desk_dir)
    found, inferred, quote = _evidence(settings, submission, kind)
    with _store(settings) as (store, session):
        target = store.get_claim(session, claim_id)
        store.link(target, found.submission, found.designation, inferred, quote)
        session.flush()
        result = corroboration(target, store.relations(session), settings.corroboration)
        click.echo(f"claim {claim_id}: {result.status} ({result.describe()})")


@claim.command("unlink")
@desk_dir_option
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.argument("submission")
def claim_unlink(desk_dir: Path, claim_id: int, submission: str) -> None:
    """Remove a submission from a claim's evidence."""
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        target = store.get_claim(session, claim_id)
        reference = submission.partition(":")[0].strip("/")
        if reference.count("/") == 1:
            reference += "/" + materials.MESSAGE_FILE
        store.unlink(target, reference)
        session.flush()
        result = corroboration(target, store.relations(session), settings.corroboration)
        click.echo(f"claim {claim_id}: {result.status} ({result.describe()})")


@claim.command("relate")
@desk_dir_option
@click.argument("first", metavar="DESIGNATION")
@click.argument("second", metavar="DESIGNATION")
@click.option("--reason", required=True, help="Why they are not independent (same family, same workplace …).")
def claim_relate(desk_dir: Path, first: str, second: str, reason: str) -> None:
    """Mark two sources as related: together they count as one independent source."""
    if first == second:
        raise click.ClickException("a source is always related to itself")
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        store.relate(session, first, second, reason)
    click.echo(f"{first} ~ {second}: related ({reason})")


@claim.command("unrelate")
@desk_dir_option
@click.argument("first", metavar="DESIGNATION")
@click.argument("second", metavar="DESIGNATION")
def claim_unrelate(desk_dir: Path, first: str, second: str) -> None:
    """Mark two sources as independent again."""
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        store.unrelate(session, first, second)
    click.echo(f"{first} and {second}: independent")


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
    from tipline.desk.workflow.translation.glossary import GlossaryError, load_glossary
    from tipline.desk.workflow.translation.packages import ModelMissing, find_model
    from tipline.desk.workflow.translation.translator import Translator

    settings = _settings(desk_dir)
    path = Path(what).expanduser()
    found: materials.Material | None = None
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        try:
            found = materials.resolve(settings.desk_dir, what)
        except materials.MaterialError as error:
            raise click.ClickException(f"{what}: neither a file nor a submission on this desk ({error})") from None
        if found.text is None:
            raise click.ClickException(f"{found.submission} is not a text file")
        text = found.text
    source_lang = source_lang or detect_language(text)
    try:
        package = find_model(settings.desk_dir, source_lang, target)
        glossary = load_glossary(settings.glossary)
    except ModelMissing as error:
        raise click.ClickException(str(error)) from None
    except GlossaryError as error:
        raise click.ClickException(str(error)) from None
    result = Translator(package, shared_korean(), glossary).translate(text)
    table = Table(f"original ({source_lang})", f"machine translation ({target})", show_lines=True)
    for sentence in result.sentences:
        table.add_row(sentence.original, sentence.translation)
    console = _console()
    console.print(table)
    console.print(f"Model: {package.name} {package.version} ({package.path.name}). Machine translation: check it.")
    if result.terms:
        glossary_table = Table("glossary term", "rendered as")
        for term in result.terms:
            glossary_table.add_row(term.source, term.target)
        console.print(glossary_table)
    if save and found is not None:
        destination = materials.translation_path(settings.desk_dir, found, target)
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        destination.write_text("\n".join(s.translation for s in result.sentences) + "\n", encoding="utf-8")
        destination.chmod(0o600)
        console.print(f"Saved: {destination}")


@click.group()
def models() -> None:
    """Offline translation models (Argos Translate packages)."""


@models.command("install")
@desk_dir_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def models_install(desk_dir: Path, file: Path) -> None:
    """Install an .argosmodel file carried over from a connected machine."""
    from tipline.desk.workflow.translation.packages import PackageError, install

    settings = _settings(desk_dir)
    try:
        package = install(settings.desk_dir, file)
    except PackageError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"installed {package.pair} {package.version} ({package.name}) in {package.path}")


@models.command("list")
@desk_dir_option
def models_list(desk_dir: Path) -> None:
    """List the installed translation models."""
    from tipline.desk.workflow.translation.packages import installed, models_dir

    settings = _settings(desk_dir)
    found = installed(settings.desk_dir)
    if not found:
        click.echo(f"No translation model in {models_dir(settings.desk_dir)}; install one with `models install FILE`.")
        return
    table = Table("pair", "version", "name", "folder")
    for package in found:
        table.add_row(package.pair, package.version, package.name, str(package.path))
    _console().print(table)


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

    settings = _settings(desk_dir)
    only: list[str] | None = None
    if case_id is not None:
        with _store(settings) as (store, session):
            only = store.get_case(session, case_id).designations()
    material = list(materials.iter_material(settings.desk_dir, only))
    # Fail closed: a check against missing material would pass a draft it never compared.
    wanted = only if only is not None else materials.designations(settings.desk_dir)
    missing = sorted(set(wanted) - {m.designation for m in material})
    if not wanted or missing:
        detail = f"no material on this desk for: {', '.join(missing)}" if missing else "no source material on this desk"
        raise click.ClickException(f"{detail}; fetch and open it first — nothing was checked")
    notes: list[str] = []
    if cross_language:
        from tipline.desk.workflow.translation.crosscheck import translate_material
        from tipline.desk.workflow.translation.glossary import GlossaryError, load_glossary

        try:
            glossary = load_glossary(settings.glossary)
        except GlossaryError as error:
            raise click.ClickException(str(error)) from None
        target = draft_language(draft_file.read_text(encoding="utf-8"))
        added, notes = translate_material(settings.desk_dir, material, target, shared_korean(), glossary)
        material += added
    checker = ExposureChecker(shared_korean(), extra_places=settings.allowed_places)
    report = checker.check(draft_file, material, notes)
    if json_out is not None:
        json_out.write_text(report.to_json() + "\n", encoding="utf-8")
    if output == "json":
        click.echo(report.to_json())
    else:
        console = _console()
        table = Table("line", "kind", "span", "why", "points to", show_lines=True)
        for flag in report.flags:
            table.add_row(str(flag.line), flag.kind, flag.text, flag.reason, ", ".join(flag.sources) or "—")
        console.print(f"Exposure check of {draft_file} against {len(report.sources_checked)} source(s)")
        for note in report.notes:
            console.print(f"[yellow]Note: {note}[/yellow]")
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
    from tipline.desk.workflow.drafts import SUPPORTED_LANGUAGES, write_drafts

    languages = [code.strip() for code in lang.split(",") if code.strip()]
    unsupported = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unsupported or not languages:
        raise click.ClickException(f"--lang takes {', '.join(SUPPORTED_LANGUAGES)}; not {', '.join(unsupported)}")
    settings = _settings(desk_dir)
    with _store(settings) as (store, session):
        item = store.get_case(session, case_id)
        written = write_drafts(
            item, store.relations(session), settings, languages, out_dir or settings.desk_dir / "drafts"
        )
    for path in written:
        click.echo(f"wrote {path}")


def register(desk: click.Group) -> None:
    """Add the newsroom workflow commands to the desk's click group."""
    for command in (case, claim, translate, models, exposure_check, draft):
        desk.add_command(command)
