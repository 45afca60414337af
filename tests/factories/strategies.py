"""Hypothesis strategies for hostile input to every form and the API, the fuzzing profiles, and the
properties every generated case is held to.

Profiles (chosen by the HYPOTHESIS_PROFILE environment variable):
- ``default``: a few hundred cases across the suite, derandomised so CI is repeatable;
- ``soak``: at least 10,000 cases across the source forms, the journalist forms and the API
  (``make soak``), random, so every soak explores new inputs.

Every generated case calls :func:`count_case`; the terminal summary prints the total, and when
TIPLINE_SOAK_MIN_CASES is set (bin/soak) the run fails if fewer cases ran.
"""

from __future__ import annotations

import builtins
import inspect
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar
from urllib.parse import quote_from_bytes, quote_plus, unquote_to_bytes

import hypothesis
import pytest
from flask import Flask
from flask_wtf import FlaskForm
from hypothesis import strategies as st
from werkzeug.routing import Rule
from wtforms import BooleanField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from tipline.integrity import IntegrityChecker
from tipline.services import Services

# --- profiles -------------------------------------------------------------------------------

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")

# The profiles leave other hypothesis tests of the suite as they were (Hypothesis' own defaults);
# what the fuzz tests need on top is in fuzz_settings.
hypothesis.settings.register_profile("default", print_blob=True)
hypothesis.settings.register_profile("soak", max_examples=1000, print_blob=True)
hypothesis.settings.load_profile(PROFILE if PROFILE in ("default", "soak") else "default")

# Cases per test (each test also runs once per database engine). Default: about 60 + 100 per engine
# for the forms, and the 12 per API operation the schemathesis test always had.
BUDGETS: dict[str, dict[str, int]] = {
    "default": {"source_forms": 60, "journalist_forms": 100, "api_operation": 12},
    "soak": {"source_forms": 2500, "journalist_forms": 3000, "api_operation": 60},
}


def fuzz_settings(kind: str, share: int = 1) -> hypothesis.settings:
    """The current profile, with the number of cases this kind of test gets in it (split into
    ``share`` equal parts when the test runs one hypothesis test per form)."""
    budget = BUDGETS.get(PROFILE, BUDGETS["default"])
    return hypothesis.settings(
        hypothesis.settings.default,
        max_examples=max(1, budget[kind] // share),
        # Repeatable in the normal suite; new inputs at every soak.
        derandomize=PROFILE != "soak",
        deadline=None,
        database=None,
        # Each case goes through a real app and a real database; and the huge strings are huge on purpose.
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate, hypothesis.Phase.shrink],
    )


# --- counting cases -------------------------------------------------------------------------

_cases: dict[str, int] = {}


def count_case(kind: str) -> None:
    _cases[kind] = _cases.get(kind, 0) + 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _cases:
        return
    parts = ", ".join(f"{kind} {count}" for kind, count in sorted(_cases.items()))
    terminalreporter.write_line(f"fuzz: {sum(_cases.values())} generated cases ran ({parts}; profile {PROFILE})")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if PROFILE == "soak":
        return
    skip = pytest.mark.skip(reason="long-running: `make soak` runs it (HYPOTHESIS_PROFILE=soak)")
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    minimum = int(os.environ.get("TIPLINE_SOAK_MIN_CASES", "0") or 0)
    if minimum and sum(_cases.values()) < minimum:
        print(f"\nfuzz: only {sum(_cases.values())} generated cases ran; the soak needs at least {minimum}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- hostile text ---------------------------------------------------------------------------

# Things that break naive code: NUL, bidi overrides (U+202E makes "gpj.exe" look like "exe.jpg"),
# zero-width and BOM, line breaks, form-encoding metacharacters, markup and template syntax.
SNIPPETS = (
    "\x00",
    "\u202e",
    "\u202d",
    "\u2066",
    "\ufeff",
    "\u200b",
    "\r\n",
    "\n",
    "\t",
    "%00",
    "%",
    "%zz",
    "&",
    "=",
    "+",
    ";",
    "<script>alert(1)</script>",
    "'\"",
    "{{7*7}}",
    "${7*7}",
    "%(x)s",
    "../../etc/passwd",
    "..\\..\\",
    "CON",
    " ",
    "\u3000",
    "ё",
    "İ",
    "ß",
    "ﬁ",
    "😀",
    "\U0010ffff",
)
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
CYRILLIC = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
# Any code point UTF-8 can carry: lone surrogates cannot be typed into a str body; they are sent
# as raw bytes by INVALID_UTF8 below instead.
ANY_CHAR = st.characters(codec="utf-8")
# Byte sequences that are not UTF-8: a lone surrogate (CESU), overlong "/", out of range, truncated.
INVALID_UTF8 = (b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xff", b"\xe4\xb8", b"\x80")
# Near the limits of the forms and the apps (form memory, codename, messages).
HUGE_LENGTHS = (16, 17, 64, 65, 128, 129, 512, 513, 1024, 1025, 60_001, 100_001, 200_001, 700_000)


def huge_text() -> st.SearchStrategy[str]:
    return st.builds(lambda char, n: char * n, st.sampled_from("a가Ж中\u202e\x00 "), st.sampled_from(HUGE_LENGTHS))


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    scripts = st.one_of(
        st.text(HANGUL, max_size=max_size),
        st.text(CYRILLIC, max_size=max_size),
        st.text(CJK, max_size=max_size),
    )
    mixed = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(ANY_CHAR, max_size=8), scripts), max_size=6).map(
        "".join
    )
    return st.one_of(st.text(ANY_CHAR, max_size=max_size), scripts, mixed, st.sampled_from(SNIPPETS), huge_text())


