"""The seizure test across everything: both interfaces, the desk, the database, every output.

One full story runs against a real `tipline serve`, on SQLite and on PostgreSQL:

- an admin, created with `tipline journalist add`, adds the team in the browser (its own address
  and agent) and deactivates one of them;
- a source (its own loopback address and User-Agent) creates an account, has a first attempt
  refused, sends a message, a questionnaire answer and a PDF with a distinctive name, logs out;
- a journalist uses the web interface (its own address and agent): mistypes the passphrase, logs
  in with passphrase and TOTP, downloads the ciphertext, replies, stars, sets status and labels,
  writes a note, logs out;
- a third journalist uses the desk: `login` (API token), `fetch`, `open` (mat2 in bubblewrap),
  `show`, `reply`, with HOME, every XDG folder and TMPDIR pointed at test folders;
- the source mistypes the codename, logs back in, reads both replies and deletes one; two months
  later (the rows are backdated) `tipline retention run` deletes the other; `tipline check` runs.

Then what an adversary could take is searched for every secret of the story, in raw, UTF-16, hex,
base64 and URL-encoded forms: the data folder (database, WAL, config, store, server TMPDIR, HOME),
a `pg_dump` of the PostgreSQL database and the server's own files changed meanwhile, the desk's
HOME, XDG folders and TMPDIR, new files in /tmp, and the output of every process.

What may legitimately be where (everything else must be absent):

- the desk folder holds the source's material in plaintext (that is its purpose) and the API
  token; never a codename, a passphrase, a TOTP secret, a cookie, a CSRF token, or any client
  address or User-Agent (the server never had those to give); nor the note, as the desk does not
  fetch notes today (should it learn to, the note joins the material);
- the desk's stdout is the journalist's own screen: it may show the source's words, file name and
  the replies (`desk show` lists files), never anything else; its stderr (progress, warnings,
  often redirected to a log) holds nothing at all;
- `tipline journalist add` prints the new journalist's passphrase and TOTP secret on the
  operator's screen, as it must, and nothing else (the admin page shows the others' once, to the
  admin: what the admin's browser keeps is out of scope, like the source's phone here).

The server, the database included, keeps nothing of the story in plaintext: not even the TOTP
secrets it needs to check codes, which are sealed under a key from `tipline.toml`
(crypto/totp_at_rest.py); everything else of a journalist is hashed.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import psycopg
import pytest
from sqlalchemy import create_engine, update

from tests.factories.desk import needs_scrubbers
from tests.factories.disk import Hit, files_under, scan
from tests.factories.forms import csrf_token
from tests.factories.journalists import code_of
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, create_account, log_in, lookup_token, multipart, urlencoded
from tests.factories.postgres import ADMIN_URL, fresh_database, live_environment
from tests.factories.seizure import (
    ProcessOutputs,
    RecordingClient,
    Secrets,
    WatchedDesk,
    assert_searched_everything,
    distinctive_agent,
    journalist_secrets,
    loopback_address,
    named_after,
    new_files_in_tmp,
    newsroom_identity,
    one_time_code,
    report,
    without,
)
from tipline.config import load_settings
from tipline.crypto.age import decrypt_bytes
from tipline.crypto.keys import Argon2Cost, derive_source_keys
from tipline.crypto.padding import unpad
from tipline.db import today
from tipline.desk.workflow.material import NOT_MATERIAL_DIRS
from tipline.sources.codenames import codename_scheme
from tipline.submissions.models import Batch, Reply, Submission

pytestmark = [pytest.mark.slow, needs_scrubbers]

RETENTION = {"submission_retention_days": 90, "reply_retention_days": 30, "source_retention_days": 365}
POSTGRES_DATA = Path("/var/lib/postgresql")
POSTGRES_LOGS = Path("/var/log/postgresql")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def started() -> float:
    """When the test began (before anything starts): files changed since are searched."""
    return time.time() - 1


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, started: float) -> Iterator[str | None]:
    """None: the embedded SQLite database in the data folder."""
    if request.param == "sqlite":
        yield None
        return
    with fresh_database() as url:
        yield url


@pytest.fixture
def instance(database_url: str | None, tmp_path: Path) -> Iterator[LiveInstance]:
    environment = live_environment(database_url) if database_url else {}
    live = serve(prepare_instance(tmp_path / "live", settings_overrides=RETENTION, extra_env=environment))
    yield live
    live.stop()


def ledger_pdf(text: str, author: str, padding: bytes) -> bytes:
    """A real PDF drawing ``text``, naming ``author``, carrying ``padding`` in a private stream
    (random bytes, so that what is searched for cannot turn up anywhere by chance)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(400, 200))
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
    pdf.Root.TiplinePadding = pdf.make_stream(padding)
    pdf.docinfo["/Author"] = author
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def form_post(client: RecordingClient, path: str, fields: dict[str, str], expected: int = 302) -> str:
    body, content_type = urlencoded(fields)
    answer = client.post(path, body, content_type)
    assert expected == answer.status, f"{path}: {answer.status} {answer.text[:500]}"
    return answer.text


