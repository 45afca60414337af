"""The desk folder: where everything the desk writes lives, and how it is laid out.

<desk>/                       mode 0700
  desk.json                   server URL, username, API token (0600)
  pins.json                   keys replies are encrypted to (tipline.desk.pins)
  tmp/                        TMPDIR for the desk and every program it runs
  inbox/<source uuid>/        what `fetch` downloaded: ciphertext only
    source.json               the source and its submissions as the server listed them
    replies.json              replies sent from this desk (metadata)
    server-notes.json, notes/<note uuid>.age   the journalists' notes (tipline.desk.notes_store)
    <batch uuid>/manifest.age
    <batch uuid>/<submission uuid>.age   (.part while downloading)
  sources/<designation>/      what `open` decrypted: plaintext
    <day>_<batch uuid>/       one press of Send: originals, *.cleaned.* copies,
                              report.json and REPORT.txt
    replies/<reply uuid>.txt  replies sent from this desk
    notes/<note uuid>.txt     the journalists' notes, decrypted
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipline.desk.errors import DeskError, UntrustedValue
from tipline.desk.kept import KeptSource, source_from_file
from tipline.desk.untrusted import inside

__all__ = [
    "DeskError", "DeskFolder", "Login", "canonical_uuid", "own_temporary_folder", "read_json", "write_json",
    "write_private",
]  # fmt: skip

DEFAULT_DESK_DIR = Path("~/.local/share/tipline-desk")


def canonical_uuid(value: object) -> str:
    """Server-supplied ids become path components: accept only real UUIDs (a hostile server
    could otherwise send "../../.bashrc")."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise DeskError(f"the server sent an invalid id: {str(value)[:80]!r}") from None


def write_private(path: Path, data: bytes) -> None:
    """Write atomically with mode 0600 (token, indexes)."""
    part = path.with_name(path.name + ".tmp")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(part, path)


def write_json(path: Path, body: Any) -> None:
    write_private(path, json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Login:
    server: str
    username: str
    token: str
    expiration: str


@contextmanager
def own_temporary_folder() -> Iterator[None]:
    """Run a desk command inside a longer-lived process: `DeskFolder.at` points the process's
    temporary folder (TMPDIR and tempfile's) into the desk for the rest of the command's process;
    the caller gets its own back when the command returns."""
    environ, tempdir = os.environ.get("TMPDIR"), tempfile.tempdir
    try:
        yield
    finally:
        tempfile.tempdir = tempdir
        if environ is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = environ


@dataclass(frozen=True)
class DeskFolder:
    root: Path

    @classmethod
    def at(cls, path: Path) -> DeskFolder:
        """Create (0700) and adopt the folder; point TMPDIR into it so that no library or
        program the desk runs leaves plaintext in /tmp."""
        root = path.expanduser().absolute()
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(root, 0o700)
        desk = cls(root)
        for folder in (desk.tmp, desk.inbox, desk.sources):
            folder.mkdir(exist_ok=True, mode=0o700)
        os.environ["TMPDIR"] = str(desk.tmp)
        tempfile.tempdir = str(desk.tmp)
        return desk

    def clear_tmp(self) -> None:
        """Remove what an interrupted run left in tmp/ (it may be plaintext)."""
        for leftover in self.tmp.iterdir():
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def login_path(self) -> Path:
        return self.root / "desk.json"

    def inside(self, path: Path) -> Path:
        """``path`` resolved, if it lies inside the desk folder; else OutsideDeskFolder."""
        return inside(self.root, path)

    def save_login(self, login: Login) -> None:
        write_json(self.inside(self.login_path), login.__dict__)

    def login(self) -> Login:
        try:
            body = read_json(self.login_path)
            return Login(**{key: str(body[key]) for key in ("server", "username", "token", "expiration")})
        except FileNotFoundError:
            raise DeskError("not logged in: run `tipline desk login --server URL --username NAME`") from None
        except (KeyError, ValueError, TypeError):
            raise DeskError(f"{self.login_path} is damaged: log in again") from None

    def source_inbox(self, source_uuid: str) -> Path:
        return self.inbox / canonical_uuid(source_uuid)

    def batch_inbox(self, source_uuid: str, batch_uuid: str) -> Path:
        return self.source_inbox(source_uuid) / canonical_uuid(batch_uuid)

    def known_sources(self) -> list[KeptSource]:
        """Every source.json that fetch wrote, newest activity first. A file that does not parse
        is passed over (a fetch cut off); one that lies (a hostile day, an id that climbs out) is
        refused, naming the file (T9)."""
        found = []
        for path in sorted(self.inbox.glob("*/source.json")):
            try:
                raw = read_json(path)
            except (OSError, ValueError):
                continue
            try:
                found.append(source_from_file(raw))
            except UntrustedValue as error:
                raise UntrustedValue(f"{path.parent.name}/source.json: {error}") from None
        return sorted(found, key=lambda s: s.last_updated or datetime.date.min, reverse=True)

    def find_source(self, wanted: str) -> KeptSource:
        """SOURCE given as a designation or a uuid."""
        for source in self.known_sources():
            if wanted in (source.uuid, source.journalist_designation):
                return source
        raise DeskError(f"no source {wanted!r} on this desk: run `tipline desk fetch` first")

    def replies_of(self, source_uuid: str) -> list[dict[str, Any]]:
        path = self.source_inbox(source_uuid) / "replies.json"
        if not path.exists():
            return []
        replies: list[dict[str, Any]] = read_json(path)
        return replies

    def record_reply(self, source_uuid: str, reply: dict[str, Any]) -> None:
        folder = self.inside(self.source_inbox(source_uuid))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_json(folder / "replies.json", [*self.replies_of(source_uuid), reply])
