from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tipline.db import Base


class QuestionnaireRow(Base):
    """An admin's questionnaire for one source language. No row: the shipped default applies;
    a row with an empty list: no questions for that language. Questions only, never answers:
    answers exist only inside each batch's ciphertext."""

    __tablename__ = "questionnaires"

    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    questions: Mapped[str] = mapped_column(Text)  # JSON: [{"text", "kind", "required", "choices"}]
