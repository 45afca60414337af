"""The dependency rules of docs/architecture.md, enforced by reading every module's imports.

    web/*, cli/*  →  services  →  newsroom  →  sources, journalists, submissions, cases, audit,
                                               retention, integrity, state
                  →  db, errors, storage, crypto, i18n  →  config
    cli/desk*  →  desk  →  crypto, contract, submissions.manifest

This module holds the one import walker of the tests (``imports_of``): every import rule is a
``Rule`` below, and each proves itself on a planted violation.

Every import counts, including imports deferred into functions: a deferred import still ties
the modules together at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "tipline"

WEB_FRAMEWORK = ("flask", "flask_wtf", "flask_babel", "werkzeug", "wtforms")
DOMAIN = (
    "tipline.sources",
    "tipline.journalists",
    "tipline.submissions",
    "tipline.cases",
    "tipline.audit",
    "tipline.newsroom",
    "tipline.state",
    "tipline.retention",
    "tipline.integrity",
    "tipline.keyring",
    "tipline.questionnaires",
)
FOUNDATION = ("tipline.db", "tipline.errors", "tipline.storage", "tipline.crypto", "tipline.i18n", "tipline.config")
# The desk is a separate program: of ours it takes only what it shares with the server.
DESK_OURS = ("tipline.desk", "tipline.crypto", "tipline.submissions.manifest", "tipline.contract")
# The modules of the command line that run the desk.
DESK_COMMANDS = (
    "tipline.cli.desk",
    "tipline.cli.desk_cases",
    "tipline.cli.desk_doctor",
    "tipline.cli.desk_workflow",
    "tipline.cli.desk_workflow_support",
)
# The exposure check reads attachments' metadata with the desk's sandboxed exiftool (T8, T9); case
# exports are padded like messages (crypto.padding, pure like crypto.age); its errors are the
# desk's (desk/errors.py, which imports nothing).
WORKFLOW_OURS = (
    "tipline.crypto.age",
    "tipline.crypto.padding",
    "tipline.desk.errors",
    "tipline.desk.sandboxed_metadata",
)
NETWORK = ("socket", "urllib", "http", "requests", "httpx", "ssl")


@dataclass(frozen=True)
class Rule:
    """Modules under `importers` (but not under `except_from`) must not import modules under
    `forbidden` (unless they are under `allowed`). Names match a module and everything below it."""

    why: str
    importers: tuple[str, ...]
    forbidden: tuple[str, ...]
    except_from: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    # A module and an import that break the rule: proves the rule catches what it says it does.
    example: tuple[str, str] = ("", "")


RULES = (
    Rule(
        "web is a top layer: only web itself and cli (serve) import it",
        importers=("tipline",),
        forbidden=("tipline.web",),
        except_from=("tipline.web", "tipline.cli"),
        example=("tipline.submissions.service", "from tipline.web.common.web_sessions import ServerSession"),
    ),
    Rule(
        "cli is the entry point: only cli itself and tipline/__main__.py import it",
        importers=("tipline",),
        forbidden=("tipline.cli",),
        except_from=("tipline.cli", "tipline.__main__"),
        example=("tipline.web.source.views", "from tipline.cli.options import settings_for"),
    ),
    Rule(
        "the desk is a client: only the desk itself and the desk's commands import it",
        importers=("tipline",),
        forbidden=("tipline.desk",),
        except_from=("tipline.desk", *DESK_COMMANDS),
        example=("tipline.cli.serve", "import tipline.desk.fetch"),
    ),
    Rule(
        "the desk stands alone: of ours it imports only itself, crypto, the manifest format and the API contract",
        importers=("tipline.desk",),
        forbidden=("tipline",),
        allowed=DESK_OURS,
        example=("tipline.desk.fetch", "from tipline.submissions.service import SubmissionService"),
    ),
    Rule(
        "the desk uses no database and no web framework (but the reading room serves local pages and the "
        "workflow keeps its case store in SQLite)",
        importers=("tipline.desk",),
        forbidden=("flask", "werkzeug", "sqlalchemy", "alembic"),
        except_from=("tipline.desk.reading_room", "tipline.desk.workflow"),
        example=("tipline.desk.opener", "from werkzeug.utils import secure_filename"),
    ),
    Rule(
        "the desk's newsroom workflow runs offline: no server module and no network library",
        importers=("tipline.desk.workflow",),
        forbidden=("tipline.web", "tipline.cli", "tipline.services", "tipline.db", "flask", *NETWORK),
        example=("tipline.desk.workflow.export", "import urllib.request"),
    ),
    Rule(
        "the desk's newsroom workflow uses of the rest only crypto, the desk's errors and its sandboxed exiftool",
        importers=("tipline.desk.workflow",),
        forbidden=("tipline",),
        allowed=("tipline.desk.workflow", *WORKFLOW_OURS),
        example=("tipline.desk.workflow.cases", "from tipline.desk.client import ApiClient"),
    ),
    Rule(
        "the desk's error tree imports nothing: every desk module, the workflow too, may raise from it",
        importers=("tipline.desk.errors",),
        forbidden=("tipline",),
        allowed=("tipline.desk.errors",),
        example=("tipline.desk.errors", "from tipline.desk.store import DeskFolder"),
    ),
    Rule(
        "only crypto touches pyrage: its errors and its keys stop at tipline.crypto",
        importers=("tipline",),
        forbidden=("pyrage",),
        except_from=("tipline.crypto",),
        example=("tipline.desk.opener", "import pyrage"),
    ),
    Rule(
        "the error tree imports only the roots it re-exports (crypto, storage, config, contract)",
        importers=("tipline.errors",),
        forbidden=("tipline",),
        allowed=("tipline.errors", "tipline.crypto", "tipline.storage", "tipline.config", "tipline.contract"),
        example=("tipline.errors", "from tipline.db import SessionFactory"),
    ),
    Rule(
        "the source interface never imports the journalist interface",
        importers=("tipline.web.source",),
        forbidden=("tipline.web.journalist",),
        example=("tipline.web.source.views", "from tipline.web import journalist"),
    ),
    Rule(
        "the journalist interface never imports the source interface",
        importers=("tipline.web.journalist",),
        forbidden=("tipline.web.source",),
        example=("tipline.web.journalist.api", "from ..source.forms import LoginForm"),
    ),
    Rule(
        "no web framework outside tipline/web (and the desk's local reading room, which imports no web module)",
        importers=("tipline",),
        forbidden=WEB_FRAMEWORK,
        except_from=("tipline.web", "tipline.desk.reading_room"),
        example=("tipline.cli.serve", "from flask import Flask"),
    ),
    Rule(
        "crypto is pure: it imports no other tipline package",
        importers=("tipline.crypto",),
        forbidden=("tipline",),
        allowed=("tipline.crypto",),
        example=("tipline.crypto.keys", "from tipline.config import KdfParameters"),
    ),
    Rule(
        "the API contract is pure: it imports no other tipline package (the desk uses it)",
        importers=("tipline.contract",),
        forbidden=("tipline",),
        allowed=("tipline.contract",),
        example=("tipline.contract.records", "from tipline.newsroom.listing import SourceRow"),
    ),
    Rule(
        "the API contract uses no framework and no database",
        importers=("tipline.contract",),
        forbidden=(*WEB_FRAMEWORK, "sqlalchemy", "alembic", "click", "psycopg", "redis"),
        example=("tipline.contract.codec", "from flask import jsonify"),
    ),
    Rule(
        "storage stands alone: it imports only tipline.storage",
        importers=("tipline.storage",),
        forbidden=("tipline",),
        allowed=("tipline.storage",),
        example=("tipline.storage.local", "from tipline.crypto.age import encrypt_bytes"),
    ),
    Rule(
        "crypto and storage use no framework and no database, so the offline desk can use them alone",
        importers=("tipline.crypto", "tipline.storage"),
        forbidden=(*WEB_FRAMEWORK, "sqlalchemy", "alembic", "click", "psycopg", "redis"),
        example=("tipline.storage.base", "import sqlalchemy"),
    ),
    Rule(
        "domain packages never import the composition root (services.py)",
        importers=DOMAIN,
        forbidden=("tipline.services",),
        example=("tipline.journalists.service", "def f():\n    from tipline.services import Services"),
    ),
    Rule(
        "the newsroom façade sits above the domain packages: none of them imports it",
        importers=DOMAIN,
        forbidden=("tipline.newsroom",),
        except_from=("tipline.newsroom",),
        example=("tipline.cases.service", "from tipline.newsroom.service import NewsroomService"),
    ),
    Rule(
        "the journalist and source interfaces reach submissions and replies through the services "
        "(NewsroomService for journalists: opened blobs, never storage keys), not their tables",
        importers=("tipline.web",),
        forbidden=(
            "tipline.submissions.models",
            "tipline.submissions.repository",
            "tipline.submissions.deletions",
            "tipline.submissions.upkeep",
            "tipline.storage.base",
        ),
        example=("tipline.web.journalist.views", "from tipline.submissions.models import Submission"),
    ),
    Rule(
        "each web interface is handed a narrow portal (tipline.portals: SourcePortal, NewsroomDesk), "
        "never the whole composition root",
        importers=("tipline.web",),
        forbidden=("tipline.services",),
        example=("tipline.web.source.app", "from tipline.services import Services"),
    ),
    Rule(
        "the Batch/Submission/Reply tables have one owner, the submissions package (repository.py: "
        "queries, views, writes; deletions.py; upkeep.py: the digest, the check, retention; "
        "read_flags.py: who has seen what; changes.py: stamps); "
        "everyone else, the listing, retention, the check, the digest and fake data, goes through it",
        importers=("tipline",),
        forbidden=("tipline.submissions.models",),
        except_from=("tipline.submissions", "tipline.models"),
        example=("tipline.retention.service", "from tipline.submissions.models import Batch"),
    ),
    Rule(
        "the foundation never imports upwards",
        importers=FOUNDATION,
        forbidden=(*DOMAIN, "tipline.services", "tipline.models", "tipline.migrations"),
        example=("tipline.db", "from tipline.sources.models import Source"),
    ),
    Rule(
        "the source guide reads no source data: it imports only itself, i18n, onion and the error tree of ours",
        importers=("tipline.guide",),
        forbidden=("tipline",),
        allowed=("tipline.guide", "tipline.i18n", "tipline.onion", "tipline.errors"),
        example=("tipline.guide.build", "from tipline.sources.service import SourceService"),
    ),
    Rule(
        "config is the bottom layer: it imports nothing else of tipline",
        importers=("tipline.config",),
        forbidden=("tipline",),
        allowed=("tipline.config",),
        example=("tipline.config", "from tipline.i18n import load_wordlist"),
    ),
)


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    imported: str
    rule: Rule

    def __str__(self) -> str:
        return f"{self.module} (line {self.line}) imports {self.imported}: breaks “{self.rule.why}”"


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def imports_of(module: str, source: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in `source`, relative imports made absolute.

    `from a import b` yields both `a` and `a.b`, since b may be a module.
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base = ".".join(base_parts[: len(base_parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{target}.{alias.name}"


def check_source(module: str, source: str, *, is_package: bool = False) -> list[Violation]:
    violations: list[Violation] = []
    for line, imported in imports_of(module, source, is_package=is_package):
        for rule in RULES:
            if (
                _under(module, rule.importers)
                and not _under(module, rule.except_from)
                and _under(imported, rule.forbidden)
                and not _under(imported, rule.allowed)
            ):
                violation = Violation(module, line, imported, rule)
                if not any(v.line == line and v.rule == rule for v in violations):  # `a` and `a.b`: once
                    violations.append(violation)
    return violations


def package_modules() -> Iterator[tuple[str, Path, bool]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        yield ".".join(parts), path, is_package


def test_every_module_keeps_the_dependency_rules() -> None:
    modules = list(package_modules())
    assert len(modules) > 30, "the walker found too few modules: is src/tipline where it used to be?"
    violations = [
        str(violation)
        for module, path, is_package in modules
        for violation in check_source(module, path.read_text(encoding="utf-8"), is_package=is_package)
    ]
    assert [] == violations, "dependency rules broken (see docs/architecture.md):\n" + "\n".join(violations)


@pytest.mark.parametrize("rule", RULES, ids=[rule.why for rule in RULES])
def test_each_rule_catches_a_planted_violation(rule: Rule) -> None:
    """The checker is not vacuous: each rule's own example is reported, naming the import."""
    module, source = rule.example
    violations = [v for v in check_source(module, source) if v.rule == rule]
    assert 1 == len(violations), f"{rule.why!r} did not catch {source!r} in {module}"
    assert str(violations[0]).startswith(f"{module} (line ")
    assert f"imports {violations[0].imported}: breaks “{rule.why}”" in str(violations[0])


