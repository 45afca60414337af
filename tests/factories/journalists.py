"""Real journalists, created through the service, with a helper for their current TOTP code."""

from __future__ import annotations

import time

import pyotp

from tipline.journalists.records import NewJournalist
from tipline.services import Services


def make_journalist(services: Services, username: str = "reporter", *, is_admin: bool = False) -> NewJournalist:
    return services.journalists.add(username, is_admin=is_admin)


def current_code(journalist: NewJournalist, *, step_offset: int = 0) -> str:
    totp = pyotp.TOTP(journalist.totp_secret)
    return totp.at(int(time.time()) + step_offset * totp.interval)
