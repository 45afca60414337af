"""The manifest of a batch: original filenames and types, kept only inside ciphertext.

Since questionnaires, it may also hold the source's answers: ``"questionnaire": {"language": "ko",
"answers": [{"question", "kind", "answer"}, …]}``, questions paired with answers, in the order
shown. Encrypted with the rest of the manifest to the same recipients as the message; never stored
anywhere else. A manifest without it (made before, or with no questionnaire) has no answers: the
version stays 1, as older desks ignore the field and newer desks read older manifests unchanged.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class ManifestItem:
    submission: str  # uuid
    kind: str  # "message" or "file"
    filename: str | None
    content_type: str | None
    size: int  # plaintext bytes


@dataclass(frozen=True)
class ManifestAnswer:
    question: str
    kind: str  # "text", "choice", "yesno" ("yes"/"no") or "date" (YYYY-MM-DD)
    answer: str  # "" when the source left it empty


@dataclass(frozen=True)
class Manifest:
    batch: str
    items: tuple[ManifestItem, ...]
    answers: tuple[ManifestAnswer, ...] = ()
    answers_language: str = ""

    def to_json(self) -> bytes:
        body: dict[str, Any] = {
            "version": MANIFEST_VERSION,
            "batch": self.batch,
            "items": [asdict(i) for i in self.items],
        }
        if self.answers:
            body["questionnaire"] = {
                "language": self.answers_language,
                "answers": [asdict(answer) for answer in self.answers],
            }
        return json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Parse a decrypted manifest. Filenames are untrusted: sanitise before using them."""
        try:
            body: Any = json.loads(data.decode("utf-8"))
        except RecursionError:  # deeply nested arrays or objects
            raise ValueError("malformed manifest: nested too deeply") from None
        if not isinstance(body, dict) or body.get("version") != MANIFEST_VERSION:
            raise ValueError("not a Tipline manifest of a known version")
        items = []
        # One exception type for every malformation, so callers need to catch only ValueError.
        try:
            for raw in body.get("items", []):
                if not isinstance(raw, dict):
                    raise ValueError("malformed manifest item")
                items.append(
                    ManifestItem(
                        submission=_text(raw["submission"]),
                        kind=_text(raw["kind"]),
                        filename=None if raw.get("filename") is None else _text(raw["filename"]),
                        content_type=None if raw.get("content_type") is None else _text(raw["content_type"]),
                        size=int(raw["size"]),
                    )
                )
            language, answers = _questionnaire(body.get("questionnaire"))
            return cls(batch=_text(body["batch"]), items=tuple(items), answers=answers, answers_language=language)
        # OverflowError: a size of Infinity (json accepts it) has no integer value.
        except (KeyError, TypeError, OverflowError) as error:
            raise ValueError(f"malformed manifest: {error!r}") from None


def _questionnaire(raw: Any) -> tuple[str, tuple[ManifestAnswer, ...]]:
    """The answers part, strictly: strings only (a hostile manifest may hold anything)."""
    if raw is None:
        return "", ()
    if not isinstance(raw, dict) or not isinstance(raw.get("answers"), list):
        raise ValueError("malformed manifest: questionnaire")
    answers = []
    for item in raw["answers"]:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) for key in ("question", "kind", "answer")
        ):
            raise ValueError("malformed manifest: questionnaire answer")
        answers.append(ManifestAnswer(_text(item["question"]), _text(item["kind"]), _text(item["answer"])))
    language = raw.get("language", "")
    if not isinstance(language, str):
        raise ValueError("malformed manifest: questionnaire language")
    return _text(language), tuple(answers)


def _text(value: Any) -> str:
    """A manifest's text field. JSON can spell a lone surrogate ("\\udc80"), which is no text:
    refused here (UnicodeEncodeError is a ValueError) rather than when the desk writes it out."""
    text = str(value)
    text.encode("utf-8")
    return text


def answers_as_text(answers: tuple[ManifestAnswer, ...] | list[ManifestAnswer]) -> str:
    """The answers for people: each question, then its answer indented ("-" when left empty)."""
    lines = []
    for number, answer in enumerate(answers, start=1):
        lines.append(f"{number}. {answer.question}")
        given = answer.answer.splitlines() or ["-"]
        lines.extend(f"   {line}" for line in given)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""