def test_the_message_names_the_module_the_line_and_the_import() -> None:
    source = '"""A module."""\n\nimport os\nfrom tipline.db import Base\n'
    [violation] = check_source("tipline.crypto.keys", source)
    assert (
        "tipline.crypto.keys (line 4) imports tipline.db: breaks “crypto is pure: it imports no other tipline package”"
        == str(violation)
    )


def test_relative_and_deferred_imports_are_resolved() -> None:
    source = "from . import bech32\nfrom ..storage import base\n\ndef later():\n    import flask\n"
    assert [
        (1, "tipline.crypto"),
        (1, "tipline.crypto.bech32"),
        (2, "tipline.storage"),
        (2, "tipline.storage.base"),
        (5, "flask"),
    ] == list(imports_of("tipline.crypto.keys", source))
    assert [(1, "tipline.crypto"), (1, "tipline.crypto.age")] == list(
        imports_of("tipline.crypto", "from . import age\n", is_package=True)
    )


def test_allowed_imports_are_not_reported() -> None:
    assert [] == check_source(
        "tipline.web.source.views", "from flask import Blueprint\nfrom tipline.portals import SourcePortal"
    )
    assert [] == check_source("tipline.cli.serve", "from tipline.web.source import create_source_app")
    assert [] == check_source("tipline.__main__", "from tipline.cli import main")
    assert [] == check_source("tipline.crypto.keys", "from tipline.crypto import bech32\nimport argon2")


def test_the_desk_workflow_uses_what_its_rule_allows() -> None:
    """The allowance is not stale: the workflow does use each module of ours its rule lets in."""
    used = {
        imported
        for module, path, is_package in package_modules()
        if _under(module, ("tipline.desk.workflow",))
        for _, imported in imports_of(module, path.read_text(encoding="utf-8"), is_package=is_package)
        if _under(imported, ("tipline",)) and not _under(imported, ("tipline.desk.workflow",))
    }
    assert set(WORKFLOW_OURS) == {name for name in WORKFLOW_OURS if name in used}


def test_only_the_desk_commands_import_the_desk() -> None:
    """The list of the desk's commands is not stale: each of them does import the desk."""
    importers = {
        module
        for module, path, is_package in package_modules()
        if not _under(module, ("tipline.desk",))
        and any(
            _under(imported, ("tipline.desk",))
            for _, imported in imports_of(module, path.read_text(encoding="utf-8"), is_package=is_package)
        )
    }
    assert set(DESK_COMMANDS) == importers
