"""Reading CSRF tokens out of real rendered pages, as a browser would submit them."""

from __future__ import annotations

import re

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match is not None, "the page has no CSRF token"
    return match.group(1)


def codename_on_page(html: str) -> str:
    match = re.search(r'<p class="codename"[^>]*>([^<]+)</p>', html)
    assert match is not None, "the page shows no codename"
    return match.group(1)
