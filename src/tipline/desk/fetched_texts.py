"""Offline: the texts of a conversation that fetch kept as ciphertext (colleagues' replies,
journalists' notes), decrypted beside the source's material. One loop for both, so that what is
checked, how padding is stripped and how a failure is reported cannot drift apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tipline.crypto.age import DecryptionError, decrypt_bytes
from tipline.crypto.padding import unpad
from tipline.desk.store import DeskFolder
from tipline.desk.untrusted import checked_uuid

Listed = Callable[[DeskFolder, str], list[dict[str, Any]]]
TextPath = Callable[[DeskFolder, dict[str, Any], str], Path]


def open_fetched(
    desk: DeskFolder,
    identities: list[str],
    *,
    kind: str,
    folder: str,
    listed: Listed,
    text_path: TextPath,
    limit: int,
) -> tuple[int, list[str]]:
    """Decrypt every fetched ``kind`` (its ciphertext in inbox/<source>/<folder>/) not yet
    decrypted, at most ``limit`` bytes of each; (opened, failures)."""
    opened, failed = 0, []
    for source in desk.known_sources():
        source_uuid = checked_uuid(source.get("uuid"), "source id")
        for item in listed(desk, source_uuid):
            if not item:
                continue
            ciphertext = desk.source_inbox(source_uuid) / folder / f"{item['uuid']}.age"
            target = desk.inside(text_path(desk, source, item["uuid"]))
            if target.exists() or not ciphertext.is_file():
                continue
            try:
                text = unpad(decrypt_bytes(ciphertext.read_bytes()[:limit], identities)).decode("utf-8", "replace")
            except (DecryptionError, ValueError) as error:
                failed.append(f"{source.get('journalist_designation')}: {kind} {item['uuid']}: {error}")
                continue
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.write_text(text, encoding="utf-8")
            target.chmod(0o600)
            opened += 1
    return opened, failed
