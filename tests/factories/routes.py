"""Every route of an app, read from its URL map, and a snapshot of everything a request could change.

The security-property tests walk these lists rather than lists of their own, so a route added
tomorrow is checked by them without anyone remembering to add it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tipline.db import Base
from tipline.services import Services

# For properties that live in the web layer (headers, CSRF guard, session interface, URL maps),
# which answers before any query: the engine does not matter, so SQLite only, to keep the suite quick.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
IMPLICIT = frozenset({"HEAD", "OPTIONS"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PLACEHOLDER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")
# Tables that reading a page may legitimately touch: web sessions (saved on every request).
_VOLATILE_TABLES = frozenset({"shared_sessions"})


@dataclass(frozen=True)
class Route:
    method: str
    rule: str
    endpoint: str
    path: str


def fill(rule: str, values: Mapping[str, str] | None = None) -> str:
    """The rule with each <placeholder> replaced by values[name], or "x"."""
    return _PLACEHOLDER.sub(lambda m: (values or {}).get(m.group(1), "x"), rule)


def routes(app: Flask, values: Mapping[str, str] | None = None) -> list[Route]:
    """(method, path) for every rule and each of its methods but HEAD and OPTIONS."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - IMPLICIT):
            found.append(Route(method, rule.rule, rule.endpoint, fill(rule.rule, values)))
    return sorted(found, key=lambda r: (r.rule, r.method))


def wrong_method(app: Flask, rule: str) -> str:
    """A method that no rule with this path accepts (so the answer must be 405)."""
    allowed: set[str] = set()
    for other in app.url_map.iter_rules():
        if other.rule == rule:
            allowed |= other.methods or set()
    return next(m for m in ("DELETE", "PATCH", "PUT", "POST", "GET") if m not in allowed)


def static_paths(app: Flask) -> list[str]:
    assert app.static_folder is not None
    folder = Path(app.static_folder)
    return sorted(f"/static/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file())


def database_snapshot(services: Services) -> dict[str, list[str]]:
    """Every row of every table (but the session table), as text, plus the blob store's keys."""
    snapshot: dict[str, list[str]] = {}
    with services.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in _VOLATILE_TABLES:
                continue
            snapshot[table.name] = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
    snapshot["<blob store>"] = sorted(services.store.keys())
    return snapshot
