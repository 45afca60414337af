"""Real journalists, created through the service, with a helper for their current TOTP code."""

from __future__ import annotations

import time

import pyotp

from tipline.journalists.records import NewJournalist
from tipline.services import Services


def make_journalist(services: Services, username: str = "reporter", *, is_admin: bool = False) -> NewJournalist:
    return services.journalists.add(username, is_admin=is_admin)


# A code of an earlier step is accepted only until now's step ends (the server allows one step of
# drift): taken with less than this left, a test under load can reach the server in the next step.
EARLIER_STEP_MARGIN_SECONDS = 5.0


def current_code(journalist: NewJournalist, *, step_offset: int = 0) -> str:
    return code_of(journalist.totp_secret, step_offset=step_offset)


def code_of(secret: str, *, step_offset: int = 0) -> str:
    """The TOTP code ``step_offset`` steps from now; for an earlier step, taken early enough in
    now's step that the server still accepts it when the request arrives."""
    totp = pyotp.TOTP(secret)
    if step_offset < 0:
        left = totp.interval - time.time() % totp.interval
        if left < EARLIER_STEP_MARGIN_SECONDS:
            time.sleep(left + 0.05)
    return totp.at(int(time.time()) + step_offset * totp.interval)
