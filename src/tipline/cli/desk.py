"""tipline desk: the journalist workstation. Online half: login, fetch, reply. Offline half: open."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tipline.cli.desk_doctor import doctor
from tipline.cli.desk_workflow import register as register_workflow
from tipline.cli.desk_workflow_support import desk_dir_option
from tipline.crypto.age import is_valid_recipient
from tipline.desk import pins
from tipline.desk.client import RELOGIN, ApiClient
from tipline.desk.errors import DeskError
from tipline.desk.fetch import fetch as fetch_all
from tipline.desk.listing import show_source, sources_table
from tipline.desk.notes_store import fetch_notes, open_notes
from tipline.desk.offline import forbid_network
from tipline.desk.opener import OpenResult, open_all, read_identities
from tipline.desk.outbox import send_outbox
from tipline.desk.replies_store import fetch_replies, open_replies
from tipline.desk.reply import send_reply
from tipline.desk.store import DeskFolder, Login
from tipline.desk.terminal import console as terminal_console
from tipline.desk.terminal import echo, for_terminal
from tipline.desk.untrusted import checked_recipient, checked_text, checked_token

F = TypeVar("F", bound=Callable[..., Any])


def identity_option(function: F) -> F:
    return click.option(
        "--identity",
        "identity",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        required=True,
        multiple=True,
        help="age identity file (the newsroom's, or yours); repeat it to keep opening what came before a "
        "key rotation: each identity is tried.",
    )(function)


def _console(stderr: bool = False) -> Console:
    # Wide enough when piped that "NOT CLEANED" and filenames are never cut.
    probe = Console(stderr=stderr)
    return terminal_console(stderr=stderr, width=None if probe.is_terminal else 160)


def _desk(desk_dir: Path) -> DeskFolder:
    try:
        return DeskFolder.at(desk_dir)
    except OSError as error:
        raise click.ClickException(f"cannot use the desk folder {desk_dir}: {error}") from None


def _client(desk: DeskFolder) -> ApiClient:
    login = desk.login()
    if _expired(login.expiration):
        raise DeskError(RELOGIN)
    return ApiClient(login.server, login.token)


def _problems(label: str, items: Iterable[object], after: str = "") -> None:
    """One line on stderr for each thing that went wrong, under its label: what a script reads
    to see what fetch or open left undone."""
    for item in items:
        echo(f"{label}: {item}{after}", err=True)


def _expired(expiration: str) -> bool:
    """Whether the token's expiry, as the server gave it at login, has passed (unknown: not)."""
    try:
        until = datetime.datetime.fromisoformat(expiration)
    except ValueError:
        return False
    if until.tzinfo is None:
        until = until.replace(tzinfo=datetime.UTC)
    return until < datetime.datetime.now(datetime.UTC)


# The only commands that use the network; every other one may read decrypted material and runs
# under the offline guard (sync installs it itself once its fetch is done).
ONLINE_COMMANDS = frozenset({"login", "fetch", "reply", "sync"})
# Guarded, but only once its own loopback listening socket is bound: the reading room.
SELF_GUARDED_COMMANDS = frozenset({"ui"})
# Offline but unguarded: `doctor` reads no material and runs fixed probes ("--version") of the
# programs it checks, bubblewrap among them, so it cannot run them inside the sandbox.
PROBE_COMMANDS = frozenset({"doctor"})


class _DeskGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        """Every desk command's errors, answered once: the desk's tree (desk/errors.py) and click's
        own, made safe for the terminal."""
        try:
            return super().invoke(ctx)
        except DeskError as error:
            raise click.ClickException(for_terminal(str(error), multiline=True)) from None
        except click.UsageError:
            raise  # click's own text about the command line
        except click.ClickException as error:
            # Messages may quote a server's, a source's or another desk's text: no control byte.
            raise click.ClickException(for_terminal(error.message, multiline=True)) from None


