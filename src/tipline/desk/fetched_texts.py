"""Offline: the texts of a conversation that fetch kept as ciphertext (colleagues' replies,
journalists' notes), decrypted beside the source's material. One kind of text is one
:class:`FetchedTexts`, so that where each is kept, how the kept list is checked again, how padding
is stripped and how a failure is reported cannot drift apart between notes and replies::

  inbox/<source uuid>/<server_file>            the server's list as fetch checked and kept it
  inbox/<source uuid>/<folder>/<uuid>.age      the ciphertext
  sources/<designation>/<folder>/<uuid>.txt    the text, decrypted
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tipline.crypto.age import DecryptionError, decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.desk.errors import UntrustedValue
from tipline.desk.kept import KeptSource
from tipline.desk.opener import source_folder
from tipline.desk.store import DeskFolder, read_json
from tipline.desk.untrusted import checked_text, checked_uuid


def checked_authored(raw: Any, kind: str) -> dict[str, Any]:
    """What every kept text has, checked: its uuid and its author ("" when the account is gone)."""
    if not isinstance(raw, dict):
        raise UntrustedValue(f"the server sent a {kind} that is not an object")
    username = raw.get("journalist_username")
    return {
        "uuid": checked_uuid(raw.get("uuid"), f"{kind} id"),
        "by": "" if username is None else checked_text(username, f"{kind} author", 100),
    }


@dataclass(frozen=True)
class FetchedTexts:
    kind: str  # "note", "reply": in messages and in the names of checked ids
    folder: str
    server_file: str
    # One entry of the server's list, checked (raises UntrustedValue); it reads the author from
    # "journalist_username", which the kept list calls "by".
    checked: Callable[[Any], dict[str, Any]]
    limit: int  # bytes read of a ciphertext or a text, at most

    def kept(self, desk: DeskFolder, source_uuid: str) -> list[dict[str, Any]]:
        """The list as fetch kept it, checked again (the file may come from anywhere): a list
        with anything unexpected in it counts as no list."""
        try:
            listed = read_json(desk.source_inbox(source_uuid) / self.server_file)
            if not isinstance(listed, list):
                return []
            return [self.checked(self._as_listed(raw)) for raw in listed]
        except (OSError, ValueError, UntrustedValue):
            return []

    def _as_listed(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise UntrustedValue(f"{self.server_file} holds a {self.kind} that is not an object")
        return raw | {"journalist_username": raw.get("by") or None}

    def text_path(self, desk: DeskFolder, source: KeptSource, item_uuid: str) -> Path:
        return desk.inside(
            source_folder(desk, source) / self.folder / f"{checked_uuid(item_uuid, f'{self.kind} id')}.txt"
        )

    def read_text(self, desk: DeskFolder, source: KeptSource, item_uuid: str) -> str | None:
        """The decrypted text on this desk; None if it is not there (fetched, not opened yet)."""
        try:
            return self.text_path(desk, source, item_uuid).read_bytes()[: self.limit].decode("utf-8", "replace")
        except OSError:
            return None

    def open(self, desk: DeskFolder, identities: list[str]) -> tuple[int, list[str]]:
        """Decrypt every fetched text of this kind not yet decrypted; (opened, failures)."""
        opened, failed = 0, []
        for source in desk.known_sources():
            source_uuid = checked_uuid(source.uuid, "source id")
            for item in self.kept(desk, source_uuid):
                ciphertext = desk.source_inbox(source_uuid) / self.folder / f"{item['uuid']}.age"
                target = desk.inside(self.text_path(desk, source, item["uuid"]))  # the writer checks it here too
                if target.exists() or not ciphertext.is_file():
                    continue
                try:
                    plaintext = unpad(decrypt_bytes(ciphertext.read_bytes()[: self.limit], identities))
                except (DecryptionError, ValueError) as error:
                    failed.append(f"{source.journalist_designation}: {self.kind} {item['uuid']}: {error}")
                    continue
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                target.write_text(plaintext.decode("utf-8", "replace"), encoding="utf-8")
                target.chmod(0o600)
                opened += 1
        return opened, failed
