"""The keys replies are encrypted to, kept on the desk: never taken from the server at send time.

A server taken over (T9) could otherwise hand `desk reply` its own key for the newsroom or for
a source and read every reply. So:

- the newsroom recipient is ``[newsroom] recipient`` of desk.toml when set, else the one pinned
  in ``pins.json`` — by ``desk login --newsroom-recipient AGE1…`` or ``desk pins
  --newsroom-recipient AGE1…``, or, at the first login without it, the one the server announced
  then (trust on first use, printed so it can be compared with the newsroom's own record);
- each source's key is pinned the first time `desk fetch` sees the source; a different key
  offered later is never used: fetch warns, reply refuses.

When the newsroom rotates its key (`tipline keys rotate-newsroom`), the server announces the new
recipient; the desk notes it (never pins it) at login and fetch. The pin follows only when the
journalist runs `desk open`/`sync` with an identity file holding the new recipient's identity:
that file comes from the newsroom's offline record, which a server cannot write into, so a
hostile server's "rotation" to its own key is never followed (docs/key-rotation-design.md).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tipline.crypto.age import is_valid_recipient, recipient_of
from tipline.desk.errors import DeskError
from tipline.desk.store import DeskFolder, read_json, write_json

PINS_FILE = "pins.json"
SETTINGS_FILE = "desk.toml"


@dataclass
class Pins:
    newsroom_recipient: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    # What the server last announced when it differed from the pin: a claim, never encrypted to.
    newsroom_announced: str | None = None


def load(desk: DeskFolder) -> Pins:
    path = desk.root / PINS_FILE
    if not path.exists():
        return Pins()
    try:
        body: Any = read_json(path)
        newsroom = body.get("newsroom_recipient")
        sources = {str(k): str(v) for k, v in dict(body.get("sources", {})).items()}
        announced = body.get("newsroom_announced")
    except (OSError, ValueError, TypeError, AttributeError):
        raise DeskError(f"{path} is damaged: it holds the keys replies are encrypted to; restore it") from None
    return Pins(
        newsroom if isinstance(newsroom, str) else None,
        sources,
        announced if isinstance(announced, str) and is_valid_recipient(announced) else None,
    )


def save(desk: DeskFolder, pins: Pins) -> None:
    body: dict[str, Any] = {
        "newsroom_recipient": pins.newsroom_recipient,
        "sources": dict(sorted(pins.sources.items())),
    }
    if pins.newsroom_announced is not None:
        body["newsroom_announced"] = pins.newsroom_announced
    write_json(desk.inside(desk.root / PINS_FILE), body)


def configured_newsroom_recipient(desk: DeskFolder) -> str | None:
    """``[newsroom] recipient`` of desk.toml (the journalist's explicit setting), if any."""
    path = desk.root / SETTINGS_FILE
    if not path.exists():
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("newsroom", {}).get("recipient")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError) as error:
        raise DeskError(f"cannot read {path}: {error}") from None
    return value if isinstance(value, str) and value else None


def newsroom_recipient(desk: DeskFolder) -> str:
    """The newsroom recipient replies are encrypted to; refuses when none is configured."""
    recipient = configured_newsroom_recipient(desk) or load(desk).newsroom_recipient
    if recipient is None:
        raise DeskError(
            "no newsroom recipient on this desk: run `tipline desk pins --newsroom-recipient AGE1…` "
            "(from the newsroom's own record) or log in again"
        )
    if not is_valid_recipient(recipient):
        raise DeskError(f"the newsroom recipient configured on this desk is not an age recipient: {recipient!r}")
    return recipient


def pin_newsroom(desk: DeskFolder, recipient: str) -> None:
    if not is_valid_recipient(recipient):
        raise DeskError(f"not an age recipient: {recipient[:80]!r}")
    pins = load(desk)
    pins.newsroom_recipient = recipient
    if pins.newsroom_announced == recipient:
        pins.newsroom_announced = None
    save(desk, pins)


def note_announced(desk: DeskFolder, announced: str) -> None:
    """Remember a newsroom recipient the server announces that differs from the pin (a claim
    that `follow_rotation` may confirm later); forget it once they agree again."""
    pins = load(desk)
    mine = configured_newsroom_recipient(desk) or pins.newsroom_recipient
    wanted = None if announced == mine or not is_valid_recipient(announced) else announced
    if pins.newsroom_announced != wanted:
        pins.newsroom_announced = wanted
        save(desk, pins)


def recipients_of(identities: Sequence[str]) -> set[str]:
    """The public recipients of age identities (unparseable ones are left out)."""
    return {recipient for recipient in map(recipient_of, identities) if recipient is not None}


def follow_rotation(desk: DeskFolder, identities: Sequence[str]) -> str | None:
    """Pin the newsroom recipient the server announced if these identities hold its secret key.

    The identities come from the newsroom's own record, which no server can write into: holding
    the identity of the announced recipient proves it is the newsroom's. Returns the newly pinned
    recipient, or None (nothing announced, or not proven: the pin stays)."""
    pins = load(desk)
    announced = pins.newsroom_announced
    if announced is None or configured_newsroom_recipient(desk) is not None:
        return None  # desk.toml's explicit setting is the journalist's to change
    if announced not in recipients_of(identities):
        return None
    pin_newsroom(desk, announced)
    return announced


def pin_source_key(desk: DeskFolder, source_uuid: str, key: str) -> str | None:
    """Pin ``key`` for the source if none is pinned. Returns the pinned key when the server
    now offers a different one (the pin is kept), else None."""
    pins = load(desk)
    pinned = pins.sources.get(source_uuid)
    if pinned is None:
        pins.sources[source_uuid] = key
        save(desk, pins)
        return None
    return pinned if pinned != key else None


def pinned_source_key(desk: DeskFolder, source_uuid: str) -> str:
    key = load(desk).sources.get(source_uuid)
    if key is None:
        raise DeskError(f"no key pinned for source {source_uuid}: run `tipline desk fetch` first")
    return key


def forget_source(desk: DeskFolder, source_uuid: str) -> bool:
    pins = load(desk)
    if pins.sources.pop(source_uuid, None) is None:
        return False
    save(desk, pins)
    return True


def key_changed_message(designation: str, pinned: str, offered: str) -> str:
    return (
        f"the server offers another key for source {designation} than the one pinned on this desk "
        f"(pinned {pinned[:16]}…, offered {offered[:16]}…). A source's key does not change: the server "
        "may be compromised. Not encrypting to it. If you know why it changed, "
        f"`tipline desk pins --forget-source {designation}` and fetch again."
    )
