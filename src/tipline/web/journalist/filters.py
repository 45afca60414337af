"""The sources list's filters, read from the query string the same way by both journalist
interfaces (the web page's form and API v1's GET /sources take the same words)."""

from __future__ import annotations

from collections.abc import Callable

from flask import request

from tipline.newsroom.listing import SourceQuery


def source_filters(flag: Callable[[str], bool | None]) -> SourceQuery:
    """A query with the request's filters (status, label, assignee, starred, unread, q) and the
    defaults otherwise. ``flag`` reads a yes/no filter: the API refuses a word it does not know,
    the web page ignores it."""
    args = request.args
    return SourceQuery(
        status=args.get("status") or None,
        label=args.get("label") or None,
        assignee=args.get("assignee") or None,
        starred=flag("starred"),
        unread=flag("unread"),
        search=args.get("q") or None,
    )
