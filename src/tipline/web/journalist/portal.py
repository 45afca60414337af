"""The journalist interface's one way to its services: the NewsroomDesk its app was made with.

create_journalist_app keeps the portal on the app; views, at module level, ask for it here while
they answer a request. Typed as the Protocol, so mypy still keeps every view to NewsroomDesk.
"""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app

from tipline.portals import NewsroomDesk

_KEY = "tipline.newsroom_desk"


def keep_newsroom_desk(app: Flask, services: NewsroomDesk) -> None:
    app.extensions[_KEY] = services


def newsroom_desk() -> NewsroomDesk:
    """The NewsroomDesk of the app answering this request."""
    return cast(NewsroomDesk, current_app.extensions[_KEY])
