"""The source interface's one way to its services: the SourcePortal its app was made with (and
the sending limits the app worked out from its settings).

create_source_app keeps them on the app; views, at module level, ask for them here while they
answer a request. Typed as the Protocol, so mypy still keeps every view to SourcePortal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import Flask, current_app

from tipline.portals import SourcePortal

if TYPE_CHECKING:  # sending.py's views import this module
    from tipline.web.source.sending import SendingLimits

_KEY = "tipline.source_portal"
_LIMITS = "tipline.sending_limits"


def keep_source_portal(app: Flask, services: SourcePortal, limits: SendingLimits) -> None:
    app.extensions[_KEY] = services
    app.extensions[_LIMITS] = limits


def source_portal() -> SourcePortal:
    """The SourcePortal of the app answering this request."""
    return cast(SourcePortal, current_app.extensions[_KEY])


def sending_limits() -> SendingLimits:
    """What the app answering this request lets a source send (from its settings)."""
    return cast("SendingLimits", current_app.extensions[_LIMITS])
