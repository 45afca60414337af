"""What the seizure tests share: distinctive clients, the secrets a story leaves, where to look.

A seizure test plays a story against a real instance, collects every secret it saw (words sent,
codenames, passphrases, cookies, CSRF tokens, client addresses and User-Agents), then searches
the files an adversary could take with tests.factories.disk.scan.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import subprocess
import time
import urllib.parse
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp

from tests.factories.desk import Desk
from tests.factories.disk import Hit, every_path_without_atime, files_under, scan
from tests.factories.live import LiveInstance
from tests.factories.live_http import HttpResult, LiveClient

# Terminal-session recorders on shared development machines keep their own logs in /tmp; they are
# not written by anything under test, and not ours to read. pytest's own folders (pytest-of-USER)
# hold this test's folder, which the caller searches by its own rules (``outside``, ``already``),
# and the other tests' (every xdist worker's, the last runs'), where a process of this test writes
# only if given their paths, which it never is: walking those tens of thousands of files cost
# every seizure test seconds of CPU and found nothing.
FOREIGN_TMP_ENTRIES = ("bash_jobs.", "bash_tool_", "pytest-of-")
# Anything a story could write is small; other processes on a shared machine may be writing
# whole virtualenvs meanwhile: larger files in /tmp are left out to keep the search bounded.
MAX_TMP_FILE = 4 * 1024**2
SHARED_TMP = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))

_CSRF_TOKENS = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

Secrets = dict[str, bytes | str]


def loopback_address() -> str:
    """A fresh 127.x.y.z whose octets all have three digits: unique to this run (no other test
    can have written it) and never a prefix of another such address."""
    return "127." + ".".join(str(100 + secrets.randbelow(155)) for _ in range(3))


def distinctive_agent(kind: str) -> str:
    return f"Mozilla/5.0 (X11; Linux x86_64) {kind}Probe/{secrets.token_hex(8)}"


@dataclass
class RecordingClient(LiveClient):
    """A LiveClient that remembers every cookie value it was given and every CSRF token it saw."""

    cookie_values: list[str] = field(default_factory=list)
    csrf_tokens: list[str] = field(default_factory=list)

    def remember(self, reply: HttpResult) -> None:
        super().remember(reply)
        for cookie in reply.set_cookies():
            value = cookie.partition(";")[0].partition("=")[2].strip()
            if value and value not in self.cookie_values:
                self.cookie_values.append(value)
        if "html" in (reply.header("Content-Type") or ""):
            for token in _CSRF_TOKENS.findall(reply.text):
                if token not in self.csrf_tokens:
                    self.csrf_tokens.append(token)

    def traces(self, who: str) -> Secrets:
        """The client's address, its User-Agent (and the random part of it), its cookies and tokens."""
        found: Secrets = {
            f"{who}'s client address": self.source_address,
            f"{who}'s User-Agent": self.user_agent,
            f"{who}'s User-Agent (random part)": self.user_agent.rsplit("/", 1)[-1],
        }
        # A hashed address or agent is no anonymisation (the space is small): raw digest, hex or base64.
        for algorithm in ("md5", "sha1", "sha256"):
            for what, text in (("client address", self.source_address), ("User-Agent", self.user_agent)):
                found[f"{who}'s {what} ({algorithm})"] = hashlib.new(algorithm, text.encode()).digest()
        for index, value in enumerate(self.cookie_values):
            found |= cookie_secrets(f"{who}'s cookie #{index}", value)
        for index, token in enumerate(self.csrf_tokens):
            found |= csrf_secrets(f"{who}'s CSRF token #{index}", token)
        return found


def cookie_secrets(name: str, value: str) -> Secrets:
    """A session cookie is ``<session id>.<key>`` (tipline.web.common.web_sessions): each half alone is a secret."""
    found: Secrets = {name: value}
    sid, _, key = value.partition(".")
    if key:
        found |= {f"{name} (session id)": sid, f"{name} (key)": key}
    return found


