"""Docs are checked by tests: every setting, every environment variable, every command."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click

from tests.clidocs import CLI_DOCS, render
from tipline.config import DATA_DIR_VARIABLE, ENVIRONMENT, Settings

CONFIGURATION = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def setting_sections() -> dict[str, str]:
    """Each `### `name`` heading of docs/configuration.md and the text under it."""
    text = CONFIGURATION.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z0-9_]+)`\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_setting_has_a_section() -> None:
    documented = setting_sections()
    missing = [f.name for f in dataclasses.fields(Settings) if f.name not in documented]
    assert [] == missing, f"docs/configuration.md has no '### `name`' section for: {', '.join(missing)}"


def test_no_section_documents_a_setting_that_does_not_exist() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert [] == [name for name in setting_sections() if name not in names]


def test_every_environment_variable_is_documented_with_its_setting() -> None:
    text = CONFIGURATION.read_text(encoding="utf-8")
    sections = setting_sections()
    assert f"`{DATA_DIR_VARIABLE}`" in text
    missing = [variable for variable in ENVIRONMENT if f"`{variable}`" not in text]
    assert [] == missing, f"docs/configuration.md does not mention: {', '.join(missing)}"
    misplaced = [variable for variable, (name, _) in ENVIRONMENT.items() if variable not in sections.get(name, "")]
    assert [] == misplaced, f"not in their setting's section: {', '.join(misplaced)}"


def test_documented_defaults_match_the_code() -> None:
    """A changed default must be changed in the docs too (for simple values written as `value`)."""
    sections = setting_sections()
    stale = []
    for f in dataclasses.fields(Settings):
        if isinstance(f.default, int | str) and f.default != "" and f"`{f.default}`" not in sections.get(f.name, ""):
            stale.append(f"{f.name} (default {f.default!r})")
        if f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
            for sub in dataclasses.fields(default):
                if f"`{sub.name} = {getattr(default, sub.name)}`" not in sections.get(f.name, ""):
                    stale.append(f"{f.name}.{sub.name} (default {getattr(default, sub.name)!r})")
    assert [] == stale, "docs/configuration.md shows other defaults than the code for: " + ", ".join(stale)


def test_cli_reference_is_up_to_date() -> None:
    """docs/cli.md is exactly what click's help says now: new commands must be documented."""
    current = CLI_DOCS.read_text(encoding="utf-8") if CLI_DOCS.exists() else ""
    assert render() == current, "docs/cli.md is out of date with the commands: run bin/cli-docs and commit it"


def test_the_generator_walks_the_whole_click_tree() -> None:
    """Commands added anywhere in the tree, at any depth, appear without changing the generator."""

    @click.group()
    def root() -> None:
        """Root help."""

    @root.group()
    def outer() -> None:
        """Outer help."""

    @outer.command("deep-command")
    @click.option("--flag", is_flag=True, help="A flag's help.")
    def deep_command(flag: bool) -> None:
        """Deep help."""

    @root.command(hidden=True)
    def secret() -> None:
        """Hidden help."""

    rendered = render(root, "tool")
    headings = re.findall(r"^## `(.+)`$", rendered, flags=re.MULTILINE)
    assert ["tool", "tool outer", "tool outer deep-command"] == headings
    assert "A flag's help." in rendered
    assert "Hidden help." not in rendered


THREAT_MODEL = CONFIGURATION.parent / "threat-model.md"
SHARED_THREATS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T12")


def test_the_threat_model_names_only_tests_that_exist_and_every_threat() -> None:
    """docs/threat-model.md maps each threat to tests: a renamed or deleted test must update it."""
    text = THREAT_MODEL.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:tests/)?(?:unit|functional|browser|factories)/[\w/]+\.py)", text))
    root = CONFIGURATION.parents[1]
    missing = sorted(p for p in named if not (root / (p if p.startswith("tests/") else f"tests/{p}")).is_file())
    assert len(named) > 20
    assert [] == missing
    rows = {line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| T")}
    assert set(SHARED_THREATS) == rows
