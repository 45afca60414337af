"""Every function of the desk that writes a file either checks the path with ``inside`` (the
desk folder's one guard, tipline.desk.untrusted) or is listed here with the reason it need not:
a new writer cannot forget the check without this test saying so (T9)."""

from __future__ import annotations

import ast
from pathlib import Path

import tipline.cli
import tipline.desk

DESK = Path(tipline.desk.__file__).parent
CLI = Path(tipline.cli.__file__).parent
# Calls that create or replace files or folders (``replace`` and ``open`` only as os.replace/os.open).
WRITERS = {
    "write_text", "write_bytes", "mkdir", "write_json", "write_private", "create_exclusive", "extractall",
    "copyfile", "fdopen", "write_reports", "rename", "symlink_to",
}  # fmt: skip
OS_WRITERS = {"replace", "open", "rename"}

UNCHECKED_BY_DESIGN = {
    "desk/client.py:download": "writes the target fetch gave it, checked there with inside()",
    "desk/client.py:_finish": "renames the .part of that same checked target",
    "desk/filenames.py:create_exclusive": "its callers pass a checked folder and a single safe_name component",
    "desk/report.py:write_reports": "writes into the batch folder the opener checked",
    "desk/scrub.py:_plain_text": "writes the cleaned-copy target the opener checked",
    "desk/scrub.py:_with_mat2": "copies into its own mkdtemp work folder under the desk's tmp/",
    "desk/store.py:write_private": "the low-level writer: its callers check",
    "desk/store.py:write_json": "the low-level writer: its callers check",
    "desk/store.py:at": "creates the desk folder itself",
    "desk/workflow/settings.py:ensure_desk_dir": "creates the desk folder itself",
    "desk/workflow/drafts.py:write_drafts": "writes where the journalist's --out says",
    "desk/workflow/export.py:export_case": "writes where the journalist's -o says",
    "desk/workflow/translation/packages.py:install": "checks every entry against its staging folder",
    "cli/desk_workflow.py:exposure_check": "writes where the journalist's --json-out says",
    "desk/reading_room/previews.py:_render": "copies into its own mkdtemp work folder under the desk's tmp/",
}


def _called(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Name):  # a bare replace() is dataclasses', not os'
        return function.id if function.id not in OS_WRITERS else None
    if not isinstance(function, ast.Attribute):
        return None
    if function.attr in OS_WRITERS:
        return function.attr if isinstance(function.value, ast.Name) and function.value.id == "os" else None
    return function.attr


def unchecked_writers() -> set[str]:
    files = [*DESK.rglob("*.py"), *CLI.glob("desk*.py")]
    found = set()
    for path in files:
        relative = path.relative_to(DESK.parent).as_posix()
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef):
                continue
            calls = {_called(node) for node in ast.walk(function) if isinstance(node, ast.Call)}
            if calls & (WRITERS | OS_WRITERS) and "inside" not in calls:
                found.add(f"{relative}:{function.name}")
    return found


def test_every_writer_checks_its_path_or_says_why_not() -> None:
    assert set(UNCHECKED_BY_DESIGN) == unchecked_writers()


def test_the_check_sees_the_writers_that_check() -> None:
    """The scan is not vacuous: the writers that check are found as such."""
    checked = {"desk/fetch.py:fetch", "desk/opener.py:_open_one", "desk/reply.py:send_reply", "desk/pins.py:save"}
    assert not checked & unchecked_writers()
    assert len(UNCHECKED_BY_DESIGN) < 20
