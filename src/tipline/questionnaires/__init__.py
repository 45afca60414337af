"""Questionnaires: the questions a source may answer above the message, one set per language."""
