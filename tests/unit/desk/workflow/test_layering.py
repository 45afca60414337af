"""tipline.desk.workflow imports crypto and itself: nothing of web, cli or the server, and no network library."""

from __future__ import annotations

import ast
from pathlib import Path

import tipline.desk.workflow

PACKAGE = Path(tipline.desk.workflow.__file__).parent
FORBIDDEN = (
    "tipline.web",
    "tipline.cli",
    "tipline.services",
    "tipline.db",
    "flask",
    "socket",
    "urllib",
    "http",
    "requests",
    "httpx",
    "ssl",
)


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_newsroom_imports_no_server_and_no_network_module() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in PACKAGE.rglob("*.py")
        for module in imported_modules(path)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
    }
    assert set() == offenders


def test_newsroom_uses_only_crypto_of_the_rest_of_tipline() -> None:
    ours = {
        module
        for path in PACKAGE.rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("tipline.") and not module.startswith("tipline.desk.workflow")
    }
    # The exposure check reads attachments' metadata with the desk's sandboxed exiftool (T8, T9).
    sandboxed = {"tipline.desk.metadata", "tipline.desk.sandbox", "tipline.desk.sandboxed_metadata"}
    # Case exports are padded like messages (crypto.padding, pure like crypto.age).
    assert {"tipline.crypto.age", "tipline.crypto.padding"} | sandboxed == ours
