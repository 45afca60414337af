"""`tipline desk case …` and `tipline desk claim …`: cases, claims and their evidence."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from tipline.cli.desk_workflow_support import (
    case_store,
    desk_dir_option,
    desk_settings,
    evidence_for,
    wide_console,
)
from tipline.desk.terminal import echo, markup, plain
from tipline.desk.workflow import material as materials
from tipline.desk.workflow.cases import DOCUMENT, TESTIMONY, Case, CaseStore, Claim
from tipline.desk.workflow.corroboration import corroboration
from tipline.desk.workflow.settings import (
    DeskSettings,
)

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
    settings = desk_settings(desk_dir)
    for designation in sources:
        _known_source(settings, designation)
    with case_store(settings) as (store, session):
        created = store.add_case(session, title)
        for designation in sources:
            store.attach_source(created, designation)
        echo(f"case {created.id}: {title}")


@case.command("source")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.argument("designation")
@click.option("--region", default="", help='How to attribute the source in English: a country or region ("Russia").')
@click.option("--region-ko", default="", help="The same in Korean (default: from a built-in list).")
def case_source(desk_dir: Path, case_id: int, designation: str, region: str, region_ko: str) -> None:
    """Attach a source to a case, with the region used to attribute it (a country or region only)."""
    from tipline.desk.workflow.allowed_places import is_allowed_place

    settings = desk_settings(desk_dir)
    _known_source(settings, designation)
    for value in (region, region_ko):
        if value and not is_allowed_place(value, settings.allowed_places):
            raise click.ClickException(
                f"{value!r} is finer than a country or region: an attribution naming it narrows who the source "
                "can be (add it to allowed_places under [newsroom] in desk.toml if the newsroom allows it)"
            )
    with case_store(settings) as (store, session):
        store.attach_source(store.get_case(session, case_id), designation, region, region_ko)
    echo(f"case {case_id}: {designation}" + (f" (a source in {region})" if region else ""))


@case.command("unsource")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.argument("designation")
def case_unsource(desk_dir: Path, case_id: int, designation: str) -> None:
    """Detach a source from a case (evidence it sent still backs the claims it is linked to)."""
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        item = store.get_case(session, case_id)
        store.detach_source(item, designation)
        still = sorted({c.id for c in item.claims for e in c.evidence if e.designation == designation})
    echo(f"case {case_id}: {designation} detached")
    if still:
        echo(f"its evidence still backs claim(s) {', '.join(map(str, still))}: `claim unlink` to remove it")


def _known_source(settings: DeskSettings, designation: str) -> None:
    """Refuse a designation with no material on this desk: a typo would attach a source nobody is."""
    if designation not in materials.designations(settings.desk_dir):
        raise click.ClickException(
            f"no source {designation!r} on this desk (fetch and open its material first); "
            f"known: {', '.join(materials.designations(settings.desk_dir)) or 'none'}"
        )


@case.command("list")
@desk_dir_option
def case_list(desk_dir: Path) -> None:
    """List the cases on this desk."""
    settings = desk_settings(desk_dir)
    table = Table("case", "title", "claims", "corroborated", "sources")
    with case_store(settings) as (store, session):
        relations = store.relations(session)
        for item in store.list_cases(session):
            done = sum(corroboration(c, relations, settings.corroboration).corroborated for c in item.claims)
            table.add_row(
                str(item.id), plain(item.title), str(len(item.claims)), str(done), plain(", ".join(item.designations()))
            )
    wide_console().print(table)


def _show(console: Console, item: Case, store: CaseStore, session: Session, settings: DeskSettings) -> None:
    relations = store.relations(session)
    # Titles, claims, quotes, regions and reasons may come from another desk's export: text, never markup.
    console.print(f"[bold]Case {item.id}: {markup(item.title)}[/bold]  (rule: {settings.corroboration.describe()})")
    regions = {s.designation: s.region for s in item.sources}
    console.print(
        plain(
            "Sources: " + (", ".join(f"{d} ({regions.get(d) or 'no region'})" for d in item.designations()) or "none")
        )
    )
    for relation in relations:
        if {relation.first, relation.second} <= set(item.designations()):
            console.print(plain(f"Related: {relation.first} ~ {relation.second} — {relation.reason}"))
    for claim in item.claims:
        for e in claim.evidence:
            if e.independent_reason:
                console.print(plain(f"Independent: claim {claim.id} ← {e.submission} — {e.independent_reason}"))
    table = Table("claim", "status", "backing", "evidence", show_lines=True)
    for claim in item.claims:
        result = corroboration(claim, relations, settings.corroboration)
        evidence = "\n".join(
            f"{e.kind}: {e.submission}"
            + (f' "{e.quote}"' if e.quote else "")
            + (" (independent)" if e.independent_reason else "")
            for e in claim.evidence
        )
        style = "green" if result.corroborated else "yellow"
        table.add_row(
            plain(f"{claim.id}. {claim.text}", multiline=True),
            plain(result.status, style=style),
            plain(result.describe()),
            plain(evidence or "—", multiline=True),
        )
    console.print(table)


@case.command("show")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
def case_show(desk_dir: Path, case_id: int) -> None:
    """Print each claim with its corroboration status and evidence."""
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        _show(wide_console(), store.get_case(session, case_id), store, session, settings)


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

    settings = desk_settings(desk_dir)
    if settings.newsroom_recipient is None:
        raise click.ClickException("set the newsroom's age recipient first: recipient = 'age1…' under [newsroom]")
    unknown = [n for n in journalists if n not in settings.journalist_recipients]
    if unknown:
        raise click.ClickException(f"not in [newsroom.journalists] of desk.toml: {', '.join(unknown)}")
    to = [settings.newsroom_recipient, *(settings.journalist_recipients[n] for n in journalists), *recipients]
    with case_store(settings) as (store, session):
        try:
            export_case(store.get_case(session, case_id), store.relations(session), to, output)
        except EncryptionError as error:
            raise click.ClickException(str(error)) from None
    echo(f"case {case_id} → {output} (encrypted to {len(to)} recipient(s))")


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
    from tipline.desk.workflow.export import import_case, read_export

    settings = desk_settings(desk_dir)
    identity = identity or settings.identity_file
    if identity is None:
        raise click.ClickException("give --identity FILE (or identity_file under [newsroom] in desk.toml)")
    keys = [line.strip() for line in identity.read_text().splitlines() if line.strip().startswith("AGE-SECRET-KEY-")]
    data = read_export(file, keys)
    with case_store(settings) as (store, session):
        imported = import_case(store, session, data)
        echo(f"case {imported.id}: {imported.title} ({len(imported.claims)} claims)")


# claim ---------------------------------------------------------------------------------------


@click.group()
def claim() -> None:
    """Claims of a case and the submissions that back them."""


KIND = click.Choice([TESTIMONY, DOCUMENT])


def _where_it_stands(store: CaseStore, session: Session, changed: Claim, settings: DeskSettings) -> None:
    """A claim's corroboration once its evidence has changed."""
    session.flush()
    result = corroboration(changed, store.relations(session), settings.corroboration)
    echo(f"claim {changed.id}: {result.status} ({result.describe()})")


