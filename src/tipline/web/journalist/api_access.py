"""API v1's blueprint and its guards: every api_* module adds its views to this one blueprint.

A request carries a token (``Authorization: Token …``), checked against the database each time;
``route`` and ``admin_route`` put a view behind it (``admin_route``: admins only).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, g, request

from tipline.web.journalist import api_errors
from tipline.web.journalist.api_json import PREFIX, error
from tipline.web.journalist.portal import newsroom_desk

View = TypeVar("View", bound=Callable[..., Any])

bp = Blueprint("api", __name__, url_prefix=PREFIX)
api_errors.install(bp)


def token_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        # Checked on every request against the database: a deactivated journalist's token
        # stops working at once (its row is deleted and is_active is checked too).
        journalist = newsroom_desk().journalists.journalist_for_token(token.strip()) if scheme == "Token" else None
        if journalist is None:
            # 403, as SecureDrop answers: its clients take 403 to mean "log in again".
            return error(403, "a valid token is required: Authorization: Token <token>")
        g.journalist = journalist
        g.token = token.strip()
        return view(*args, **kwargs)

    return cast(View, wrapped)


def admin_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.journalist.is_admin:
            return error(403, "this needs the admin role")
        return view(*args, **kwargs)

    return token_required(cast(View, wrapped))


def route(rule: str, methods: list[str]) -> Callable[[View], View]:
    """A view of ``bp`` at ``rule`` for any journalist with a token."""

    def decorate(view: View) -> View:
        return bp.route(rule, methods=methods)(token_required(view))

    return decorate


def admin_route(rule: str, methods: list[str]) -> Callable[[View], View]:
    """A view of ``bp`` at ``rule`` for admins only."""

    def decorate(view: View) -> View:
        return bp.route(rule, methods=methods)(admin_required(view))

    return decorate
