"""The desk stands alone: no Flask, no web, no database; only crypto and the manifest format."""

from __future__ import annotations

import ast
from pathlib import Path

import tipline.desk

DESK = Path(tipline.desk.__file__).parent
ALLOWED_OURS = ("tipline.desk", "tipline.crypto", "tipline.submissions.manifest", "tipline.contract")
FORBIDDEN_THIRD_PARTY = ("flask", "werkzeug", "sqlalchemy", "alembic")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_desk_imports_only_crypto_and_the_manifest_of_ours_and_no_framework() -> None:
    offending = []
    for path in sorted(DESK.glob("*.py")):
        for name in imported_modules(path):
            ours_not_allowed = name.startswith("tipline") and not name.startswith(ALLOWED_OURS)
            if ours_not_allowed or name.split(".")[0] in FORBIDDEN_THIRD_PARTY:
                offending.append(f"{path.name}: {name}")
    assert [] == offending


def test_nothing_but_the_cli_imports_the_desk() -> None:
    src = DESK.parent
    importers = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if DESK not in path.parents and any(n.startswith("tipline.desk") for n in imported_modules(path))
    )
    assert [
        "cli/desk.py", "cli/desk_cases.py", "cli/desk_doctor.py", "cli/desk_workflow.py", "cli/desk_workflow_support.py"
    ] == importers  # fmt: skip