def hostile_bytes(max_size: int = 40) -> st.SearchStrategy[bytes]:
    """Field values as they go on the wire: mostly UTF-8 text, sometimes not UTF-8 at all."""
    return st.one_of(
        hostile_text(max_size).map(lambda text: text.encode("utf-8")),
        hostile_text(max_size).map(lambda text: text.encode("utf-16")),
        st.lists(st.one_of(st.sampled_from(INVALID_UTF8), st.binary(max_size=4)), min_size=1, max_size=4).map(b"".join),
        st.binary(max_size=max_size),
    )


def bogus_uuids() -> st.SearchStrategy[str]:
    """Things in the place of a UUID in a path: wrong shapes, wrong versions, traversal, hostile text."""
    return st.one_of(
        st.uuids().map(str),
        st.uuids().map(lambda u: str(u).upper()),
        st.uuids().map(lambda u: u.hex),
        st.sampled_from(
            [
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "0",
                "-1",
                "null",
                "undefined",
                "..",
                "%2e%2e",
                "a" * 2000,
                "1 OR 1=1",
                "' OR ''='",
            ]
        ),
        hostile_text(20).filter(lambda text: text != ""),
    )


def field_names() -> st.SearchStrategy[str]:
    """Names of extra fields: ones the app might trust if it read them, and hostile ones."""
    return st.one_of(
        st.sampled_from(
            ["source_id", "journalist_id", "identity", "generation", "is_admin", "csrf_token", "files", "__proto__", ""]
        ),
        hostile_text(12),
    )


# --- forms, from the apps and their WTForms classes ------------------------------------------

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def state_changing_rules(app: Flask) -> list[Rule]:
    """Every route of the app that takes POST, PUT, PATCH or DELETE: each must be fuzzed."""
    return [rule for rule in app.url_map.iter_rules() if STATE_CHANGING & set(rule.methods or ())]


def form_classes(module: ModuleType) -> set[type]:
    """The WTForms classes a forms module defines: each must be used by a fuzzed route."""
    return {
        value
        for _, value in inspect.getmembers(module, inspect.isclass)
        if issubclass(value, FlaskForm) and value is not FlaskForm and value.__module__ == module.__name__
    }


def form_fields(form_class: type) -> dict[str, UnboundField]:
    """The fields a WTForms class declares (CSRF comes from FlaskForm and is handled apart)."""
    found: dict[str, UnboundField] = {}
    for klass in reversed(form_class.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, UnboundField):
                found[name] = value
    return found


def _length_limits(unbound: UnboundField) -> list[int]:
    validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
    limits: list[int] = []
    for validator in validators:
        if isinstance(validator, Length):
            limits += [n for n in (validator.min, validator.max) if n is not None and n >= 0]
    return limits