@claim.command("add")
@desk_dir_option
@click.argument("case_id", metavar="CASE", type=int)
@click.argument("text")
@click.option("--evidence", multiple=True, metavar="SUBMISSION[:QUOTE]", help="DESIGNATION/BATCH[/FILE] (repeatable)")
def claim_add(desk_dir: Path, case_id: int, text: str, evidence: tuple[str, ...]) -> None:
    """Add a claim to a case, backed by submissions."""
    settings = desk_settings(desk_dir)
    backing = [evidence_for(settings, spec, None) for spec in evidence]
    with case_store(settings) as (store, session):
        added = store.add_claim(session, store.get_case(session, case_id), text)
        for found, kind, quote in backing:
            store.link(added, found.submission, found.designation, kind, quote)
        _where_it_stands(store, session, added, settings)


@claim.command("link")
@desk_dir_option
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.argument("submission", metavar="SUBMISSION[:QUOTE]")
@click.option("--kind", type=KIND, default=None, help="Default: a message is testimony, a file a document.")
@click.option(
    "--independent",
    "independent_reason",
    default=None,
    metavar="REASON",
    help="A document independent of the testimony though the same source sent it (why; kept in the case).",
)
def claim_link(
    desk_dir: Path, claim_id: int, submission: str, kind: str | None, independent_reason: str | None
) -> None:
    """Back a claim with a submission."""
    settings = desk_settings(desk_dir)
    found, inferred, quote = evidence_for(settings, submission, kind)
    if independent_reason is not None and (inferred != DOCUMENT or not independent_reason.strip()):
        raise click.ClickException("--independent takes a reason, and applies to a document")
    with case_store(settings) as (store, session):
        target = store.get_claim(session, claim_id)
        store.link(target, found.submission, found.designation, inferred, quote, independent_reason=independent_reason)
        _where_it_stands(store, session, target, settings)


@claim.command("unlink")
@desk_dir_option
@click.argument("claim_id", metavar="CLAIM", type=int)
@click.argument("submission")
def claim_unlink(desk_dir: Path, claim_id: int, submission: str) -> None:
    """Remove a submission from a claim's evidence."""
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        target = store.get_claim(session, claim_id)
        reference = submission.partition(":")[0].strip("/")
        if reference.count("/") == 1:
            reference += "/" + materials.MESSAGE_FILE
        store.unlink(target, reference)
        _where_it_stands(store, session, target, settings)


@claim.command("relate")
@desk_dir_option
@click.argument("first", metavar="DESIGNATION")
@click.argument("second", metavar="DESIGNATION")
@click.option("--reason", required=True, help="Why they are not independent (same family, same workplace …).")
def claim_relate(desk_dir: Path, first: str, second: str, reason: str) -> None:
    """Mark two sources as related: together they count as one independent source."""
    if first == second:
        raise click.ClickException("a source is always related to itself")
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        store.relate(session, first, second, reason)
    echo(f"{first} ~ {second}: related ({reason})")


@claim.command("unrelate")
@desk_dir_option
@click.argument("first", metavar="DESIGNATION")
@click.argument("second", metavar="DESIGNATION")
def claim_unrelate(desk_dir: Path, first: str, second: str) -> None:
    """Mark two sources as independent again."""
    settings = desk_settings(desk_dir)
    with case_store(settings) as (store, session):
        store.unrelate(session, first, second)
    echo(f"{first} and {second}: independent")
