"""Message catalogues: extract, update, compile and verify them (``make check-strings``).

Each interface is its own gettext domain with its own languages: the source interface speaks
Korean, English, Russian and Chinese; the journalist interface Korean and English. Catalogues live
in tipline/translations/<locale>/LC_MESSAGES/<domain>.po; the compiled .mo files are built at
install time and never committed.

    python -m tipline.i18n.catalogues update|compile|check
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE_DIR = Path(__file__).resolve().parents[1]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# The language the code and templates are written in; its catalogue repeats the msgids.
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Domain:
    name: str
    locales: tuple[str, ...]
    # Folder of the interface, relative to the package: its .py files and templates/*.html.
    folder: str
    # The package folder; catalogues are in its translations/ (tests point it elsewhere).
    root: Path = PACKAGE_DIR
    # More folders whose text the interface shows (the source guide is also printed by the CLI,
    # so it lives outside web/ but is translated, and checked, with the source interface).
    extra_folders: tuple[str, ...] = ()
    # Service packages whose refusals this interface shows (tipline.i18n.messages): their N_()
    # messages go into this catalogue, and a refusal raised with bare text is reported.
    message_folders: tuple[str, ...] = ()

    def _folders(self) -> list[Path]:
        return [self.root / folder for folder in (self.folder, *self.extra_folders)]

    def python_files(self) -> list[Path]:
        folders = [*self._folders(), *self.message_files_folders()]
        return sorted(path for folder in folders for path in folder.rglob("*.py"))

    def message_files_folders(self) -> list[Path]:
        return [self.root / folder for folder in self.message_folders]

    def message_files(self) -> list[Path]:
        return sorted(path for folder in self.message_files_folders() for path in folder.rglob("*.py"))

    def templates(self) -> list[Path]:
        return sorted(path for folder in self._folders() for path in (folder / "templates").rglob("*.html"))

    def po_path(self, locale: str) -> Path:
        return self.root / "translations" / locale / "LC_MESSAGES" / f"{self.name}.po"

    def mo_path(self, locale: str) -> Path:
        return self.po_path(locale).with_suffix(".mo")


SOURCE = Domain("source", ("ko", "en", "ru", "zh_Hans"), "web/source", extra_folders=("guide",))
# The reading room (`tipline desk ui`) speaks to journalists too: same domain, same two languages.
JOURNALIST = Domain(
    "journalist",
    ("ko", "en"),
    "web/journalist",
    extra_folders=("desk/reading_room",),
    message_folders=("journalists", "cases", "newsroom", "alerts"),
)
DOMAINS = (SOURCE, JOURNALIST)


def extract(domain: Domain) -> Catalog:
    """Every message of the interface's code and templates, in a template catalogue."""
    template = Catalog(project="Tipline", domain=domain.name, charset="utf-8")
    sources = [(path, "python") for path in domain.python_files()]
    sources += [(path, "jinja2.ext:babel_extract") for path in domain.templates()]
    for path, method in sources:
        for lineno, message, comments, context in extract_from_file(method, str(path), keywords=KEYWORDS):
            location = (str(path.relative_to(domain.root)), lineno)
            template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def _read(path: Path, locale: str, domain: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=domain)


def _state(catalog: Catalog) -> list[tuple[object, object, bool]]:
    return sorted((str(m.id), str(m.string), m.fuzzy) for m in catalog if m.id)


def update(domain: Domain) -> list[Path]:
    """Bring every catalogue of the domain up to date with the code; return the files changed.

    New messages arrive untranslated (the check then fails until a translator fills them);
    changed ones arrive fuzzy. Files whose messages did not change are left untouched, so that
    running it twice changes nothing.
    """
    template = extract(domain)
    changed = []
    for locale in domain.locales:
        path = domain.po_path(locale)
        if path.exists():
            catalog = _read(path, locale, domain.name)
            before = _state(catalog)
            catalog.update(template, update_header_comment=False, update_creation_date=False)
            # Obsolete entries would only mislead translators; git keeps the history.
            catalog.obsolete.clear()
        else:
            catalog = Catalog(
                locale=locale,
                domain=domain.name,
                project="Tipline",
                version="",
                charset="utf-8",
                fuzzy=False,
                header_comment=f"# {domain.name} interface of Tipline, {locale}. Wording: docs/glossary.md.",
                msgid_bugs_address="",
                last_translator="Tipline",
                language_team=f"{locale} <https://example.invalid/tipline/translations>",
            )
            catalog.update(template)
            before = None
        if locale == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and (not message.string or message.fuzzy):
                    message.string = message.id
                    message.flags.discard("fuzzy")
        if before is not None and before == _state(catalog):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, no_location=True, sort_output=True, include_previous=True)
        changed.append(path)
    return changed


