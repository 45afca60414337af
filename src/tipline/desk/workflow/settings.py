"""Desk settings for the newsroom workflow: the ``[newsroom]`` table of ``DESK_DIR/desk.toml``.

:func:`load_desk_settings` is the only reader of that file in this package.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tipline.desk.errors import DeskSettingsError

DEFAULT_DESK_DIR = Path("~/.local/share/tipline-desk")
SETTINGS_FILE = "desk.toml"


@dataclass(frozen=True)
class CorroborationRule:
    """A claim is corroborated with ``min_sources`` independent sources, or with
    ``min_sources_with_document`` independent sources plus a document."""

    min_sources: int = 2
    min_sources_with_document: int = 1

    def describe(self) -> str:
        return (
            f"{self.min_sources} independent sources, "
            f"or {self.min_sources_with_document} source(s) plus an independent document"
        )

    def describe_ko(self) -> str:
        return (
            f"서로 독립된 소식통 {self.min_sources}명, 또는 소식통 {self.min_sources_with_document}명과 "
            "그와 독립된 문서"
        )


@dataclass(frozen=True)
class Credits:
    translator: str = ""
    editor: str = ""


@dataclass(frozen=True)
class DeskSettings:
    desk_dir: Path
    corroboration: CorroborationRule = field(default_factory=CorroborationRule)
    credits: Credits = field(default_factory=Credits)
    glossary: Path | None = None
    newsroom_recipient: str | None = None
    journalist_recipients: dict[str, str] = field(default_factory=dict)
    identity_file: Path | None = None
    allowed_places: tuple[str, ...] = ()


def ensure_desk_dir(desk_dir: Path) -> Path:
    """Create the desk folder (0700: it holds plaintext) and return it resolved."""
    path = desk_dir.expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path.resolve()


def _int(table: dict[str, Any], key: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise DeskSettingsError(f"desk.toml: [newsroom.corroboration] {key} must be a positive integer")
    return value


def _str(table: dict[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DeskSettingsError(f"desk.toml: {where} {key} must be a string")
    return value


def _path(desk_dir: Path, value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else desk_dir / path


def load_desk_settings(desk_dir: Path) -> DeskSettings:
    """Read ``[newsroom]`` from ``desk_dir/desk.toml``; every key is optional."""
    file = desk_dir / SETTINGS_FILE
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8")) if file.exists() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DeskSettingsError(f"cannot read {file}: {error}") from None
    newsroom = data.get("newsroom", {})
    if not isinstance(newsroom, dict):
        raise DeskSettingsError("desk.toml: [newsroom] must be a table")
    rule_table = newsroom.get("corroboration", {})
    credits_table = newsroom.get("credits", {})
    journalists = newsroom.get("journalists", {})
    places = newsroom.get("allowed_places", [])
    if not isinstance(journalists, dict) or not all(isinstance(v, str) for v in journalists.values()):
        raise DeskSettingsError("desk.toml: [newsroom.journalists] maps names to age recipients")
    if not isinstance(places, list) or not all(isinstance(p, str) for p in places):
        raise DeskSettingsError("desk.toml: [newsroom] allowed_places must be a list of strings")
    return DeskSettings(
        desk_dir=desk_dir,
        corroboration=CorroborationRule(
            min_sources=_int(rule_table, "min_sources", 2),
            min_sources_with_document=_int(rule_table, "min_sources_with_document", 1),
        ),
        credits=Credits(
            translator=_str(credits_table, "translator", "[newsroom.credits]") or "",
            editor=_str(credits_table, "editor", "[newsroom.credits]") or "",
        ),
        glossary=_path(desk_dir, _str(newsroom, "glossary", "[newsroom]")),
        newsroom_recipient=_str(newsroom, "recipient", "[newsroom]"),
        journalist_recipients=dict(journalists),
        identity_file=_path(desk_dir, _str(newsroom, "identity_file", "[newsroom]")),
        allowed_places=tuple(places),
    )
