"""The journalist API v1 over HTTP(S), with the standard library only.

Used by the online half (login, fetch, reply). It moves ciphertext and armored replies; it never
sees an identity.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tipline.contract.codec import ContractError, parse
from tipline.contract.records import Links, ReplyRecord, SourceRecord, SubmissionRecord, TokenRecord
from tipline.desk.errors import ApiError, DeskError, DownloadCorrupted, LoginNeeded, SyncExpired
from tipline.desk.untrusted import checked_api_path

_CHUNK = 256 * 1024
_TIMEOUT = 60.0
MAX_PAGES = 100_000  # a bound on following links.next: a hostile server cannot loop us forever

T = TypeVar("T")


RELOGIN = "your login expired: run `tipline desk login --server URL --username NAME`"


def _explained(method: str, path: str, status: int, message: str | None, reason: str) -> ApiError:
    """What an HTTP error means for the journalist, and what to do about it, rather than its number."""
    if path == "/api/v1/token" and status == 403:
        return LoginNeeded("wrong passphrase or code: check both (the code changes every 30 seconds) and try again")
    if status == 429:
        return LoginNeeded("too many failed logins: wait a few minutes, then try again")
    if status == 403 and str(message or "").startswith("a valid token is required"):
        return LoginNeeded(RELOGIN)
    if status >= 500:
        return ApiError(f"the server failed ({method} {path}: HTTP {status}): try again later, or tell its admin")
    return ApiError(f"{method} {path}: HTTP {status}: {message or reason}")


@dataclass(frozen=True)
class Listed(Generic[T]):
    """One item of a list: as the server sent it (for the desk's own checks, and to name it in a
    refusal) and as the contract parsed it (None, with the reason, when it does not validate).
    Parsed one by one, so that one lying item is refused alone, not the whole list (T9)."""

    raw: Any
    record: T | None
    error: str | None


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    resumed_from: int


class ApiClient:
    def __init__(self, server: str, token: str | None = None) -> None:
        parsed = urllib.parse.urlsplit(server.rstrip("/"))
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise DeskError(f"the server URL must be http(s)://host[:port]: {server!r}")
        self._parsed = parsed
        self.server = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "", "", ""))
        self.token = token

    def _connection(self) -> http.client.HTTPConnection:
        host, port = self._parsed.hostname or "", self._parsed.port
        if self._parsed.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=_TIMEOUT)
        return http.client.HTTPConnection(host, port, timeout=_TIMEOUT)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "tipline-desk"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        return {**headers, **(extra or {})}

    def _path(self, path: str) -> str:
        """API paths come from the server's own URLs; keep them on this server."""
        if not path.startswith("/api/v1/") and path != "/api/v1":
            raise ApiError(f"unexpected API path from the server: {path[:100]!r}")
        return self._parsed.path.rstrip("/") + path

    def request_json(self, method: str, path: str, body: Any = None) -> Any:
        connection = self._connection()
        try:
            payload = None if body is None else json.dumps(body).encode("utf-8")
            headers = self._headers({"Content-Type": "application/json"} if payload is not None else None)
            connection.request(method, self._path(path), body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            raise ApiError(f"cannot reach {self.server}: {error}") from None
        finally:
            connection.close()
        try:
            parsed = json.loads(data.decode("utf-8")) if data else {}
        except ValueError:
            parsed = {}
        if response.status >= 400:
            message = parsed.get("message") if isinstance(parsed, dict) else None
            if response.status == 410 and "since=" in path:
                raise SyncExpired(f"{method} {path}: HTTP {response.status}: {message or response.reason}")
            raise _explained(method, path, response.status, message, response.reason)
        return parsed

    def _record(self, cls: type[T], method: str, path: str, body: object = None) -> T:
        """The server's answer as a contract record, validated field by field (types, uuids,
        day-only dates): what does not validate is refused, never half-used."""
        answer = self.request_json(method, path, body)
        try:
            return parse(cls, answer)
        except ContractError as error:
            raise ApiError(f"{method} {path}: the server's answer is not a valid record: {error}") from None

    def _items(self, first_path: str, list_key: str) -> tuple[list[Any], object]:
        """Every item of every page of a list, unparsed, and the last page's ``cursor``.
        Pages are followed through links.next (parsed, on this server's API) until there is none."""
        items: list[Any] = []
        seen: set[str] = set()
        path: str | None = first_path
        cursor: object = None
        while path is not None:
            if path in seen or len(seen) >= MAX_PAGES:
                raise ApiError(f"the server's pages do not end (at {path[:100]!r})")
            seen.add(path)
            answer = self.request_json("GET", path)
            listed = answer.get(list_key) if isinstance(answer, dict) else None
            if not isinstance(listed, list):
                raise ApiError(f"GET {path[:100]}: no list of {list_key}")
            try:
                links = parse(Links, answer.get("links"), "links")
            except ContractError as error:
                raise ApiError(f"GET {path[:100]}: invalid links: {error}") from None
            items += listed
            cursor = answer.get("cursor")
            # The next page stays on this server's API, with no ".." (T9).
            path = None if links.next is None else checked_api_path(links.next, "next page")
        return items, cursor

    @staticmethod
    def _each(record_type: type[T], items: list[Any]) -> list[Listed[T]]:
        listed: list[Listed[T]] = []
        for raw in items:
            try:
                listed.append(Listed(raw, parse(record_type, raw), None))
            except ContractError as error:
                listed.append(Listed(raw, None, str(error)))
        return listed

    def source_items(self) -> list[Listed[SourceRecord]]:
        """Every source (every page), each parsed on its own."""
        items, _ = self._items("/api/v1/sources", "sources")
        return self._each(SourceRecord, items)

    def submission_items_since(self, cursor: int) -> tuple[list[Listed[SubmissionRecord]], int]:
        """What changed after ``cursor`` (0: everything), every page, each parsed on its own; and
        the cursor for next time."""
        items, next_cursor = self._items(f"/api/v1/submissions?since={int(cursor)}", "submissions")
        if not isinstance(next_cursor, int) or isinstance(next_cursor, bool) or next_cursor < 0:
            raise ApiError(f"the server sent an invalid sync cursor: {ascii(next_cursor)[:40]}")
        return self._each(SubmissionRecord, items), next_cursor

    def reply_items(self, replies_url: str) -> list[Listed[ReplyRecord]]:
        """The replies of one source (``replies_url``, checked by the caller), each parsed on its own."""
        answer = self.request_json("GET", replies_url)
        listed = answer.get("replies") if isinstance(answer, dict) else None
        if not isinstance(listed, list):
            raise ApiError(f"GET {replies_url[:100]}: no list of replies")
        return self._each(ReplyRecord, listed)

    def login(self, username: str, passphrase: str, one_time_code: str) -> TokenRecord:
        body = {"username": username, "passphrase": passphrase, "one_time_code": one_time_code}
        return self._record(TokenRecord, "POST", "/api/v1/token", body)

    def reply(self, source: SourceRecord, armored: str, reply_uuid: str) -> object:
        """Upload an armored reply under the uuid this desk chose (SecureDrop's optional "uuid");
        returns the uuid the server says it stored, for the caller to check."""
        answer = self.request_json("POST", source.replies_url, {"reply": armored, "uuid": reply_uuid})
        stored = answer.get("uuid") if isinstance(answer, dict) else None
        if stored is None:
            raise ApiError("the server did not say which reply it stored")
        return stored

    def download(self, path: str, target: Path, progress: Callable[[int], None] | None = None) -> Downloaded:
        """Download to ``target`` through ``target.part``, resuming a partial .part with a Range
        request when the server honours it (206), else starting over. The result is accepted
        only if its SHA-256 matches the server's ETag "sha256:<hex>"; else the .part is removed."""
        part = target.with_name(target.name + ".part")
        offset = part.stat().st_size if part.exists() else 0
        headers = self._headers({"Accept": "application/octet-stream"})
        if offset:
            headers["Range"] = f"bytes={offset}-"
        connection = self._connection()
        try:
            connection.request("GET", self._path(path), headers=headers)
            response = connection.getresponse()
            if response.status == 416 and offset:  # the .part is already whole (or too long)
                response.read()
                return self._finish(part, target, response.getheader("ETag"), offset)
            if response.status not in (200, 206):
                body = response.read()
                try:
                    said = json.loads(body.decode("utf-8")).get("message") if body else None
                except (ValueError, AttributeError):
                    said = None
                raise _explained("GET", path, response.status, said if isinstance(said, str) else None, "")
            resumed = offset if response.status == 206 and _range_start(response) == offset else 0
            digest = _sha256_of(part, resumed)
            if progress and resumed:
                progress(resumed)
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | (0 if resumed else os.O_TRUNC), 0o600)
            with os.fdopen(fd, "r+b" if resumed else "wb") as sink:
                sink.seek(resumed)
                sink.truncate()
                while chunk := response.read(_CHUNK):
                    sink.write(chunk)
                    digest.update(chunk)
                    if progress:
                        progress(len(chunk))
        except OSError as error:
            raise ApiError(f"download interrupted ({error}): run fetch again to resume") from None
        finally:
            connection.close()
        return self._finish(part, target, response.getheader("ETag"), resumed, digest=digest)

    @staticmethod
    def _finish(
        part: Path,
        target: Path,
        etag: str | None,
        resumed: int,
        *,
        digest: Any = None,
    ) -> Downloaded:
        expected = _sha256_from_etag(etag)
        actual = (digest or _sha256_of(part, part.stat().st_size)).hexdigest()
        if expected is None or actual != expected:
            # Never keep what does not verify: a corrupt prefix would poison every resume.
            part.unlink(missing_ok=True)
            raise DownloadCorrupted(f"{target.name}: SHA-256 {actual} does not match the server's ETag {etag!r}")
        os.replace(part, target)
        return Downloaded(path=target, sha256=actual, resumed_from=resumed)


def _range_start(response: http.client.HTTPResponse) -> int | None:
    content_range = response.getheader("Content-Range", "")
    unit, _, spec = content_range.partition(" ")
    start = spec.partition("-")[0]
    return int(start) if unit == "bytes" and start.isdigit() else None


def _sha256_from_etag(etag: str | None) -> str | None:
    value = (etag or "").strip().removeprefix("W/").strip('"')
    prefix, _, hexdigest = value.partition(":")
    if prefix != "sha256" or len(hexdigest) != 64:
        return None
    return hexdigest.lower()


def _sha256_of(path: Path, length: int) -> Any:
    digest = hashlib.sha256()
    if length:
        with path.open("rb") as handle:
            remaining = length
            while remaining and (chunk := handle.read(min(_CHUNK, remaining))):
                digest.update(chunk)
                remaining -= len(chunk)
    return digest
