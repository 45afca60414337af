"""A glossary of North Korea-specific terms, applied to machine translation output and listed.

TOML: a list of ``[[term]]`` tables::

    [[term]]
    source = "국가보위성"
    target = "Ministry of State Security"
    lang = "ko-en"                                   # optional: the pair it applies to
    replaces = ["State Security Department"]          # optional: renderings the model may produce

The built-in glossary (``glossary.toml`` beside this module) is extended by the one named in
desk.toml; a term of the desk's glossary overrides a built-in one with the same source.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tipline.desk.errors import GlossaryError


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    pair: str = ""  # "ko-en"; "" for any pair
    replaces: tuple[str, ...] = ()


def _parse(text: str, where: str) -> list[Term]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GlossaryError(f"{where}: {error}") from None
    terms = []
    for entry in data.get("term", []):
        try:
            terms.append(
                Term(
                    str(entry["source"]),
                    str(entry["target"]),
                    str(entry.get("lang", "")),
                    tuple(str(r) for r in entry.get("replaces", [])),
                )
            )
        except (KeyError, TypeError):
            raise GlossaryError(f"{where}: every [[term]] needs source and target") from None
    return terms


def load_glossary(extra: Path | None = None) -> list[Term]:
    builtin = resources.files("tipline.desk.workflow.translation").joinpath("glossary.toml").read_text(encoding="utf-8")
    terms = {t.source: t for t in _parse(builtin, "built-in glossary")}
    if extra is not None:
        try:
            text = extra.read_text(encoding="utf-8")
        except OSError as error:
            raise GlossaryError(f"cannot read glossary {extra}: {error}") from None
        terms.update({t.source: t for t in _parse(text, str(extra))})
    return list(terms.values())


def apply(terms: list[Term], source_text: str, translation: str, pair: str) -> tuple[str, list[Term]]:
    """Put each glossary term found in the original into the translation; return the terms used."""
    used = []
    for term in terms:
        if (term.pair and term.pair != pair) or term.source not in source_text:
            continue
        used.append(term)
        for variant in term.replaces:
            translation = re.sub(re.escape(variant), term.target, translation, flags=re.IGNORECASE)
        if term.target.lower() not in translation.lower():
            # The model rendered the term some other way: say what it is rather than guess where it went.
            translation += f" [{term.source}: {term.target}]"
    return translation, used