# The same help options as the root: click caches a command's help option at its first use, and
# tests invoke this group directly (without the root, "-h" would be lost for later uses).
@click.group(cls=_DeskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def desk(ctx: click.Context) -> None:
    """The journalist's workstation: fetch ciphertext online, open and clean it offline, reply.

    Everything is kept under the desk folder (--desk-dir or $TIPLINE_DESK_DIR). Only login, fetch,
    reply and sync use the network; every other command but doctor runs under the offline guard.
    """
    if ctx.invoked_subcommand not in ONLINE_COMMANDS | PROBE_COMMANDS | SELF_GUARDED_COMMANDS:
        forbid_network()  # before anything is read: from here on no socket, no unsandboxed program


@desk.command()
@click.option("--server", required=True, help="The journalist interface, e.g. http://127.0.0.1:8081.")
@click.option("--username", required=True)
@click.option("--passphrase-file", type=click.File("r"), help="Read the passphrase from this file (for scripts).")
@click.option("--code", help="The one-time code; asked for if not given.")
@click.option(
    "--newsroom-recipient",
    metavar="AGE1…",
    help="Pin the newsroom's age recipient (from the newsroom's own record); replies are encrypted to it. "
    "Without it, the first login pins the one the server announces.",
)
@desk_dir_option
def login(  # click passes every option by keyword
    *,
    server: str,
    username: str,
    passphrase_file: Any,
    code: str | None,
    newsroom_recipient: str | None,
    desk_dir: Path,
) -> None:
    """Log in to the API and keep the token in the desk folder."""
    folder = _desk(desk_dir)
    if newsroom_recipient is not None:
        pins.pin_newsroom(folder, newsroom_recipient)
    if passphrase_file is not None:
        passphrase = passphrase_file.readline().rstrip("\r\n")
    else:
        passphrase = click.prompt("Passphrase", hide_input=True)
    code = code or click.prompt("One-time code")
    client = ApiClient(server)
    # A TokenRecord, parsed strictly (a non-object answer is refused); its texts checked again (T9).
    issued = client.login(username, passphrase, code.replace(" ", ""))
    folder.save_login(
        Login(
            server=client.server,
            username=checked_text(issued.journalist_username, "username", 100),
            token=checked_token(issued.token),
            expiration=checked_text(issued.expiration or "-", "expiration", 40),
        )
    )
    until = folder.login().expiration
    echo(f"Logged in to {client.server} as {username}; token kept in {folder.login_path} until {until}.")
    _pin_newsroom_at_login(folder, client)


def _pin_newsroom_at_login(folder: DeskFolder, client: ApiClient) -> None:
    """Trust on first use: with no recipient configured, pin the one the server announces now."""
    root = client.request_json("GET", "/api/v1/")
    announced = root.get("newsroom_recipient") if isinstance(root, dict) else None
    mine = pins.configured_newsroom_recipient(folder) or pins.load(folder).newsroom_recipient
    if mine is None:
        pins.pin_newsroom(folder, checked_recipient(announced, "newsroom recipient"))
        echo(
            f"Pinned the newsroom recipient the server announced: {announced}\n"
            "Compare it with the newsroom's own record; replies are encrypted only to it "
            "(change it with `tipline desk pins --newsroom-recipient AGE1…`)."
        )
    else:
        _note_announced(folder, announced, mine)


def _note_announced(folder: DeskFolder, announced: object, mine: str) -> None:
    """A differing announcement is noted (a rotation, or a hostile swap) and never pinned here."""
    if announced == mine:
        pins.note_announced(folder, mine)
        return
    if not isinstance(announced, str) or not is_valid_recipient(announced):
        echo("WARNING: the server announces no valid newsroom recipient; this desk's stays pinned.", err=True)
        return
    pins.note_announced(folder, announced)
    echo(
        f"WARNING: the server announces another newsroom recipient ({announced}) than the one on this "
        f"desk ({mine}). Replies stay encrypted to this desk's; `desk reply` refuses until they agree. "
        "If the newsroom rotated its key, `desk open` with the new identity follows it; otherwise the "
        "server may be compromised.",
        err=True,
    )


@desk.command()
@desk_dir_option
def fetch(desk_dir: Path) -> None:
    """Online half: download new ciphertext and manifests, verified; never decrypts."""
    folder = _desk(desk_dir)
    _fetch(folder)


def _fetch(folder: DeskFolder) -> None:
    client = _client(folder)
    mine = pins.configured_newsroom_recipient(folder) or pins.load(folder).newsroom_recipient
    if mine is not None:  # a rotation is noticed at each fetch, not only at login
        root = client.request_json("GET", "/api/v1/")
        _note_announced(folder, root.get("newsroom_recipient") if isinstance(root, dict) else None, mine)
    result = fetch_all(client, folder, _console(stderr=True))
    echo(
        f"{result.sources} sources; downloaded {result.downloaded} files ({result.bytes} bytes), "
        f"{result.skipped} already here."
    )
    _fetch_conversation(client, folder)
    sent = send_outbox(client, folder)
    for reply_uuid in sent.sent:
        echo(f"Sent the queued reply {reply_uuid}.")
    _problems("NOT SENT (still queued)", sent.failed)
    _problems("REFUSED", result.refused)
    _problems("KEY CHANGED", result.key_changed)
    if result.failed:
        _problems("FAILED", result.failed)
        raise click.ClickException(f"{len(result.failed)} downloads failed: run fetch again to resume")
    if result.refused:
        raise click.ClickException(f"{len(result.refused)} sources refused: the server sent invalid fields")


def _fetch_conversation(client: ApiClient, folder: DeskFolder) -> None:
    """Replies and notes of every source on this desk; a failure warns, never fails the fetch."""
    # Every reply of the conversation, colleagues' too: `open` decrypts them (they are encrypted
    # to the newsroom as well as to the source).
    # A server that lists no replies (an older one) costs the conversation its replies, never the fetch.
    replies = 0
    for source in folder.known_sources():
        try:
            downloaded, failed = fetch_replies(client, folder, source)
        except DeskError as error:
            echo(f"REPLIES NOT FETCHED for {source.journalist_designation}: {error}", err=True)
            continue
        replies += downloaded
        for failure in failed:
            echo(f"REPLY NOT FETCHED: {failure} (fetch again to retry)", err=True)
    if replies:
        echo(f"Downloaded {replies} replies.")
    # The journalists' notes (each encrypted to the newsroom): `open` decrypts them. A server
    # that lists none (an older one, or a lying one) costs the conversation its notes, never the fetch.
    notes = 0
    for source in folder.known_sources():
        try:
            notes += fetch_notes(client, folder, source)
        except DeskError as error:
            echo(f"WARNING: NOTES NOT FETCHED for {source.journalist_designation}: {error}", err=True)
    if notes:
        echo(f"Downloaded {notes} notes.")


@desk.command("open")
@identity_option
@desk_dir_option
def open_(identity: tuple[Path, ...], desk_dir: Path) -> None:
    """Offline half: decrypt, restore filenames, write cleaned copies. Opens no network connection."""
    forbid_network()  # before anything is read: from here on no socket can be created
    _open(_desk(desk_dir), identity)


def _open(folder: DeskFolder, identity_files: tuple[Path, ...]) -> None:
    folder.clear_tmp()
    identities = [i for path in identity_files for i in read_identities(path)]
    followed = pins.follow_rotation(folder, identities)
    if followed is not None:
        echo(
            f"The newsroom rotated its key: your identity file holds the one the server announces, "
            f"so replies are now encrypted to {followed}."
        )
    columns = (TextColumn("[bold]opening batches"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_console(stderr=True), transient=True) as progress:
        task = progress.add_task("open", total=None)

        def on_batch(done: int, total: int) -> None:
            progress.update(task, total=total, completed=done)

        result: OpenResult = open_all(folder, identities, on_batch)
    echo(f"Opened {result.files} files in {result.batches} batches into {folder.sources}.")
    replies, not_decrypted = open_replies(folder, identities)
    if replies:
        echo(f"Decrypted {replies} replies.")
    _problems("NOT DECRYPTED", not_decrypted)
    notes, notes_not_decrypted = open_notes(folder, identities)
    if notes:
        echo(f"Decrypted {notes} notes.")
    _problems("NOT DECRYPTED", notes_not_decrypted)
    if result.skipped:
        echo(f"{result.skipped} batches were opened before.")
    _problems("Incomplete, run fetch", result.incomplete)
    _problems("NOT CLEANED", result.not_cleaned, " (see REPORT.txt beside it)")
    _problems("NOT DECRYPTED", result.not_decrypted, " (see REPORT.txt)")


@desk.command()
@identity_option
@desk_dir_option
def sync(identity: tuple[Path, ...], desk_dir: Path) -> None:
    """fetch, then open: for a workstation that holds the identity."""
    folder = _desk(desk_dir)
    _fetch(folder)
    forbid_network()  # the network part is over
    _open(folder, identity)


@desk.command("list")
@desk_dir_option
def list_(desk_dir: Path) -> None:
    """Sources on this desk, as fetched."""
    _console().print(sources_table(_desk(desk_dir)))


@desk.command()
@click.argument("source")
@click.option("--verbose", "-v", is_flag=True, help="Every tag the cleaning removed, and every note.")
@desk_dir_option
def show(source: str, verbose: bool, desk_dir: Path) -> None:
    """SOURCE's conversation: messages, files (what their cleaning removed that mattered), replies, notes.

    SOURCE: designation or uuid."""
    folder = _desk(desk_dir)
    show_source(_console(), folder, folder.find_source(source), verbose=verbose)


@desk.command()
@click.argument("source")
@click.option("--message", help="The reply text.")
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), help="Read the reply text from this file.")
@desk_dir_option
def reply(source: str, message: str | None, file_: Any, desk_dir: Path) -> None:
    """Encrypt a reply to SOURCE (designation or uuid) and the newsroom here, and upload it."""
    if (message is None) == (file_ is None):
        raise click.UsageError("give exactly one of --message and --file")
    text = message if message is not None else file_.read()
    folder = _desk(desk_dir)
    sent = send_reply(_client(folder), folder, source, text)
    echo(f"Reply {sent.uuid} sent to {sent.designation}; the server holds only its ciphertext.")


