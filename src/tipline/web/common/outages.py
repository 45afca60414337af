"""Failures from outside the request that both interfaces tell their readers about.

A database or Redis that cannot be reached (503: retry later), or no room left to store (507:
an administrator must free space). Anything else, such as a wrong query, stays a plain 500.
Each interface words its own page; this module decides which failure it was and hands it to
that page, whichever way it arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from flask import Flask
from flask.typing import ResponseReturnValue
from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from tipline.db import database_full, database_unavailable
from tipline.state.outages import shared_state_unavailable
from tipline.storage import no_room

# How long clients are asked to wait before trying again when a service is down (seconds).
RETRY_AFTER_SECONDS = 60
# 507 Insufficient Storage (RFC 4918): apart from the 503 of an outage, so that operators can
# tell a full disk from a database that is down.
INSUFFICIENT_STORAGE = 507
# The error types an outage can arrive as: register the interface's handler for each.
OUTAGE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout, RedisError, OSError)


class Outage(Enum):
    NO_ROOM = "no room left to store"
    DATABASE_DOWN = "the database is unavailable"
    SESSION_STORE_DOWN = "the shared state (Redis) is unavailable"


def outage_of(error: BaseException) -> Outage | None:
    """Which outage ``error`` is, or None for any other failure (a bug: a plain 500)."""
    if database_full(error) or no_room(error):
        return Outage.NO_ROOM
    if database_unavailable(error):
        return Outage.DATABASE_DOWN
    if shared_state_unavailable(error):
        return Outage.SESSION_STORE_DOWN
    return None


def log_outage(logger: logging.Logger, outage: Outage, error: BaseException) -> None:
    # The driver's own message, never SQLAlchemy's: it quotes the statement's parameters.
    original = getattr(error, "orig", None) or error
    logger.error("%s: %s: %s", outage.value, type(original).__name__, original)


Answer = TypeVar("Answer", bound=ResponseReturnValue)


def install_outage_pages(
    app: Flask, page: Callable[[Outage], Answer], unexpected: Callable[[Exception], Answer]
) -> Callable[[BaseException], Answer | None]:
    """Answers every error type an outage can arrive as with the interface's ``page`` for it
    (logged), and any other error of those types with ``unexpected`` (a wrong query is a bug: a
    plain 500). Returns the outage's page (None: not an outage) for a failure Flask hands over
    wrapped in a 500 (saving the session when the database has gone)."""

    def told(error: BaseException) -> Answer | None:
        outage = outage_of(error)
        if outage is None:
            return None
        log_outage(app.logger, outage, error)
        return page(outage)

    def told_or_unexpected(error: Exception) -> Answer:
        return told(error) or unexpected(error)

    for error_type in OUTAGE_ERRORS:
        app.register_error_handler(error_type, told_or_unexpected)
    return told
