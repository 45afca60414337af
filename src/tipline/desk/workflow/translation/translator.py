"""Translate text with an installed Argos package: split into sentences, SentencePiece, CTranslate2.

Only local files are read; CTranslate2 and SentencePiece open no connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tipline.desk.workflow.text import Korean, sentences
from tipline.desk.workflow.translation.glossary import Term, apply
from tipline.desk.workflow.translation.packages import ModelPackage

BEAM_SIZE = 2
MAX_DECODING_LENGTH = 512


@dataclass(frozen=True)
class TranslatedSentence:
    original: str
    translation: str
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Translation:
    model: ModelPackage
    sentences: tuple[TranslatedSentence, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return " ".join(s.translation for s in self.sentences)

    @property
    def terms(self) -> list[Term]:
        seen: dict[str, Term] = {}
        for sentence in self.sentences:
            for term in sentence.terms:
                seen.setdefault(term.source, term)
        return list(seen.values())


def detokenise(pieces: list[str]) -> str:
    # Argos packages ship the source-side SentencePiece model only; target pieces mark word starts with ▁.
    return "".join(pieces).replace("▁", " ").strip()


class Translator:
    def __init__(self, package: ModelPackage, korean: Korean, glossary: list[Term]) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.korean = korean
        self.glossary = glossary
        self._pieces: Any = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
        self._model: Any = ctranslate2.Translator(str(package.path / "model"), device="cpu", inter_threads=1)

    def translate(self, text: str) -> Translation:
        originals = sentences(text, self.korean)
        if not originals:
            return Translation(self.package)
        tokenised = self._pieces.encode(originals, out_type=str)
        results = self._model.translate_batch(
            tokenised, max_batch_size=32, beam_size=BEAM_SIZE, max_decoding_length=MAX_DECODING_LENGTH
        )
        pair = f"{self.package.source}-{self.package.target}"
        translated = []
        for original, result in zip(originals, results, strict=True):
            output, terms = apply(self.glossary, original, detokenise(result.hypotheses[0]), pair)
            translated.append(TranslatedSentence(original, output, tuple(terms)))
        return Translation(self.package, tuple(translated))
