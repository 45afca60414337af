"""The guide's text in every language: translated, complete, and printable with the embedded font."""

from __future__ import annotations

import re
from dataclasses import astuple
from functools import cache

import pytest
from fontTools.ttLib import TTFont

from tipline.errors import FontMissing
from tipline.guide.build import LANGUAGES, guide_for
from tipline.guide.content import GuideText
from tipline.guide.fonts import Face, font_set

SCRIPT = {"ko": r"[\uac00-\ud7a3]", "ru": r"[а-яё]", "zh": r"[\u4e00-\u9fff]", "en": r"[a-z]"}


def _strings(text: GuideText) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            walk(astuple(value))  # type: ignore[arg-type]

    walk(text)
    return found


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_string_is_in_the_readers_script(language: str) -> None:
    """Each visible string is translated (a Korean guide has no English-only sentence)."""
    _locale, text = guide_for(language)
    strings = _strings(text)
    assert len(strings) > 40
    untranslated = [s for s in strings if not re.search(SCRIPT[language], s.lower())]
    assert [] == untranslated


def test_every_language_has_the_same_sections_and_three_card_steps() -> None:
    shapes = set()
    for language in LANGUAGES:
        _locale, text = guide_for(language)
        assert 3 == len(text.card_steps)
        shapes.add(tuple((len(s.paragraphs), len(s.points), len(s.closing)) for s in text.sections))
    assert 1 == len(shapes)


@cache
def _cmap(face: Face) -> frozenset[int]:
    """The code points `face` has a glyph for; read once per worker (ko, en and ru share the KR faces)."""
    font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_embedded_font_has_a_glyph_for_every_character(language: str) -> None:
    """No character falls back to an empty box (.notdef) in the PDF, in regular or bold."""
    locale, text = guide_for(language)
    try:
        fonts = font_set(locale)
    except FontMissing as error:
        pytest.skip(str(error))
    characters = {c for s in _strings(text) for c in s if not c.isspace()} | set("•0123456789.")
    for face in (fonts.regular, fonts.bold, fonts.mono):
        cmap = _cmap(face)
        assert [] == sorted(c for c in characters if ord(c) not in cmap), face
