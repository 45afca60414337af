"""Fuzz the manifest parser: the desk parses decrypted manifest bytes that a server produced,
and a server that turned against the newsroom can produce anything.

Two kinds of input, chosen by the first byte:
- arbitrary bytes: ``Manifest.from_json`` either returns a manifest or raises ValueError (the one
  error type its callers catch), and what it returns survives ``to_json`` → ``from_json`` unchanged;
- a manifest built from fuzzed values (filenames, content types and sizes as the web side passes
  them): ``from_json(to_json(m)) == m``, the filename is kept as data, and ``safe_name`` makes it
  a safe name.

Run: ``python fuzz/fuzz_manifest.py -max_total_time=20`` (or ``bin/fuzz``).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["tipline"]):
    from tipline.desk.filenames import safe_name
    from tipline.submissions.manifest import Manifest, ManifestItem


def check_bytes(data: bytes) -> None:
    try:
        manifest = Manifest.from_json(data)
    except ValueError:
        return
    assert manifest == Manifest.from_json(manifest.to_json()), manifest
    for item in manifest.items:
        safe_name(item.filename)


def _text(fdp: atheris.FuzzedDataProvider) -> str:
    # Werkzeug decodes multipart headers as UTF-8 (strictly, or with replacement for RFC 2231
    # values), so the web side never hands over lone surrogates.
    return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 300))


def check_built(fdp: atheris.FuzzedDataProvider) -> None:
    items = tuple(
        ManifestItem(
            submission=_text(fdp),
            kind=fdp.PickValueInList(["message", "file"]),
            filename=_text(fdp) if fdp.ConsumeBool() else None,
            content_type=_text(fdp) if fdp.ConsumeBool() else None,
            size=fdp.ConsumeInt(8),
        )
        for _ in range(fdp.ConsumeIntInRange(0, 5))
    )
    manifest = Manifest(batch=_text(fdp), items=items)
    parsed = Manifest.from_json(manifest.to_json())
    assert manifest == parsed, (manifest, parsed)


def test_one_input(data: bytes) -> None:
    if data[:1] == b"\x00":
        check_built(atheris.FuzzedDataProvider(data[1:]))
    else:
        check_bytes(data)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
