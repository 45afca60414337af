"""List responses: whole (SecureDrop's way), a page (page, per_page), or a sync (since).

- No page, per_page or since: every item, in one response (SecureDrop's clients expect this).
- page / per_page: that page; links.next etc. lead through the rest.
- since=<cursor>: what changed after that cursor, in the order of the changes, per_page (default
  the maximum) at a time; links.next carries on; ``cursor`` goes into the next sync. The cursor is
  a stamp of tipline.sequence, which hands stamps out in commit order: nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

from tipline.contract.codec import to_json, to_json_text
from tipline.contract.records import Links, ReplyList, SourceList, SubmissionList, Tombstone
from tipline.errors import BadJson
from tipline.newsroom.content import NewsroomContent
from tipline.newsroom.listing import MAX_PER_PAGE
from tipline.web.journalist.api_json import PREFIX, int_arg

MAX_CURSOR = 2**62


@dataclass(frozen=True)
class ListArgs:
    page: int
    per_page: int | None  # None: everything
    since: int | None

    @property
    def limit(self) -> int | None:
        return self.per_page

    @property
    def offset(self) -> int:
        return 0 if self.per_page is None else (self.page - 1) * self.per_page


def list_args(default_per_page: int) -> ListArgs:
    since = int_arg("since", -1, 0, MAX_CURSOR) if "since" in request.args else None
    if since is not None:
        if "page" in request.args:
            raise BadJson("page and since do not go together: follow links.next, or pass the cursor as since")
        return ListArgs(1, int_arg("per_page", MAX_PER_PAGE, 1, MAX_PER_PAGE), since)
    if "page" in request.args or "per_page" in request.args:
        return ListArgs(int_arg("page", 1, 1, 10**6), int_arg("per_page", default_per_page, 1, MAX_PER_PAGE), None)
    return ListArgs(1, None, None)


@dataclass(frozen=True)
class Deleted:
    tombstones: list[Tombstone]
    total: int  # after the cursor, in all pages


NO_DELETIONS = Deleted([], 0)


def deleted_since(content: NewsroomContent, kind: str, args: ListArgs) -> Deleted:
    """A sync's tombstones of ``kind`` (a page's worth at most); none without since.

    Read after the cursor: one committed meanwhile has a stamp above it and is left to the next
    page (list_response cuts at the cursor, as the items are)."""
    if args.since is None:
        return NO_DELETIONS
    rows, total = content.tombstones_since(kind, args.since, args.per_page)
    return Deleted([Tombstone(uuid_sha256=digest, change_seq=stamp) for digest, stamp in rows], total)


def list_response(
    record_type: type[SourceList] | type[SubmissionList] | type[ReplyList],
    key: str,
    *,
    path: str,
    kept: Mapping[str, str],
    args: ListArgs,
    items: Sequence[Any],
    total: int,
    cursor_before: int,
    deleted: Deleted = NO_DELETIONS,
) -> Response:
    """The list body (contract: SourceList, SubmissionList, ReplyList) and its Link header.

    With since, ``items`` (none changed after ``cursor_before``) and ``deleted`` are merged in stamp
    order and cut at per_page; the cursor is the last stamp listed, so the next page resumes there.
    """

    def link(**params: int) -> str:
        query = urlencode({**kept, **params})
        return f"{PREFIX}/{path}" + (f"?{query}" if query else "")

    if args.since is not None:
        per_page = args.per_page or MAX_PER_PAGE
        tombstones = [t for t in deleted.tombstones if t.change_seq <= cursor_before]
        merged = sorted([*items, *tombstones], key=lambda item: int(item.change_seq))[:per_page]
        items = [item for item in merged if not isinstance(item, Tombstone)]
        gone = [item for item in merged if isinstance(item, Tombstone)]
        more = total > len(items) or deleted.total > len(gone)
        total += deleted.total
        cursor = merged[-1].change_seq if merged else args.since
        links = Links(
            first=link(since=args.since, per_page=per_page),
            last=link(since=cursor, per_page=per_page),
            next=link(since=cursor, per_page=per_page) if more else None,
            prev=None,
        )
        page, pages = 1, max(1, -(-total // per_page))
    elif args.per_page is None:
        gone = []
        cursor, per_page, page, pages = cursor_before, max(1, total), 1, 1
        links = Links(first=link(), last=link(), next=None, prev=None)
    else:
        gone = []
        cursor, per_page, page = cursor_before, args.per_page, args.page
        pages = max(1, -(-total // per_page))
        links = Links(
            first=link(page=1, per_page=per_page),
            last=link(page=pages, per_page=per_page),
            next=link(page=page + 1, per_page=per_page) if page < pages else None,
            prev=link(page=page - 1, per_page=per_page) if page > 1 else None,
        )
    listing = record_type(
        **{key: tuple(items)},
        page=page,
        per_page=per_page,
        total=total,
        pages=pages,
        links=links,
        cursor=cursor,
        deleted=tuple(gone),
    )
    response = Response(
        _list_json(key, _batches(map(to_json_text, getattr(listing, key))), lambda _count: listing),
        mimetype="application/json",
    )
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="{rel}"'
        for rel, url in (("first", links.first), ("last", links.last), ("next", links.next), ("prev", links.prev))
        if url
    )
    return response


def whole_list_response(
    record_type: type[SourceList],
    key: str,
    *,
    path: str,
    kept: Mapping[str, str],
    texts: Iterable[str],
    cursor: int,
    close: Callable[[], None],
) -> Response:
    """Every item, streamed as it is read: ``texts`` (each item's JSON text, as to_json_text
    writes it) is consumed while the body is sent, so the list never sits in memory whole; the
    count (total, per_page) is written after the items."""
    query = urlencode(kept)
    url = f"{PREFIX}/{path}" + (f"?{query}" if query else "")
    links = Links(first=url, last=url, next=None, prev=None)

    def trailer(count: int) -> SourceList:
        return record_type(
            **{key: ()}, page=1, per_page=max(1, count), total=count, pages=1, links=links, cursor=cursor
        )

    response = Response(_list_json(key, _batches(texts), trailer), mimetype="application/json")
    # A response never sent, or cut off, still ends the cursor and the session behind it.
    response.call_on_close(close)
    response.headers["Link"] = f'<{url}>; rel="first", <{url}>; rel="last"'
    return response


_BATCH = 200


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    """``items`` _BATCH at a time: each piece of the body is a few hundred records' text."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield batch


def _list_json(key: str, batches: Iterable[list[str]], listing: Callable[[int], Any]) -> Iterator[str]:
    """A list's JSON in pieces of a few hundred records' text (``batches``: a whole list of ten
    thousand sources never exists as one string, nor as one dict, in memory), its item list's key
    first; then the other fields of ``listing(count)``, the record made once the items are counted."""
    count = 0
    yield f'{{"{key}":['
    for batch in batches:
        yield ("," if count else "") + ",".join(batch)
        count += len(batch)
    record = listing(count)
    rest = {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record) if f.name != key}
    yield "]," + json.dumps(rest, **_COMPACT)[1:]


_COMPACT: dict[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}