def web_login(
    client: RecordingClient, username: str, credentials: dict[str, str], *, mistyped: str | None = None
) -> None:
    """Log in; first with the ``mistyped`` passphrase, refused, when given."""
    for passphrase, expected in ((mistyped, 401), (credentials["passphrase"], 302)):
        if passphrase is None:
            continue
        page = client.get("/login")
        fields = {
            "csrf_token": csrf_token(page.text),
            "username": username,
            "passphrase": passphrase,
            "one_time_code": one_time_code(credentials),
        }
        form_post(client, "/login", fields, expected)


def shown_credentials(page: str) -> dict[str, str]:
    """The new journalist's passphrase and TOTP secret, as the admin page shows them once."""
    (passphrase,) = re.findall(r'<dd class="secret passphrase">([^<]+)</dd>', page)
    (totp_secret,) = re.findall(r'<dd class="secret totp">([^<]+)</dd>', page)
    return {"passphrase": passphrase, "totp_secret": totp_secret}


def web_logout(client: RecordingClient, page: str) -> None:
    form_post(client, "/logout", {"csrf_token": csrf_token(page)})
    assert 302 == client.get("/").status  # logged out: sent to the login page


def test_after_a_full_story_no_seized_machine_holds_a_secret(
    instance: LiveInstance, database_url: str | None, started: float, tmp_path: Path
) -> None:
    outputs = ProcessOutputs(tmp_path / "outputs")
    marker = secrets.token_hex(12)
    message = f"The border guard at post {marker} takes bribes. 국경 경비대 {marker}"
    file_marker, author = secrets.token_hex(12), f"Informant {secrets.token_hex(6)}"
    padding = os.urandom(600 * 1024)  # more than Werkzeug reads at once: the upload really streams
    content = ledger_pdf(f"Ledger {file_marker}", author, padding)
    filename = f"평양-ledger-{secrets.token_hex(8)}.pdf"
    web_reply = f"We read it. Meet us at {secrets.token_hex(12)}."
    desk_reply = f"From the desk: {secrets.token_hex(12)} 서울에서 연락 주세요."
    note = f"Private note: the guard's post is {secrets.token_hex(12)}."
    draft = f"A first draft, refused: {secrets.token_hex(12)}"
    where = f"함경북도 어느 군 {secrets.token_hex(12)}"  # the questionnaire's "where", answered
    mistyped_passphrase = f"mistyped {secrets.token_hex(10)}"

    # The operator creates the first admin; the admin adds the team in the browser.
    added = outputs.keep(
        "journalist-add-editor", instance.cli("journalist", "add", "editor", "--json", "--admin", process=True)
    )
    credentials = {"editor": json.loads(added.stdout)}
    admin = RecordingClient(instance.journalist_url, loopback_address(), distinctive_agent("Admin"))
    web_login(admin, "editor", credentials["editor"])
    team = admin.get("/admin/").text
    for username in ("reporter", "desker", "intern"):
        team = form_post(admin, "/admin/journalists", {"csrf_token": csrf_token(team), "username": username}, 201)
        credentials[username] = shown_credentials(team)
        # The new account logs in only once its first code is entered (read off the phone beside the admin).
        (confirm,) = re.findall(rf'action="(/admin/journalists/{_UUID}/confirm-2fa)"', team)
        first_code = code_of(credentials[username]["totp_secret"], step_offset=-1)
        form_post(admin, confirm, {"csrf_token": csrf_token(team), "one_time_code": first_code})
        team = admin.get("/admin/").text
    (intern_row,) = [row for row in team.split("<tr>") if "<td>intern</td>" in row]
    (deactivate,) = re.findall(rf'action="(/admin/journalists/{_UUID}/deactivate)"', intern_row)
    form_post(admin, deactivate, {"csrf_token": csrf_token(team)})
    web_logout(admin, admin.get("/admin/").text)

    # A source creates an account and sends a message and a file, then logs out.
    source = RecordingClient(instance.source_url, loopback_address(), distinctive_agent("Source"))
    probe = source.connect()
    probe.connect()
    assert source.source_address == probe.sock.getsockname()[0]  # the server really sees this address
    probe.close()
    codename = create_account(source)
    mistyped_codename = codename.rsplit(" ", 1)[0] + " " + secrets.token_hex(6)
    # A first attempt is refused (a stale CSRF token): what it carried must not linger either.
    refused, refused_type = multipart([("csrf_token", "stale"), ("message", draft)])
    assert 400 == source.post("/submit", refused, refused_type).status
    lookup = source.get("/lookup").text
    key = re.search(r'name="questionnaire" value="([0-9a-f]+)"', lookup)
    assert key is not None
    body, content_type = multipart(
        [("csrf_token", csrf_token(lookup)), ("message", message), ("questionnaire", key[1]), ("answer-2", where)],
        [FilePart("files", filename, content, "application/pdf")],
    )
    assert 302 == source.post("/submit", body, content_type).status
    form_post(source, "/logout", {"csrf_token": lookup_token(source)}, expected=200)

    # A journalist works in the browser: opens the source, downloads, replies, sorts, notes.
    web = RecordingClient(instance.journalist_url, loopback_address(), distinctive_agent("Newsroom"))
    web_login(web, "reporter", credentials["reporter"], mistyped=mistyped_passphrase)
    (source_uuid,) = set(re.findall(rf"/sources/({_UUID})", web.get("/").text))
    page = web.get(f"/sources/{source_uuid}").text
    identity = newsroom_identity(instance)
    plaintexts = []
    for submission in sorted(set(re.findall(rf"/submissions/({_UUID})/download", page))):
        answer = web.get(f"/sources/{source_uuid}/submissions/{submission}/download")
        assert 200 == answer.status
        plaintexts.append(unpad(decrypt_bytes(answer.body, [identity])))
    assert sorted([message.encode(), content]) == sorted(plaintexts)  # it all reached the server
    token = csrf_token(page)
    form_post(web, f"/sources/{source_uuid}/reply", {"csrf_token": token, "message": web_reply})
    form_post(web, f"/sources/{source_uuid}/star", {"csrf_token": token, "starred": "yes"})
    statuses = re.findall(r'<option value="([^"]+)"', page.split('<select name="status">', 1)[1].split("</select>")[0])
    case = {"csrf_token": token, "status": statuses[-1], "labels": "border, bribery", "assignee": ""}
    form_post(web, f"/sources/{source_uuid}/case", case)
    form_post(web, f"/sources/{source_uuid}/note", {"csrf_token": token, "note": note})
    page = web.get(f"/sources/{source_uuid}").text
    done = (
        "Reply encrypted and stored.", "Case updated.", "Note encrypted and added.",
        "Unstar", "bribery", f'value="{statuses[-1]}" selected',
    )  # fmt: skip
    assert done == tuple(text for text in done if text in page)
    web_logout(web, page)

    # Another journalist uses the desk: fetch, open and clean, reply.
    hands = tmp_path / "hands"  # what the journalist types: not written by anything under test
    hands.mkdir()
    (hands / "passphrase").write_text(credentials["desker"]["passphrase"] + "\n", encoding="utf-8")
    desk = WatchedDesk(tmp_path / "workstation", outputs=outputs)
    desk.run(
        "login", "--server", instance.journalist_url, "--username", "desker",
        "--passphrase-file", str(hands / "passphrase"), "--code", one_time_code(credentials["desker"]),
    )  # fmt: skip
    api_token = json.loads((desk.dir / "desk.json").read_text(encoding="utf-8"))["token"]
    desk.run("fetch")
    desk.run("open", "--identity", str(instance.data_dir / "newsroom-identity.txt"))
    (designation_folder,) = (desk.dir / "sources").iterdir()
    (batch,) = (p for p in designation_folder.iterdir() if p.is_dir() and p.name not in NOT_MATERIAL_DIRS)
    assert message == (batch / "message.txt").read_text(encoding="utf-8")
    assert f"\n   {where}\n" in (batch / "answers.txt").read_text(encoding="utf-8")
    assert content == (batch / filename).read_bytes()
    (opened,) = desk.report(designation_folder)
    assert ["cleaned", "plain text"] == sorted(entry["status"] for entry in opened["files"])
    designation = designation_folder.name
    assert web_reply in desk.run("show", designation).stdout  # the web reply, decrypted on the desk
    desk.run("reply", designation, "--message", desk_reply)
    source_key = json.loads(next((desk.dir / "inbox").glob("*/source.json")).read_text(encoding="utf-8"))["key"]

    # The source comes back, with the codename typed loosely, reads both replies, deletes one.
    typed = "  " + codename.upper().replace(" ", "   ") + " "
    assert 401 == log_in(source, mistyped_codename).status
    assert 302 == log_in(source, typed).status
    page = source.get("/lookup").text
    assert (web_reply, desk_reply) == tuple(text for text in (web_reply, desk_reply) if text in page)
    first, _second = re.findall(rf"/replies/({_UUID})/delete", page)
    form_post(source, f"/replies/{first}/delete", {"csrf_token": lookup_token(source)})
    page = source.get("/lookup").text
    assert 1 == sum(text in page for text in (web_reply, desk_reply))
    form_post(source, "/logout", {"csrf_token": csrf_token(page)}, expected=200)

    # Two months pass: retention deletes the other reply (the batch is kept for 90 days).
    backdate(instance, days=60)
    retained = outputs.keep("retention-run", instance.cli("retention", "run", check=False, process=True))
    summary = "retention deleted: 0 source(s), 0 batch(es) with 0 submission(s), 1 reply(ies), 1 blob(s)"
    assert (0, summary) == (retained.returncode, retained.stdout.splitlines()[-1])
    assert 0 == outputs.keep("check", instance.cli("check", check=False, process=True)).returncode

    # The source's identity is derived from the codename: it must exist nowhere but in sessions' ciphertext.
    settings = load_settings(instance.data_dir, environ={})
    kdf = settings.codename_kdf
    keys = derive_source_keys(
        codename_scheme(settings.codename_words, settings.default_locale).normalise(codename),
        bytes.fromhex(settings.codename_salt),
        Argon2Cost(kdf.time_cost, kdf.memory_kib, kdf.parallelism),
    )
    assert source_key == keys.recipient

    material: Secrets = {
        "message": message,
        "message marker": marker,
        "file bytes (padding start)": padding[:64],
        "file bytes (padding middle)": padding[300_000:300_064],
        "file text marker": file_marker,
        "file author": author,
        "filename": filename,
        "filename (random part)": filename.rsplit("-", 1)[-1].removesuffix(".pdf"),
        "web reply": web_reply,
        "desk reply": desk_reply,
        "desk reply (random part)": desk_reply.split()[3],
        "refused draft": draft,
        "questionnaire answer": where,
        "questionnaire answer (random part)": where.rsplit(maxsplit=1)[-1],
        # Journalists' notes are read on the desk (issue 15): material there, ciphertext elsewhere.
        "note": note,
    }
    source_secrets: Secrets = {
        "codename": codename,
        "codename as typed": typed.strip(),
        "codename mistyped": mistyped_codename,
        "source identity": keys.identity,
        "source identity (lowercase)": keys.identity.lower(),
    }
    credentials_seen: Secrets = {"API token": api_token, "mistyped passphrase": mistyped_passphrase}
    for username, given in credentials.items():
        credentials_seen |= journalist_secrets(username, given)
    traces = source.traces("source") | web.traces("journalist") | admin.traces("admin")
    everything = material | source_secrets | credentials_seen | traces
    # A "random part" must be the random part: a fixed word of the text would match any other
    # run's files on this machine (it once picked "desk:").
    assert all(len(value) >= 8 for name, value in everything.items() if "random part" in name)
    # Not a vacuous search: every client was given cookies and CSRF tokens.
    assert all(client.cookie_values and client.csrf_tokens for client in (source, web, admin))
    on_the_desk = without(everything, *material, "API token")
    on_the_screen = without(everything, *material)

    # Seized while running (database WAL and all), then again once stopped.
    server = tmp_path / "live"
    running = sorted(files_under(server))
    # Blobs: the message, the file and the manifest (one reply deleted by the source, one by retention).
    assert_searched_everything(running, instance, stored_value=source_key, blobs=3)
    found: dict[str, list[Hit]] = {"server, running": scan(running, everything)}
    instance.stop()
    found["server, stopped"] = scan(sorted(files_under(server)), everything)
    found["server, names"] = named_after(server.rglob("*"), server, everything)
    if database_url is not None:
        found |= search_postgres(database_url, tmp_path / "postgres", started, everything, source_key)

    # The desk: nothing outside its folder (HOME, XDG folders, TMPDIR); inside, only the material
    # and the API token.
    outside = [p for p in files_under(desk.root) if not p.is_relative_to(desk.dir)]
    assert any(p.is_relative_to(desk.dir) for p in files_under(desk.root))
    assert [] == sorted(files_under(desk.outside_tmp))
    found["desk, outside its folder"] = scan(outside, everything)
    found["desk folder"] = scan(sorted(files_under(desk.dir)), on_the_desk)
    names = list(desk.root.rglob("*"))
    found["desk, names outside its folder"] = named_after(
        [p for p in names if not p.is_relative_to(desk.dir)], desk.root, everything
    )
    found["desk folder, names"] = named_after([p for p in names if p.is_relative_to(desk.dir)], desk.root, on_the_desk)

    # Every process's output.
    found["stderr of every process"] = scan(outputs.streams("stderr"), everything)
    found["desk's stdout"] = scan(outputs.streams("stdout", "desk-"), on_the_screen)
    housekeeping = outputs.streams("stdout", "check") + outputs.streams("stdout", "retention")
    found["tipline check, retention"] = scan(housekeeping, everything)
    # `journalist add` shows the operator the new admin's passphrase and TOTP secret, nothing else.
    shown_to_operator = without(everything, "editor's passphrase", "editor's TOTP secret")
    found["journalist add"] = scan(outputs.streams("stdout", "journalist-add"), shown_to_operator)
    assert 1 + 5 + 2 == len(outputs.streams("stderr"))  # journalist add, desk ×5, retention, check

    # Elsewhere in /tmp, /var/tmp and /dev/shm, the forms a careless write would take: the text
    # itself, UTF-8 or UTF-16.
    elsewhere = new_files_in_tmp(started, outside=[tmp_path])
    found["new files in /tmp"] = scan(elsewhere, everything, forms=("bytes", "utf-16-le"))
    found["new files in /tmp, names"] = named_after(elsewhere, Path("/"), everything)

    assert {} == {where: hits for where, hits in found.items() if hits}, report(found, "secrets of the story")