def csrf_secrets(name: str, token: str) -> Secrets:
    """A Flask-WTF token signs a raw token that lives (encrypted) in the session: search both."""
    found: Secrets = {name: token}
    payload = token.split(".", 1)[0]
    try:
        raw = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):
        return found
    if isinstance(raw, str):
        found[f"{name} (raw)"] = raw
    return found


def journalist_secrets(who: str, credentials: Mapping[str, Any]) -> Secrets:
    return {
        f"{who}'s passphrase": str(credentials["passphrase"]),
        f"{who}'s TOTP secret": str(credentials["totp_secret"]),
    }


def one_time_code(credentials: Mapping[str, Any]) -> str:
    return pyotp.TOTP(str(credentials["totp_secret"])).now()


def without(found: Secrets, *fragments: str) -> Secrets:
    """``found`` less every secret whose name contains one of ``fragments``."""
    return {name: value for name, value in found.items() if not any(f in name for f in fragments)}


# --- the server's side ---


def newsroom_identity(instance: LiveInstance) -> str:
    lines = (instance.data_dir / "newsroom-identity.txt").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))


def api_client(instance: LiveInstance, username: str, credentials: Mapping[str, Any]) -> LiveClient:
    """A journalist's API client with a fresh token (journalist port, ordinary loopback address)."""
    client = LiveClient(instance.journalist_url, user_agent="tipline-desk")
    body = {"username": username, "passphrase": credentials["passphrase"], "one_time_code": one_time_code(credentials)}
    reply = client.post("/api/v1/token", json.dumps(body).encode(), "application/json")
    assert 200 == reply.status, reply.text
    client.extra_headers["Authorization"] = f"Token {json.loads(reply.body)['token']}"
    return client


def api_get(client: LiveClient, path: str) -> Any:
    """JSON for API objects, bytes for downloads."""
    reply = client.get(path)
    assert 200 == reply.status, reply.text
    return json.loads(reply.body) if reply.header("Content-Type") == "application/json" else reply.body


def assert_searched_everything(
    paths: Iterable[Path], instance: LiveInstance, stored_value: str, *, blobs: int = 4
) -> None:
    """The search reaches the config, the output and every blob (by default: message, file, manifest, reply),
    and, on SQLite, the database and its WAL, where it finds what is meant to be stored:
    ``stored_value``. (A PostgreSQL instance's database is searched through pg_dump instead.)"""
    paths = list(paths)
    names = {path.name for path in paths}
    assert {"tipline.toml", instance.output_path.name} <= names
    assert blobs <= len([path for path in paths if path.parent.parent == instance.data_dir / "store"])
    if "TIPLINE_DATABASE_URL" in instance.env:
        return
    assert {"tipline.sqlite", "tipline.sqlite-wal"} <= names
    found_in = {hit.path.name for hit in scan(paths, {"stored value": stored_value})}
    assert found_in & {"tipline.sqlite", "tipline.sqlite-wal"}, found_in


# --- the machine around it ---


def named_after(paths: Iterable[Path], root: Path, wanted: Secrets) -> list[Hit]:
    """Secrets (text ones, as typed or URL-encoded) in the names of ``paths`` below ``root``: a
    file can give away a filename or a codename by what it is called as well as by what it holds."""
    hits = []
    for path in paths:
        name = str(path.relative_to(root))
        for secret_name, secret in wanted.items():
            if not isinstance(secret, str):
                continue
            for form, text in (("as typed", secret), ("url-encoded", urllib.parse.quote(secret))):
                if text in name:
                    hits.append(Hit(secret_name, f"{form}, in the name", path, -1))
                    break
    return hits


