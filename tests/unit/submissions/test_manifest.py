"""The manifest: original filenames and types, which exist only inside its ciphertext."""

from __future__ import annotations

import json

import pytest

from tipline.submissions.manifest import Manifest, ManifestAnswer, ManifestItem, answers_as_text

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


# --- questionnaire answers -------------------------------------------------------------------

ANSWERED = Manifest(
    "batch-uuid",
    MANIFEST.items,
    (
        ManifestAnswer("무슨 일이 있었습니까?", "text", "창고가 불탔습니다.\n둘째 줄"),
        ManifestAnswer("언제?", "date", ""),
    ),
    "ko",
)


def test_answers_round_trip_inside_the_manifest_labelled_by_question() -> None:
    data = ANSWERED.to_json()
    body = json.loads(data)
    assert "ko" == body["questionnaire"]["language"]
    assert {"question": "언제?", "kind": "date", "answer": ""} == body["questionnaire"]["answers"][1]
    assert ANSWERED == Manifest.from_json(data)


def test_a_manifest_made_before_questionnaires_reads_with_no_answers() -> None:
    old = b'{"batch": "b", "items": [], "version": 1}'
    assert ((), "") == (Manifest.from_json(old).answers, Manifest.from_json(old).answers_language)
    assert b"questionnaire" not in MANIFEST.to_json()  # nothing added when there are no answers


@pytest.mark.parametrize(
    "questionnaire",
    [
        b"5",
        b"[]",
        b'{"answers": 5}',
        b'{"answers": [5]}',
        b'{"answers": [{"question": "q", "kind": "text"}]}',
        b'{"answers": [{"question": "q", "kind": "text", "answer": 7}]}',
        b'{"answers": [], "language": 3}',
        b'{"answers": [{"question": "\\udc80", "kind": "text", "answer": ""}]}',
    ],
)
def test_a_malformed_answers_part_is_a_value_error(questionnaire: bytes) -> None:
    data = b'{"version": 1, "batch": "b", "items": [], "questionnaire": ' + questionnaire + b"}"
    with pytest.raises(ValueError):  # noqa: PT011
        Manifest.from_json(data)


def test_answers_as_text_pairs_each_question_with_its_answer() -> None:
    assert "1. 무슨 일이 있었습니까?\n   창고가 불탔습니다.\n   둘째 줄\n\n2. 언제?\n   -\n" == answers_as_text(
        ANSWERED.answers
    )