def field_values(unbound: UnboundField, plausible: Sequence[str] = ()) -> st.SearchStrategy[bytes]:
    """Values for one field: hostile ones, lengths right at and just past its limits, and the
    plausible values the test knows (a real codename, a real username) so validation passes."""
    options: list[st.SearchStrategy[bytes]] = [hostile_bytes()]
    limits = _length_limits(unbound)
    if limits:
        options.append(
            st.builds(
                lambda char, n: (char * n).encode("utf-8"),
                st.sampled_from("a가Ж"),
                st.sampled_from(sorted({n + d for n in limits for d in (-1, 0, 1) if n + d >= 0})),
            )
        )
    if issubclass(unbound.field_class, BooleanField):
        options.append(st.sampled_from([b"y", b"yes", b"on", b"true", b"1", b"", b"false", b"0", b"n"]))
    if plausible:
        options.append(st.sampled_from([value.encode("utf-8") for value in plausible]))
    return st.one_of(options)


# --- requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilePart:
    name: bytes
    filename: bytes | None
    content_type: bytes | None
    content: bytes


@dataclass(frozen=True)
class Draft:
    """A request body before CSRF is added: ordered fields (repeats allowed) and file parts."""

    fields: tuple[tuple[str, bytes], ...]
    files: tuple[FilePart, ...] = ()
    encoding: str = "urlencoded"  # urlencoded | multipart | json | raw | empty
    quoting: str = "percent"  # percent | plus | raw (unescaped bytes, metacharacters and all)
    content_type: str = "standard"  # standard | charset | wrong | missing | upper
    truncate_at: float | None = None  # cut the body off at this fraction (a dropped connection)


ODD_FILENAMES = (
    b"",
    b"report.pdf",
    b"../../../../etc/passwd",
    b"..\\..\\boot.ini",
    b"/abs/path.txt",
    b"a\x00b.txt",
    "\u202egpj.exe".encode(),
    "사진.jpg".encode(),
    "фото.png".encode(),
    "照片.txt".encode(),
    b"x" * 4096,
    b"CON",
    b'has"quote.txt',
    b"semi;colon=.txt",
    b"new\r\nline.txt",
    b"\xff\xfe.bin",
    b".",
    b".incoming",
)


def file_parts() -> st.SearchStrategy[FilePart]:
    return st.builds(
        FilePart,
        name=st.sampled_from([b"files", b"files", b"file", b"message", b"csrf_token", "파일".encode()]),
        filename=st.one_of(st.none(), st.sampled_from(ODD_FILENAMES), hostile_bytes(30)),
        content_type=st.one_of(
            st.none(),
            st.sampled_from([b"application/octet-stream", b"image/jpeg", b"text/html", b"", b"multipart/form-data"]),
            hostile_bytes(20),
        ),
        content=st.one_of(
            st.just(b""),
            st.binary(max_size=2048),
            st.sampled_from([b"\x00" * 70_000, "가".encode() * 30_000, b"--boundary\r\n"]),
        ),
    )


def drafts(
    fields: Mapping[str, st.SearchStrategy[bytes]], *, files: bool = True, extra: bool = True
) -> st.SearchStrategy[Draft]:
    """A body for a form with these fields: each field missing, once or twice; extra fields; files."""

    @st.composite
    def build(draw: st.DrawFn) -> Draft:
        chosen: list[tuple[str, bytes]] = []
        for name, values in fields.items():
            # Usually present once, so that validation is reached; sometimes missing or repeated.
            times = draw(st.sampled_from([1, 1, 1, 1, 0, 2]))
            chosen += [(name, draw(values)) for _ in range(times)]
        if extra:
            chosen += draw(st.lists(st.tuples(field_names(), hostile_bytes(20)), max_size=3))
        chosen = draw(st.permutations(chosen)) if draw(st.booleans()) else chosen
        # Mostly a body a browser could send, so the values reach the validators and the services;
        # otherwise anything: JSON, raw bytes, unescaped, a wrong Content-Type, cut off.
        if draw(st.sampled_from([True, True, True, False])):
            encoding = draw(st.sampled_from(["urlencoded", "multipart"]))
            quoting, content_type, truncate_at = draw(st.sampled_from(["percent", "plus"])), "standard", None
        else:
            encoding = draw(st.sampled_from(["urlencoded", "multipart", "multipart", "json", "raw", "empty"]))
            quoting = draw(st.sampled_from(["percent", "plus", "raw"]))
            content_type = draw(st.sampled_from(["standard", "standard", "charset", "wrong", "missing", "upper"]))
            truncate_at = draw(st.one_of(st.none(), st.floats(0.0, 0.999)))
        return Draft(
            fields=tuple(chosen),
            files=tuple(draw(st.lists(file_parts(), max_size=3))) if files and encoding == "multipart" else (),
            encoding=encoding,
            quoting=quoting,
            content_type=content_type,
            truncate_at=truncate_at,
        )

    return build()


