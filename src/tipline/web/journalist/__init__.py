"""The journalist interface: API v1 (and the web interface built on it)."""

from tipline.web.journalist.app import create_journalist_app

__all__ = ["create_journalist_app"]
