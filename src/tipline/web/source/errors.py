"""Error pages in the source's language; never a stack trace."""

from __future__ import annotations

from babel.units import format_unit
from flask import Flask, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from tipline.db import TextWithNul
from tipline.submissions.upload import UploadTooLarge


def _page(title: str, message: str, status: int) -> tuple[str, int]:
    try:
        return render_template("error.html", title=title, message=message), status
    except Exception:  # the page itself failed: still never show a stack trace
        return f"<!doctype html><title>{status}</title><p>{status}</p>", status


def _size(size: int) -> str:
    """The size in the page's language, units spelled out (no Latin "MiB" on a Korean page)."""
    locale = get_locale() or "en"
    if size >= 1024**2:
        return format_unit(size // 1024**2, "digital-megabyte", length="long", locale=locale)
    return format_unit(size // 1024, "digital-kilobyte", length="long", locale=locale)


def install(app: Flask, max_upload_bytes: int) -> None:
    # The per-file limit is the one a source can act on (MAX_CONTENT_LENGTH adds form overhead).

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return _page(
            _("This form has expired"),
            _("The page was open too long or was sent twice. Go back, reload it and try again."),
            400,
        )

    @app.errorhandler(RequestEntityTooLarge)
    @app.errorhandler(UploadTooLarge)
    def _too_large(_error: Exception) -> tuple[str, int]:
        return _page(
            _("Too large"),
            _(
                "What you sent is larger than this tip line accepts (%(limit)s). Nothing was kept. "
                "Send smaller files, or one file at a time.",
                limit=_size(max_upload_bytes),
            ),
            413,
        )

    @app.errorhandler(TextWithNul)
    def _nul(_error: TextWithNul) -> tuple[str, int]:
        # NUL in an address or a field that reaches the database: nothing has such a name.
        return _page(_("Something was wrong with that request"), _("Go back and try again."), 400)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        status = error.code or 500
        titles = {
            400: (_("Something was wrong with that request"), _("Go back and try again.")),
            404: (_("Page not found"), _("There is no page at this address.")),
            405: (_("Not allowed"), _("This page cannot be used that way.")),
        }
        title, message = titles.get(status, (_("Something went wrong"), _("Please try again later.")))
        return _page(title, message, status)

    @app.errorhandler(Exception)
    def _unexpected(_error: Exception) -> tuple[str, int]:
        # Logged by the server's error log without request details; the source sees a plain page.
        app.logger.error("unhandled error in the source interface", exc_info=_error)
        return _page(_("Something went wrong"), _("Nothing you sent was kept. Please try again later."), 500)
