"""docs/architecture.md is the map: every module, file and `module.symbol` it names exists.

The map is read, not imported: names are looked up in the modules' syntax trees, so a desk-only
module needs none of the desk's dependencies to be checked, and a renamed function fails here
before a reader follows the map to nothing.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DOC = ROOT / "docs" / "architecture.md"
# Where a bare or partial path in the map may live, most specific first.
PATH_ROOTS = (ROOT, SRC / "tipline", SRC / "tipline" / "web", ROOT / "requirements")
SKIPPED_DIRS = {".venv", ".git", "node_modules", "__pycache__"}
# Third-party names the map cites (checked by import, so they must be installed).
EXTERNAL = ("pyrage",)


@dataclass
class Names:
    """What a module defines at its top level, and what each of its classes defines."""

    top: set[str] = field(default_factory=set)
    classes: dict[str, set[str]] = field(default_factory=dict)


def _targets(node: ast.stmt) -> Iterator[str]:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Name):
                yield target.id
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        yield node.target.id
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        yield node.name
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            yield (alias.asname or alias.name).split(".")[0]


def names_of(path: Path) -> Names:
    names = Names()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        names.top.update(_targets(node))
        if isinstance(node, ast.ClassDef):
            names.classes[node.name] = {name for member in node.body for name in _targets(member)}
    return names


def modules() -> dict[str, Names]:
    found: dict[str, Names] = {}
    for path in sorted((SRC / "tipline").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = names_of(path)
    return found


MODULES = modules()


def _modules_named(dotted: str) -> list[str]:
    """Modules whose name is `dotted` or ends with it (`uploads` → tipline.web.common.uploads)."""
    return [name for name in MODULES if name == dotted or name.endswith("." + dotted)]


def _defined(module: str, rest: list[str]) -> bool:
    names = MODULES[module]
    if not rest:
        return True
    if len(rest) == 1:
        return rest[0] in names.top
    return len(rest) == 2 and rest[1] in names.classes.get(rest[0], set())


def symbol_exists(reference: str) -> bool:
    """`a.b.c`, `web/common/outages.outage_of`, `Class.member` or `tipline.x.Y`: found in the code."""
    parts = reference.replace("/", ".").removeprefix("tipline.").split(".")
    for cut in range(len(parts), 0, -1):
        for module in _modules_named(".".join(parts[:cut])):
            if _defined(module, parts[cut:]):
                return True
    if parts[0] in EXTERNAL:
        return hasattr(importlib.import_module(parts[0]), parts[-1])
    # `Class.member`: a class of ours, wherever it is defined.
    return len(parts) == 2 and any(parts[1] in names.classes.get(parts[0], ()) for names in MODULES.values())


def _files_named(name: str) -> Iterator[Path]:
    for path in ROOT.rglob(name):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def path_exists(reference: str) -> bool:
    relative = reference.rstrip("/")
    if any((root / relative).exists() for root in PATH_ROOTS):
        return True
    # `source/app.py`, `static/webauthn.js`: a path that ends where the map says it does.
    if any(str(path).endswith("/" + relative) for path in _files_named(Path(relative).name)):
        return True
    # `.incoming/`, `newsroom-identity.txt`: made at run time, so the code must still spell them.
    return any(f'"{relative}' in path.read_text(encoding="utf-8") for path in (SRC / "tipline").rglob("*.py"))


FILE = re.compile(r"^[\w./-]+\.(py|js|txt|in|md|toml|css|html|mako)$|^[\w./-]+/$")
SYMBOL = re.compile(r"^[A-Za-z_][\w/]*(\.[A-Za-z_]\w*)+$")


def cited() -> Iterator[tuple[int, str]]:
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), start=1):
        for reference in re.findall(r"`([^`\s]+)`", line):
            yield number, reference


def layout_entries() -> Iterator[tuple[int, str]]:
    """The `src/tipline/` tree at the top of the map: each entry's path under src/tipline."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index("src/tipline/")
    parent = ""
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line.startswith(" ") or line.startswith("```"):
            return
        indent = len(line) - len(line.lstrip(" "))
        entry = line.split()[0]
        if indent > 4 or not re.fullmatch(r"[\w/]+(\.py)?/?", entry):
            continue  # a continued description
        if indent == 2:
            parent = entry if entry.endswith("/") else ""
            yield number, entry
        else:
            yield number, parent + entry


def test_every_entry_of_the_layout_exists() -> None:
    entries = list(layout_entries())
    assert len(entries) > 25, "the layout block was not found where it used to be"
    missing = [f"line {n}: {entry}" for n, entry in entries if not (SRC / "tipline" / entry.rstrip("/")).exists()]
    assert [] == missing


def test_every_file_and_symbol_the_map_cites_exists() -> None:
    checked, missing = 0, []
    for number, reference in cited():
        if FILE.match(reference):
            found = path_exists(reference)
        elif SYMBOL.match(reference) and "." in reference:
            found = symbol_exists(reference)
        else:
            continue  # a setting, a command, a column: not a name in the code
        checked += 1
        if not found:
            missing.append(f"line {number}: `{reference}`")
    assert checked > 30, "too few references were checked: has the map's format changed?"
    assert [] == missing


@pytest.mark.parametrize(
    ("reference", "exists"),
    [
        ("db.database_unavailable", True),
        ("web/common/outages.outage_of", True),
        ("tipline.state.SharedState", True),
        ("SubmissionService.submit", True),
        ("pyrage.encrypt_io", True),
        ("db.database_unreachable", False),
        ("web/common/outages.no_such_thing", False),
        ("SubmissionService.no_such_method", False),
        ("NoSuchClass.submit", False),
    ],
)
def test_the_resolver_finds_what_exists_and_only_that(reference: str, exists: bool) -> None:
    assert exists == symbol_exists(reference)


@pytest.mark.parametrize(
    ("reference", "exists"),
    [
        ("web/source/sending.py", True),
        ("source/app.py", True),
        ("server.txt", True),
        ("newsroom-identity.txt", True),
        ("web/source/nothing.py", False),
        ("no-such-identity.txt", False),
    ],
)
def test_the_path_finder_finds_what_exists_and_only_that(reference: str, exists: bool) -> None:
    assert exists == path_exists(reference)
