"""The manifest of a batch: original filenames and types, kept only inside ciphertext."""

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
class Manifest:
    batch: str
    items: tuple[ManifestItem, ...]

    def to_json(self) -> bytes:
        body = {"version": MANIFEST_VERSION, "batch": self.batch, "items": [asdict(i) for i in self.items]}
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
            return cls(batch=_text(body["batch"]), items=tuple(items))
        # OverflowError: a size of Infinity (json accepts it) has no integer value.
        except (KeyError, TypeError, OverflowError) as error:
            raise ValueError(f"malformed manifest: {error!r}") from None


def _text(value: Any) -> str:
    """A manifest's text field. JSON can spell a lone surrogate ("\\udc80"), which is no text:
    refused here (UnicodeEncodeError is a ValueError) rather than when the desk writes it out."""
    text = str(value)
    text.encode("utf-8")
    return text
