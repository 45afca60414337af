"""Translations of the sources' material into the draft's language, for the exposure check.

A draft in English can quote a source who wrote in Korean; comparing the draft with a machine
translation of the material finds such quotes. Saved translations (``translate --save``) are used
as they are; other text is translated in memory with an installed model, when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tipline.desk.errors import ModelMissing
from tipline.desk.workflow.material import Material
from tipline.desk.workflow.text import Korean, detect_language
from tipline.desk.workflow.translation.glossary import Term
from tipline.desk.workflow.translation.packages import find_model
from tipline.desk.workflow.translation.translator import Translator


def translate_material(
    desk_dir: Path, material: Sequence[Material], target: str, korean: Korean, glossary: list[Term]
) -> list[Material]:
    """In-memory translations of the material not already in ``target``, where a model is installed.

    What stays untranslated is named by the exposure check itself (ExposureChecker.not_compared).
    """
    saved = {m.submission for m in material if m.is_translation and m.path.name.endswith(f".{target}.txt")}
    translators: dict[str, Translator | None] = {}
    added: list[Material] = []
    for item in material:
        if item.text is None or item.is_translation or item.submission in saved:
            continue
        source = detect_language(item.text)
        if source == target:
            continue
        if source not in translators:
            try:
                translators[source] = Translator(find_model(desk_dir, source, target), korean, glossary)
            except ModelMissing:
                translators[source] = None
        translator = translators[source]
        if translator is None:
            continue
        added.append(replace(item, text=translator.translate(item.text).text, is_translation=True))
    return added