# How the CSRF token is presented. "valid" most of the time, so validation behind the guard is fuzzed.
CSRF_MODES = ("valid",) * 14 + (
    "header",
    "header",
    "missing",
    "empty",
    "garbage",
    "duplicate",
    "garbage_then_valid",
    "foreign",
    "truncated",
)


def csrf_modes() -> st.SearchStrategy[str]:
    return st.sampled_from(CSRF_MODES)


def csrf_fields(mode: str, token: str | None, foreign: str) -> list[tuple[str, bytes]]:
    """The csrf_token fields for a mode; a mode needing a token falls back to garbage without one."""
    valid = (token or "not-a-token").encode("ascii")
    return {
        "valid": [("csrf_token", valid)],
        "header": [],  # in X-CSRFToken instead: csrf_headers
        "missing": [],
        "empty": [("csrf_token", b"")],
        "garbage": [("csrf_token", b"ImFiYyI.Zz9x.bm90LWEtdG9rZW4")],
        "duplicate": [("csrf_token", valid), ("csrf_token", valid)],
        "garbage_then_valid": [("csrf_token", b"garbage"), ("csrf_token", valid)],
        "foreign": [("csrf_token", foreign.encode("ascii"))],
        "truncated": [("csrf_token", valid[: len(valid) // 2])],
    }[mode]


def csrf_headers(mode: str, token: str | None) -> dict[str, str]:
    """The X-CSRFToken header (as static/webauthn.js sends it) for the "header" mode."""
    return {"X-CSRFToken": token or "not-a-token"} if mode == "header" else {}


def _json_value(value: bytes, quoting: str) -> object:
    text = value.decode("utf-8", "surrogateescape")
    if quoting != "raw":
        return text
    # Not only strings: what a form must not choke on when a JSON body reaches it.
    return [text, len(value), {"value": text}, None, len(value) / 3, [[text]]][len(value) % 6]


def _quote(value: bytes, quoting: str) -> bytes:
    if quoting == "plus":
        return quote_plus(value, safe="").encode("ascii")
    if quoting == "raw":
        return value
    return quote_from_bytes(value, safe="").encode("ascii")


def _header_value(value: bytes) -> bytes:
    # The way browsers write a name or filename into Content-Disposition.
    return value.replace(b"\\", b"\\\\").replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")


def encode(draft: Draft, csrf: list[tuple[str, bytes]], boundary: str = "fuzzb0undaryXyZ") -> tuple[bytes, str | None]:
    """The body and Content-Type of a draft with these CSRF fields in front."""
    fields = [*csrf, *draft.fields]
    body: bytes
    if draft.encoding == "urlencoded":
        body = b"&".join(_quote(k.encode("utf-8"), draft.quoting) + b"=" + _quote(v, draft.quoting) for k, v in fields)
        content_type = "application/x-www-form-urlencoded"
    elif draft.encoding == "multipart":
        chunks: list[bytes] = []
        marker = boundary.encode("ascii")
        for name, value in fields:
            chunks.append(
                b"--" + marker + b'\r\nContent-Disposition: form-data; name="'
                b"" + _header_value(name.encode("utf-8")) + b'"\r\n\r\n' + value + b"\r\n"
            )
        for part in draft.files:
            disposition = b'Content-Disposition: form-data; name="' + _header_value(part.name) + b'"'
            if part.filename is not None:
                disposition += b'; filename="' + _header_value(part.filename) + b'"'
            headers = disposition + (
                b"\r\nContent-Type: " + _header_value(part.content_type) if part.content_type else b""
            )
            chunks.append(b"--" + marker + b"\r\n" + headers + b"\r\n\r\n" + part.content + b"\r\n")
        body = b"".join(chunks) + b"--" + marker + b"--\r\n"
        content_type = f"multipart/form-data; boundary={boundary}"
    elif draft.encoding == "json":
        shapes = [{k: _json_value(v, draft.quoting) for k, v in fields}, [[k, v.decode("latin-1")] for k, v in fields]]
        body = json.dumps(shapes[len(fields) % 7 == 6], ensure_ascii=True).encode()
        content_type = "application/json"
    elif draft.encoding == "raw":
        body = b"\x00".join(v for _, v in fields)
        content_type = "text/plain"
    else:
        body, content_type = b"", None
    if draft.truncate_at is not None:
        body = body[: int(len(body) * draft.truncate_at)]
    if content_type is not None:
        if draft.content_type == "charset":
            content_type += "; charset=latin-1"
        elif draft.content_type == "wrong":
            content_type = "text/xml" if draft.encoding != "json" else "application/x-www-form-urlencoded"
        elif draft.content_type == "missing":
            content_type = None
        elif draft.content_type == "upper":
            content_type = content_type.upper().replace("BOUNDARY=" + boundary.upper(), "boundary=" + boundary)
    return body, content_type


def path_segment(value: str) -> str:
    return quote_from_bytes(value.encode("utf-8"), safe="")


# --- properties -----------------------------------------------------------------------------

_EXCEPTION_NAMES = sorted(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException) and re.search(r"Error|Exception|Exit", name)
)
TRACE_MARKERS = (
    "Traceback",
    "site-packages",
    '.py"',
    ".py'",
    'File "/',
    "werkzeug.",
    "sqlalchemy.",
    "psycopg",
    "jinja2.",
    "src/tipline",
    "tipline.web.",
    "tipline.newsroom.",
    "tipline.submissions.",
    "tipline.errors.",  # where every server error now lives: its qualified name in a body is a trace
    "IntegrityError",
    "OperationalError",
    "DataError",
    "ProgrammingError",
    "CSRFError",
    "InvalidTag",
    "BlobNotFound",
    "UploadTooLarge",
    "StatementError",
    *_EXCEPTION_NAMES,
)


@dataclass
class Observed:
    """What a case sent and got, for the failure message."""

    method: str
    path: str
    status: int
    body: bytes
    sent: bytes = b""
    notes: list[str] = field(default_factory=list)


def assert_no_server_error_or_trace(observed: Observed) -> None:
    """Never a 5xx; never a stack trace, a source path or an exception name in a body (unless the
    request itself carried those words, and the page only echoes them back)."""
    where = f"{observed.method} {observed.path} -> {observed.status}"
    assert observed.status < 500, f"{where}: {observed.body[:2000]!r}"
    text = observed.body.decode("utf-8", "replace")
    sent = observed.sent + b"\n" + unquote_to_bytes(observed.sent.replace(b"+", b" "))
    sent_text = sent.decode("utf-8", "replace")
    leaks = [marker for marker in TRACE_MARKERS if marker in text and marker not in sent_text]
    assert [] == leaks, f"{where}: the body shows {leaks}: {text[:2000]}"


def assert_consistent(services: Services) -> None:
    """Every row that names a blob has it, no blob lacks a row, no half-written upload is left."""
    report = IntegrityChecker(services.sessions, services.store).check()
    assert report.ok, (
        f"orphaned blobs {report.orphaned_blobs}, rows without blobs {report.missing_blobs}, "
        f"unfinished writes {report.incomplete_writes}"
    )


SpecT = TypeVar("SpecT")


def failures_of_every_form(specs: Mapping[str, SpecT], fuzz_one: Callable[[SpecT], None]) -> list[str]:
    """Fuzz each form in turn and collect what fails, so that one run reports every failing form."""
    failures: list[str] = []
    for endpoint, spec in sorted(specs.items()):
        try:
            fuzz_one(spec)
        except Exception as error:
            failures.append(f"{endpoint}: {error}")
    return failures
