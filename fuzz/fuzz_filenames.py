"""Fuzz the desk's filename sanitiser: a manifest filename is whatever a source (or a server
that turned against the newsroom) put there.

Properties of ``tipline.desk.filenames.safe_name`` for any text:
- it never raises;
- the name has no "/", "\\", NUL, other control characters, bidi overrides or other format
  characters, lone surrogates, private-use characters or line/paragraph separators;
- it is never "", "." or "..", never starts with "." (no hidden files) and never ends in a dot or
  a space;
- it fits in MAX_NAME_BYTES bytes of UTF-8 (ext4 allows 255);
- sanitising it again gives the same name (what the desk shows is what it writes);
- ``create_exclusive`` creates it directly inside the folder, and again as "name (2)".

Run: ``python fuzz/fuzz_filenames.py -max_total_time=20`` (or ``bin/fuzz``).
"""

from __future__ import annotations

import sys
import tempfile
import unicodedata
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["tipline"]):
    from tipline.desk import filenames

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
# Pieces of hostile names that random text rarely hits on its own; the fuzzer strings them together.
FRAGMENTS = [
    "../",
    "..\\",
    "/",
    ".",
    "..",
    " ",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u0301",
    "\u0338",
    "e",
    "<",
    "\u1100",
    "\u1161",
    "\u11a8",
    "가",
    "a" * 60,
    "z" * 7,
    "가" * 30,
    ".pdf",
    ".tar.gz",
    ".exe",
    "\u3000",
    "\u2028",
    "\ud800",
    "\U000e0001",
    "CON",
    "~",
    "-",
    ".x" * 9,
]
FOLDER = Path(tempfile.mkdtemp(prefix="tipline-fuzz-filenames-"))


def check_name(untrusted: str) -> str:
    name = filenames.safe_name(untrusted)
    assert name not in {"", ".", ".."}, (untrusted, name)
    assert not name.startswith("."), (untrusted, name)
    assert not name.endswith((".", " ")), (untrusted, name)
    assert not {"/", "\\", "\x00"} & set(name), (untrusted, name)
    bad = [c for c in name if unicodedata.category(c) in FORBIDDEN_CATEGORIES]
    assert not bad, (untrusted, name, bad)
    assert len(name.encode("utf-8")) <= filenames.MAX_NAME_BYTES, (untrusted, name)
    assert name == filenames.safe_name(name), (untrusted, name, filenames.safe_name(name))
    return name


def check_created(name: str) -> None:
    first = filenames.create_exclusive(FOLDER, name)
    second = filenames.create_exclusive(FOLDER, name)
    try:
        assert FOLDER == first.parent == second.parent, (name, first, second)
        assert sorted([first, second]) == sorted(FOLDER.iterdir()), (name, first, second)
        assert name == first.name, (name, first)
        assert first != second, (name, first, second)
    finally:
        first.unlink()
        second.unlink()


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    create = fdp.ConsumeBool()
    if fdp.ConsumeBool():
        untrusted = "".join(fdp.PickValueInList(FRAGMENTS) for _ in range(fdp.ConsumeIntInRange(0, 40)))
    else:
        untrusted = fdp.ConsumeUnicode(fdp.remaining_bytes())
    name = check_name(untrusted)
    if create:
        check_created(name)


def main() -> None:
    # libFuzzer ends the process itself (no Python clean-up runs): FOLDER is made in $TMPDIR,
    # which bin/fuzz and tests/functional/test_fuzzers.py point at a folder they remove.
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
