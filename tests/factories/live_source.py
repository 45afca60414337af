"""A source using a live instance over real HTTP: a cookie jar, CSRF tokens from the pages."""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from tests.factories.forms import codename_on_page, csrf_token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class LiveSource:
    base_url: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    codename: str = ""

    def _open(self, path: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, str]:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        request = urllib.request.Request(self.base_url + path, data=data)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> str:
        status, body = self._open(path)
        assert status == 200, (path, status)
        return body

    def post_form(self, path: str, fields: dict[str, str]) -> int:
        return self._open(path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")[0]

    def create_account(self) -> str:
        page = self.get("/generate")
        self.codename = codename_on_page(page)
        assert 302 == self.post_form("/create", {"csrf_token": csrf_token(page)})
        return self.codename

    def submit(self, message: str, files: list[tuple[str, bytes, str]], answers: dict[int, str] | None = None) -> int:
        """files: (filename, content, content type), sent as the browser would; answers: the
        questionnaire's, by question number (with the form's questionnaire key, as a browser)."""
        page = self.get("/lookup")
        token = csrf_token(page)
        boundary = "----tipline" + secrets.token_hex(8)
        parts = [_field(boundary, "csrf_token", token), _field(boundary, "message", message)]
        if answers:
            key = re.search(r'name="questionnaire" value="([0-9a-f]+)"', page)
            assert key is not None, "the page shows no questionnaire"
            parts.append(_field(boundary, "questionnaire", key.group(1)))
            parts += [_field(boundary, f"answer-{number}", value) for number, value in answers.items()]
        for filename, content, content_type in files:
            quoted = filename.replace('"', "%22")
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{quoted}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self._open("/submit", body, f"multipart/form-data; boundary={boundary}")[0]


def _field(boundary: str, name: str, value: str) -> bytes:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
