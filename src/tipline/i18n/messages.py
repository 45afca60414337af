"""Messages that services raise and interfaces show: marked for translation, translated by the shower.

A service has no request and no reader's language, so it cannot translate. It raises a
``ShownError`` (tipline/errors.py) whose message is marked with ``N_`` (extracted into the catalogue of the interface
that shows it, ``make check-strings``) and whose parameters are kept apart; the interface
translates the message and then fills the parameters in. ``str(error)`` stays the English text,
for logs, the command line and API clients.
"""

from __future__ import annotations

from tipline.errors import ShownError

__all__ = ["N_", "ShownError"]  # ShownError lives in the one tree (tipline/errors.py)


def N_(message: str) -> str:  # noqa: N802 — the name gettext tools look for
    """Mark a message for extraction without translating it (gettext_noop)."""
    return message