def backdate(instance: LiveInstance, days: int) -> None:
    """Move every batch, submission and reply of the story ``days`` into the past."""
    engine = create_engine(load_settings(instance.data_dir, environ=instance.env).effective_database_url)
    day = today() - datetime.timedelta(days=days)
    try:
        with engine.begin() as connection:
            connection.execute(update(Batch).values(received_on=day))
            connection.execute(update(Submission).values(received_on=day))
            connection.execute(update(Reply).values(sent_on=day))
    finally:
        engine.dispose()


def search_postgres(url: str, folder: Path, since: float, wanted: Secrets, stored_value: str) -> dict[str, list[Hit]]:
    """A plain-SQL pg_dump of the test's database; and, where this user may read them, the
    server's own files changed since the test began (after a checkpoint, so that they hold what
    was committed): this database's folder, the WAL, the shared catalogue and the server's log."""
    folder.mkdir()
    plain_url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    dump = folder / "dump.sql"
    subprocess.run(["pg_dump", "--no-owner", "--file", str(dump), plain_url], check=True, timeout=60)
    assert stored_value in dump.read_text(encoding="utf-8")  # the dump holds the data
    found = {"pg_dump": scan([dump], wanted)}
    with psycopg.connect(plain_url, autocommit=True) as connection:
        oid = connection.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()
        try:
            setting = connection.execute("SHOW data_directory").fetchone()
        except psycopg.errors.InsufficientPrivilege:
            return found  # not a superuser here: the dump alone
    assert oid is not None
    assert setting is not None
    root = Path(setting[0])
    if not (root.is_relative_to(POSTGRES_DATA) and os.access(root / "base", os.R_OK | os.X_OK)):
        return found  # a server elsewhere, or files we may not read: the dump alone
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute("CHECKPOINT")  # what was committed reaches the files (we may read them: we are root)
    database_files = sorted(files_under(root / "base" / str(oid[0]), changed_since=since))
    # The database's heap files hold the rows (proof the search reaches them).
    assert scan(database_files, {"stored value": stored_value}, forms=("bytes",))
    server_files = database_files + [
        path
        for top in (root / "pg_wal", root / "global", POSTGRES_LOGS)
        for path in files_under(top, changed_since=since)
    ]
    # PostgreSQL keeps text as UTF-8: the raw bytes are the form to look for in its own files.
    found["PostgreSQL's files"] = scan(server_files, wanted, forms=("bytes",))
    return found