def compile_catalogues(domain: Domain, *, only_stale: bool = False) -> list[Path]:
    """Write the .mo of each catalogue (fuzzy entries left out); return the files written."""
    written = []
    for locale in domain.locales:
        po, mo = domain.po_path(locale), domain.mo_path(locale)
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = _read(po, locale, domain.name)
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def problems(domain: Domain) -> list[str]:
    """Everything that would let a reader meet an untranslated string, one line each."""
    expected = {str(m.id) for m in extract(domain) if m.id}
    found = []
    for locale in domain.locales:
        path = domain.po_path(locale)
        if not path.exists():
            found.append(f"{path}: missing")
            continue
        catalog = _read(path, locale, domain.name)
        present = {str(m.id) for m in catalog if m.id}
        found += [f"{path}: not in the catalogue: {msgid!r}" for msgid in sorted(expected - present)]
        found += [f"{path}: no longer in the code: {msgid!r}" for msgid in sorted(present - expected)]
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                found.append(f"{path}: fuzzy: {message.id!r}")
            if not message.string:
                found.append(f"{path}: untranslated: {message.id!r}")
        for message, errors in catalog.check():
            found += [f"{path}: {message.id!r}: {error}" for error in errors]
    for template in domain.templates():
        found += [f"{template}: text outside _(): {text!r}" for text in loose_template_text(template)]
    for module in domain.message_files():
        found += [
            f"{module}:{line}: a refusal raised with text outside N_(): {text!r}" for line, text in loose_raises(module)
        ]
    return found


# Errors whose text no reader of the interface sees: lookups raised with a word naming what was not
# found ("source"; the interface shows its own translated page), and the digest's delivery
# failures (the worker's log, for the operator, in English like every command-line message).
_NOT_SHOWN = frozenset({"NotFound", "UnknownJournalist", "DigestError"})


def loose_raises(module: Path) -> list[tuple[int, str]]:
    """``raise SomeError("text")`` in a service module, with text not marked by N_(): a message
    a person would read untranslated. What no reader sees (_NOT_SHOWN) and bare re-raises are fine."""
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"), str(module))):
        if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call) or not node.exc.args:
            continue
        called = node.exc.func
        name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
        first = node.exc.args[0]
        if name in _NOT_SHOWN:
            continue
        text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
        if isinstance(first, ast.JoinedStr | ast.BinOp):
            text = ast.unparse(first)
        if text is not None:
            found.append((node.lineno, text))
    return found


# Jinja tags, expressions and comments; what they produce is checked by the catalogue.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# Attributes whose value a reader sees or hears (screen readers read aria-label and title).
_VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "label", "value", "content"}
_LETTER = re.compile(r"[^\W\d_]")


class _LooseText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_data(self, data: str) -> None:
        if _LETTER.search(data):
            self.found.append(data.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        input_type = dict(attrs).get("type") or ""
        for name, value in attrs:
            # A value is shown only on buttons; on options, checkboxes and radios it is what the form sends.
            if name == "value" and not (tag == "input" and input_type in {"submit", "button", "reset"}):
                continue
            # <meta name="viewport" content="width=…"> is for the browser, not the reader.
            if tag == "meta" and name == "content":
                continue
            if name in _VISIBLE_ATTRIBUTES and value and _LETTER.search(value):
                self.found.append(f'{name}="{value}"')


def loose_template_text(template: Path) -> list[str]:
    """Text in a template that a reader would see and that is not inside {{ _(…) }}."""
    parser = _LooseText()
    parser.feed(_JINJA.sub(" ", template.read_text(encoding="utf-8")))
    parser.close()
    return parser.found


def _domains(names: Sequence[str]) -> Iterator[Domain]:
    by_name = {domain.name: domain for domain in DOMAINS}
    for name in names or by_name:
        yield by_name[name]


def main(argv: Sequence[str]) -> int:
    if not argv or argv[0] not in {"update", "compile", "check"}:
        print("usage: python -m tipline.i18n.catalogues update|compile|check [DOMAIN…]", file=sys.stderr)  # noqa: T201
        return 2
    command, names = argv[0], argv[1:]
    failures = []
    for domain in _domains(names):
        if command == "update":
            for path in update(domain):
                print(f"updated {path}")  # noqa: T201
        elif command == "compile":
            compile_catalogues(domain)
        else:
            failures += problems(domain)
    for failure in failures:
        print(failure, file=sys.stderr)  # noqa: T201
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
