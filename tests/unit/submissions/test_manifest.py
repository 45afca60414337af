"""The manifest: original filenames and types, which exist only inside its ciphertext."""

from __future__ import annotations

import pytest

from tipline.submissions.manifest import Manifest, ManifestItem

MANIFEST = Manifest(
    "batch-uuid",
    (
        ManifestItem("s1", "message", None, "text/plain; charset=utf-8", 12),
        ManifestItem("s2", "file", "보고서 2025.pdf", "application/pdf", 2_000_000_000),
    ),
)


def test_a_manifest_round_trips_through_json() -> None:
    assert MANIFEST == Manifest.from_json(MANIFEST.to_json())


def test_non_ascii_filenames_are_kept_as_utf8() -> None:
    assert "보고서 2025.pdf".encode() in MANIFEST.to_json()


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe",
        b"not json",
        b"[1, 2]",
        b'{"version": 2, "batch": "b", "items": []}',
        b'{"version": 1, "items": []}',
        b'{"version": 1, "batch": "b", "items": [{}]}',
        b'{"version": 1, "batch": "b", "items": [5]}',
        b'{"version": 1, "batch": "b", "items": 5}',
        b'{"version": 1, "batch": "b", "items": [{"submission": "s", "kind": "file", "size": "big"}]}',
        # Found by fuzz/fuzz_manifest.py: OverflowError and RecursionError escaped.
        b'{"version": 1, "batch": "b", "items": [{"submission": "s", "kind": "file", "size": Infinity}]}',
        b'{"version": 1, "batch": "b", "items": [{"submission": "s", "kind": "file", "size": 1e400}]}',
        b'{"version": 1, "batch": "b", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        # Found by `make soak`: a lone surrogate parsed, then could not be written out again.
        b'{"version": 1, "batch": "b", "items": [{"submission": "s", "kind": "file", "size": 1, "filename": "\\udd'
        b'dd"}]}',
        b'{"version": 1, "batch": "\\ud800", "items": []}',
    ],
)
def test_anything_malformed_is_a_value_error(data: bytes) -> None:
    """Callers (the desk) catch one exception type for every malformed manifest."""
    with pytest.raises(ValueError):  # noqa: PT011 - the type is the contract; messages vary
        Manifest.from_json(data)
