"""The daily digest: "N new submissions since yesterday", by e-mail (SMTP) or a webhook.

It says a count and nothing else: no designation, no time, no size, no kind. It is sent once a
day (the first worker run after ``digest_hour_utc``), whatever the count, zero included: a
message only on busy days would tell whoever watches the newsroom's mail or network that
something came in. The count is of submissions received on the previous UTC day (the server
keeps days, never times). The day last sent is kept in DATA_DIR/digest-sent-on, so a restarted
worker does not send the same day twice.
"""

from __future__ import annotations

import datetime
import json
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from babel.support import Translations

from tipline.config import Settings
from tipline.db import SessionFactory
from tipline.errors import DigestError
from tipline.i18n.catalogues import JOURNALIST
from tipline.i18n.messages import N_
from tipline.submissions.upkeep import count_received_on as _count_received_on

SUBJECT = N_("Tipline: new submissions")
BODY = N_("%(count)s new submissions since yesterday.")
STATE_FILE = "digest-sent-on"
_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Digest:
    day: datetime.date  # the day counted
    count: int
    subject: str
    text: str


def digest_enabled(settings: Settings) -> bool:
    return bool(settings.digest_email_to or settings.digest_webhook_url)


def count_received_on(sessions: SessionFactory, day: datetime.date) -> int:
    with sessions() as session:
        return _count_received_on(session, day)


def compose(count: int, day: datetime.date, locale: str) -> Digest:
    """The digest's words in the instance's language (the journalist catalogue's)."""
    folder = JOURNALIST.root / "translations"
    translations = Translations.load(str(folder), [locale], JOURNALIST.name)
    subject = translations.gettext(SUBJECT)
    text = translations.gettext(BODY) % {"count": count}
    return Digest(day, count, subject, text)


def send_email(settings: Settings, digest: Digest) -> None:
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = settings.digest_email_from or f"tipline@{settings.smtp_host}"
    message["To"] = settings.digest_email_to
    # No Date header: the sending minute would be the only time in it (and the mail server adds its own).
    message.set_content(digest.text)
    if not settings.smtp_host:
        raise DigestError("the digest e-mail was not sent: digest_email_to is set but smtp_host is empty")
    security = settings.smtp_security
    try:
        if security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_TIMEOUT_SECONDS)
        with smtp:
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DigestError(f"the digest e-mail was not sent: {type(error).__name__}") from None


def send_webhook(settings: Settings, digest: Digest) -> None:
    body = json.dumps({"text": digest.text, "new_submissions": digest.count}).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 — the administrator's own URL, http(s) checked at start
        settings.digest_webhook_url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as answer:  # noqa: S310
            if not 200 <= answer.status < 300:
                raise DigestError(f"the digest webhook answered {answer.status}")
    except OSError as error:
        raise DigestError(f"the digest webhook was not reached: {type(error).__name__}") from None


class DigestJob:
    """Run by the worker at every turn; sends at most once a day."""

    def __init__(self, settings: Settings, sessions: SessionFactory) -> None:
        self._settings = settings
        self._sessions = sessions
        self._state = Path(settings.data_dir) / STATE_FILE

    def _sent_on(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self._state.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None

    def due(self, now: datetime.datetime) -> bool:
        if not digest_enabled(self._settings) or now.hour < self._settings.digest_hour_utc:
            return False
        return self._sent_on() != now.date()

    def run(self, now: datetime.datetime | None = None) -> Digest | None:
        """Send today's digest if it is due; the digest sent, or None."""
        now = now or datetime.datetime.now(datetime.UTC)
        if not self.due(now):
            return None
        yesterday = now.date() - datetime.timedelta(days=1)
        digest = compose(count_received_on(self._sessions, yesterday), yesterday, self._settings.default_locale)
        if self._settings.digest_email_to:
            send_email(self._settings, digest)
        if self._settings.digest_webhook_url:
            send_webhook(self._settings, digest)
        partial = self._state.with_name(STATE_FILE + ".new")
        partial.write_text(now.date().isoformat() + "\n", encoding="utf-8")
        partial.replace(self._state)
        return digest
