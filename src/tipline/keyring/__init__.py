"""The newsroom's recipients over time: which one new material is encrypted to (docs/key-rotation-design.md)."""

from tipline.errors import KeyRingError
from tipline.keyring.service import KeyAge, KeyRing, NewsroomKeyView

__all__ = ["KeyAge", "KeyRing", "KeyRingError", "NewsroomKeyView"]
