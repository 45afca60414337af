"""Error pages in the source's language; never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tipline.errors import Invalid, SourcesBusy, TiplineError, UploadTooLarge
from tipline.portals import SourcePortal
from tipline.web.common.multipart import TooManyParts
from tipline.web.common.outages import INSUFFICIENT_STORAGE, RETRY_AFTER_SECONDS, Outage, install_outage_pages
from tipline.web.source.sending import SendingLimits, expired_submit_page
from tipline.web.source.sizes import human_size

# What a busy page tells the browser (and any well-behaved client) to wait, in seconds.
BUSY_RETRY_AFTER_SECONDS = 30


# Forms whose text is the source's own writing: a field over the form-memory limit there is the
# message being too long, not a file.
_TEXT_FORMS = frozenset({"source.submit", "source.resend"})


def _back() -> tuple[str, str]:
    """Where "back" leads from an error page: the form the source was using, else the start.

    Read from the session alone (no database: the database may be what failed)."""
    try:
        logged_in = isinstance(session.get("source_id"), int)
    except Exception:
        logged_in = False
    if logged_in:
        return url_for("source.lookup"), _("Back to the form")
    if request.endpoint == "source.login":
        return url_for("source.login"), _("Back to the form")
    return url_for("source.index"), _("Back to the start")


def _page(title: str, message: str, status: int) -> tuple[str, int]:
    try:
        back_url, back_label = _back()
        page = render_template("error.html", title=title, message=message, back_url=back_url, back_label=back_label)
        return page, status
    except Exception:  # the page itself failed: still never show a stack trace
        return f"<!doctype html><title>{status}</title><p>{status}</p>", status


def _field_over_memory_limit(error: Exception, max_content_length: int | None) -> bool:
    """A 413 raised while the form was parsed although the body was within MAX_CONTENT_LENGTH:
    a text field over MAX_FORM_MEMORY_SIZE (a file over its limit is UploadTooLarge, too many
    parts TooManyParts)."""
    if type(error) is not RequestEntityTooLarge or request.endpoint not in _TEXT_FORMS:
        return False
    length = request.content_length
    return length is not None and (max_content_length is None or length <= max_content_length)


def install(app: Flask, services: SourcePortal, limits: SendingLimits) -> None:
    max_files = limits.max_files

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        if request.endpoint in _TEXT_FORMS:
            # Mostly a session that ended while the source was typing (JS off: typing is not
            # activity): the text goes back into a form, never into storage.
            return expired_submit_page(services, limits)
        return _page(
            _("This form has expired"),
            _("The page was open too long or was sent twice. Go back, reload it and try again."),
            400,
        )

    @app.errorhandler(TooManyParts)
    def _too_many(_error: TooManyParts) -> tuple[str, int]:
        return _page(
            _("Too many files"),
            _(
                "You sent more files at once than this tip line accepts (at most %(count)d). Nothing was kept. "
                "Send them a few at a time.",
                count=max_files,
            ),
            413,
        )

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: Exception) -> tuple[str, int]:
        if _field_over_memory_limit(error, app.config.get("MAX_CONTENT_LENGTH")):
            return _page(
                _("The message is too long"),
                _(
                    "The message is too long: at most %(max)d characters. Send the rest in another message.",
                    max=limits.message_characters,
                )
                + " "
                + _("Nothing was kept. Go back: your browser may still show what you typed."),
                413,
            )
        return _page(
            _("Too large"),
            _(
                "What you sent is larger than this tip line accepts (%(limit)s). Nothing was kept. "
                "Send smaller files, or one file at a time.",
                limit=human_size(limits.file_bytes),
            ),
            413,
        )

    def _unavailable() -> tuple[str, int, dict[str, str]]:
        title = _("The tip line is not available right now")
        message = _("Nothing you sent was kept. Please try again in a little while.")
        return (*_page(title, message, 503), {"Retry-After": str(RETRY_AFTER_SECONDS)})

    def _full() -> tuple[str, int]:
        return _page(
            _("The tip line cannot keep anything more right now"),
            _("There is no room left to store what you sent, so nothing was kept. Please try again later."),
            INSUFFICIENT_STORAGE,
        )

    def _outage_page(outage: Outage) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        return _full() if outage is Outage.NO_ROOM else _unavailable()

    @app.errorhandler(Exception)
    def _unexpected(_error: Exception) -> tuple[str, int]:
        # Logged by the server's error log without request details; the source sees a plain page.
        app.logger.error("unhandled error in the source interface", exc_info=_error)
        return _page(_("Something went wrong"), _("Nothing you sent was kept. Please try again later."), 500)

    _outage = install_outage_pages(app, _outage_page, _unexpected)

    def _busy() -> tuple[str, int, dict[str, str]]:
        # Too many codename logins or creations at once (a flood, or a rush): answered at once
        # rather than queued, so the flood cannot grow a queue that honest sources wait behind.
        body, status = _page(
            _("The tip line is busy"),
            _(
                "Many people are logging in at this moment. Nothing was lost. "
                "Wait a minute, then go back and try again."
            ),
            503,
        )
        return body, status, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}

    def ours(error: TiplineError) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        """The tree of tipline/errors.py, once for every page of the source interface."""
        if isinstance(error, UploadTooLarge):
            return _too_large(error)
        if isinstance(error, SourcesBusy):
            return _busy()
        if isinstance(error, Invalid):
            # NUL in an address or a field that reaches the database (TextWithNul): nothing has
            # such a name; or a request no page of ours sends.
            return _page(_("Something was wrong with that request"), _("Go back and try again."), 400)
        return _unexpected(error)

    app.register_error_handler(TiplineError, ours)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        # Flask hands failures outside the view (saving the session when the database has gone)
        # to the 500 handler, wrapped: an outage is still told as one.
        original = getattr(error, "original_exception", None)
        if original is not None:
            told = _outage(original)
            if told is not None:
                return told
        status = error.code or 500
        titles = {
            400: (_("Something was wrong with that request"), _("Go back and try again.")),
            404: (_("Page not found"), _("There is no page at this address.")),
            405: (_("Not allowed"), _("This page cannot be used that way.")),
        }
        title, message = titles.get(status, (_("Something went wrong"), _("Please try again later.")))
        return _page(title, message, status)