@desk.command("pins")
@click.option(
    "--newsroom-recipient", metavar="AGE1…", help="Pin this newsroom recipient (replies are encrypted to it)."
)
@click.option(
    "--forget-source",
    metavar="SOURCE",
    help="Drop SOURCE's pinned key (designation or uuid): the next fetch pins the key the server gives then.",
)
@desk_dir_option
def pins_(newsroom_recipient: str | None, forget_source: str | None, desk_dir: Path) -> None:
    """The keys replies are encrypted to, as pinned on this desk (never taken from the server at send time)."""
    folder = _desk(desk_dir)
    if newsroom_recipient is not None:
        pins.pin_newsroom(folder, newsroom_recipient)
        echo(f"Pinned the newsroom recipient {newsroom_recipient}.")
    if forget_source is not None:
        source_uuid = folder.find_source(forget_source).uuid
        forgotten = pins.forget_source(folder, source_uuid)
        echo(f"Forgot the key pinned for {forget_source}." if forgotten else f"No key was pinned for {forget_source}.")
    configured = pins.configured_newsroom_recipient(folder)
    pinned = pins.load(folder)
    if configured is not None:
        echo(f"newsroom: {configured} (desk.toml [newsroom] recipient: it wins over pins.json)")
    else:
        echo(f"newsroom: {pinned.newsroom_recipient or 'none pinned (log in, or use --newsroom-recipient)'}")
    if pinned.newsroom_announced is not None:
        echo(
            f"announced by the server, not pinned: {pinned.newsroom_announced} (`desk open` with its identity "
            "follows it; else compare it with the newsroom's record)"
        )
    designations = {s.uuid: s.journalist_designation for s in folder.known_sources()}
    for source_uuid, key in sorted(pinned.sources.items()):
        echo(f"{designations.get(source_uuid, '?')}  {source_uuid}  {key}")


@desk.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0: any free port.")
@click.option(
    "--bind",
    "bind_address",
    default="127.0.0.1",
    show_default=True,
    help="Only 127.0.0.1 is accepted (refused otherwise).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the address in the default browser.")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True, help="The default language.")
@desk_dir_option
def ui(port: int, bind_address: str, open_browser: bool, lang: str, desk_dir: Path) -> None:
    """The reading room: this desk in a local browser (127.0.0.1 only, a new secret address each run).

    Reads what `open` decrypted; runs under the offline guard (it only accepts connections on its
    own loopback socket). Replies are encrypted here to the pinned keys and kept in the outbox;
    with a login on this desk they are sent at once, else by the next `tipline desk sync`."""
    from tipline.desk.reading_room import server as reading_room  # Flask: only for this command

    folder = _desk(desk_dir)
    room = reading_room.bind(folder, bind_address, port, lang)
    sender = reading_room.start_sender(folder, room)
    echo(f"The reading room is open at\n\n  {room.url}\n\nfor this run only. Press Ctrl-C to close it.")
    reading_room.serve(room, open_browser=open_browser, sender=sender)


# Cases, claims, translation, exposure check and drafts (issue: newsroom workflow on the desk).
register_workflow(desk)
desk.add_command(doctor)