def new_files_in_tmp(since: float, already: Collection[Path] = (), outside: Iterable[Path] = ()) -> list[Path]:
    """Files in the machine's shared temporary folders (/tmp, /var/tmp, /dev/shm) changed since
    ``since`` — a backstop for a process that ignores its TMPDIR — other than ``already`` and
    anything under ``outside`` (searched by other rules)."""
    excluded = [folder.resolve() for folder in outside]
    kept: set[Path] = set()
    for shared in SHARED_TMP:
        if shared.is_dir():
            candidates = files_under(shared, changed_since=since, skip=FOREIGN_TMP_ENTRIES, max_size=MAX_TMP_FILE)
            kept |= {p for p in candidates if not any(p.resolve().is_relative_to(folder) for folder in excluded)}
    return sorted(kept - set(already))


@dataclass
class ProcessOutputs:
    """Each process's stdout and stderr kept as files, so they are searched like any other file."""

    folder: Path
    count: int = 0

    def keep(self, name: str, result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        stem = f"{self.count:02d}-{name}"
        (self.folder / f"{stem}.stdout").write_text(result.stdout or "", encoding="utf-8")
        (self.folder / f"{stem}.stderr").write_text(result.stderr or "", encoding="utf-8")
        return result

    def streams(self, kind: str, prefix: str = "") -> list[Path]:
        """Every kept ``stdout`` or ``stderr``, of the processes whose name starts with ``prefix``."""
        return sorted(p for p in self.folder.glob(f"*.{kind}") if p.stem.split("-", 1)[1].startswith(prefix))


@dataclass
class WatchedDesk(Desk):
    """The desk with every XDG folder pointed into the test too, its outputs kept; each command its
    own process, since what the process leaves behind on the disk is what the seizure test searches."""

    outputs: ProcessOutputs | None = None
    in_process: bool = False

    @property
    def xdg(self) -> Path:
        return self.root / "xdg"

    def env(self) -> dict[str, str]:
        env = super().env()
        for name in ("cache", "config", "data", "state", "runtime"):
            folder = self.xdg / name
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            env[f"XDG_{name.upper()}_{'DIR' if name == 'runtime' else 'HOME'}"] = str(folder)
        return env

    def run(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = super().run(*args, check=check, timeout=timeout)
        if self.outputs is not None:
            self.outputs.keep(f"desk-{args[0]}", result)
        return result


def report(found: Mapping[str, list[Hit]], what: str = "what identifies the source") -> str:
    lines = [f"{moment}: {hit}" for moment, hits in found.items() for hit in hits]
    return f"the seized machines hold {what}:\n  " + "\n  ".join(lines)


# --- times: what a seized disk says about *when* ---


@dataclass(frozen=True)
class FineTime:
    path: Path
    what: str  # "mtime", "atime" or "ctime"
    value: float

    def __str__(self) -> str:
        return f"{self.path}: {self.what} {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(self.value))} UTC"


def times_finer_than_a_day(root: Path, *, skip: Collection[Path] = ()) -> list[FineTime]:
    """Every mtime and atime under ``root`` (``root`` included) that is not a UTC midnight."""
    found = []
    for path in every_path_without_atime(root):
        if path in skip:
            continue
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        for what, value in (("mtime", info.st_mtime_ns), ("atime", info.st_atime_ns)):
            if value % (86_400 * 1_000_000_000):
                found.append(FineTime(path, what, value / 1e9))
    return found


def ctimes_outside(root: Path, earliest: float, latest: float, *, skip: Collection[Path] = ()) -> list[FineTime]:
    """Every ctime under ``root`` before ``earliest`` or after ``latest`` (a restamp run's span)."""
    found = []
    for path in every_path_without_atime(root):
        if path in skip:
            continue
        try:
            ctime = os.lstat(path).st_ctime
        except FileNotFoundError:
            continue
        if not earliest <= ctime <= latest:
            found.append(FineTime(path, "ctime", ctime))
    return found


def near(times: Iterable[FineTime], moments: Iterable[float], minutes: float = 10) -> list[FineTime]:
    """The times within ``minutes`` of any of ``moments`` (the source's actions)."""
    marks = list(moments)
    return [t for t in times if any(abs(t.value - moment) <= minutes * 60 for moment in marks)]
