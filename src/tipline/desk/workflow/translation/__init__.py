"""Offline machine translation: Argos Translate packages run with CTranslate2 and SentencePiece."""
