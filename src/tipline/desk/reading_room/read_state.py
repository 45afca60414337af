"""What this desk has shown in the reading room: the desk's own "unread".

The server's read flags belong to the server; a two-machine desk never reaches it. This file
keeps, per source, the submissions the reading room has shown::

  read.json    {"<source uuid>": ["<submission uuid>", …]}
"""

from __future__ import annotations

from tipline.desk.kept import KeptSource
from tipline.desk.store import DeskFolder, read_json, write_json

READ_FILE = "read.json"


def _load(desk: DeskFolder) -> dict[str, list[str]]:
    try:
        body = read_json(desk.root / READ_FILE)
    except (OSError, ValueError):
        return {}
    if not isinstance(body, dict):
        return {}
    return {str(k): [str(x) for x in v] for k, v in body.items() if isinstance(v, list)}


def unread_count(desk: DeskFolder, source: KeptSource) -> int:
    seen = set(_load(desk).get(source.uuid, []))
    return sum(1 for s in source.submissions if s.uuid not in seen)


def mark_read(desk: DeskFolder, source: KeptSource) -> None:
    state = _load(desk)
    state[source.uuid] = sorted({s.uuid for s in source.submissions})
    write_json(desk.inside(desk.root / READ_FILE), state)
