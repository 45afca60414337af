"""Messages that services raise and interfaces show: marked for translation, translated by the shower.

A service has no request and no reader's language, so it cannot translate. It raises a
``ShownError`` whose message is marked with ``N_`` (extracted into the catalogue of the interface
that shows it, ``make check-strings``) and whose parameters are kept apart; the interface
translates the message and then fills the parameters in. ``str(error)`` stays the English text,
for logs, the command line and API clients.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 — the name gettext tools look for
    """Mark a message for extraction without translating it (gettext_noop)."""
    return message


class ShownError(ValueError):
    """A refusal a person reads: ``message`` is an ``N_``-marked msgid with %(name)s fields."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(message % self.params if self.params else message)
