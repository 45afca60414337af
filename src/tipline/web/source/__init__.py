"""The source interface: zero JavaScript, small pages, nothing left on the phone."""

from tipline.web.source.app import create_source_app

__all__ = ["create_source_app"]
