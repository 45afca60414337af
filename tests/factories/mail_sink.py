"""A minimal SMTP server and an HTTP endpoint on loopback that keep what they receive (tests only).

Python 3.12 dropped smtpd and aiosmtpd is not a dependency: this speaks just enough SMTP
(RFC 5321: EHLO/HELO, MAIL, RCPT, DATA, QUIT) for smtplib's send_message.
"""

from __future__ import annotations

import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Received:
    messages: list[bytes] = field(default_factory=list)
    posts: list[bytes] = field(default_factory=list)


class _SmtpHandler(socketserver.StreamRequestHandler):
    received: Received

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self._say("220 sink ESMTP")
        while line := self.rfile.readline(4096):
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._say("250-sink")
                self._say("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with .")
                body = []
                while (chunk := self.rfile.readline(65536)) not in (b".\r\n", b""):
                    body.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.received.messages.append(b"".join(body))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not here")


class _WebhookHandler(http.server.BaseHTTPRequestHandler):
    received: Received

    def do_POST(self) -> None:
        self.received.posts.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:  # quiet
        pass


@contextmanager
def mail_and_webhook_sinks() -> Iterator[tuple[int, str, Received]]:
    """(SMTP port, webhook URL, what they received), both on 127.0.0.1, stopped on exit."""
    received = Received()
    smtp_handler = type("Smtp", (_SmtpHandler,), {"received": received})
    web_handler = type("Web", (_WebhookHandler,), {"received": received})
    smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), smtp_handler)
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), web_handler)
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in (smtp, web)]
    for thread in threads:
        thread.start()
    try:
        yield smtp.server_address[1], f"http://127.0.0.1:{web.server_address[1]}/hook", received
    finally:
        for server in (smtp, web):
            server.shutdown()
            server.server_close()
