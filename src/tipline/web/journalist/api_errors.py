"""The journalist API's one answer to every error: the tree of tipline/errors.py, mapped to JSON.

Views raise and never answer an error themselves; the branch an error sits on decides its status
(NotFound 404, Invalid 400, …), so a new error of a known branch needs nothing here.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from tipline.errors import (
    Conflict,
    CursorTooOld,
    Forbidden,
    Invalid,
    InvalidQuestionnaire,
    LoginThrottled,
    NotFound,
    SourcesBusy,
    TiplineError,
    UploadTooLarge,
)
from tipline.web.journalist.api_json import PREFIX, error

# Most specific first: the first branch an error is on decides.
STATUSES: tuple[tuple[type[TiplineError], int], ...] = (
    (NotFound, 404),
    (Invalid, 400),
    (Forbidden, 403),
    (Conflict, 409),
    (CursorTooOld, 410),
    (UploadTooLarge, 413),
    (LoginThrottled, 429),
    (SourcesBusy, 503),
)
# Where the English of the error is not what an API client needs to read.
MESSAGES: dict[type[TiplineError], str] = {
    # Deletions older than the tombstones kept may be missing after this cursor.
    CursorTooOld: "this cursor is older than the deletions the server keeps: sync again with since=0",
    LoginThrottled: "too many failed logins: wait a few minutes and try again",
    UploadTooLarge: "the request is larger than the server accepts",
    SourcesBusy: "the server is busy: try again in a minute",
}


def status_of(e: TiplineError) -> int | None:
    return next((status for kind, status in STATUSES if isinstance(e, kind)), None)


def answer(e: TiplineError) -> tuple[Response, int]:
    status = status_of(e)
    if status is None:  # the operator's kind of failure (CannotProceed): a bug from the client's side
        current_app.logger.error("unhandled error in the journalist API", exc_info=e)
        return error(500, "the server failed: please try again later")
    message = next((text for kind, text in MESSAGES.items() if isinstance(e, kind)), None) or str(e)
    response, status = error(status, message)
    if isinstance(e, InvalidQuestionnaire):
        body = response.get_json()
        body["problems"] = [{"question": p.question, "code": p.code, "message": p.describe()} for p in e.problems]
        response = jsonify(body)
    return response, status


def answer_http(e: HTTPException) -> tuple[Response, int]:
    return error(e.code or 500, e.description or "error")


def install(bp: Blueprint) -> None:
    bp.register_error_handler(TiplineError, answer)
    bp.register_error_handler(HTTPException, answer_http)

    @bp.app_errorhandler(HTTPException)
    def _routing(e: HTTPException) -> tuple[Response, int] | HTTPException:
        # An unknown path or method matches no view, so no blueprint handler runs: under the
        # API prefix the client still expects JSON.
        if request.path == PREFIX or request.path.startswith(f"{PREFIX}/"):
            return answer_http(e)
        return e
