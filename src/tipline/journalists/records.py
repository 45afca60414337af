"""What the journalists package hands out: usernames in their one spelling, and the records of an
account (a new one with its secrets, its view, an issued API token)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from tipline.journalists.models import Journalist

# Lower-case Latin letters, digits and Hangul syllables (a Korean newsroom's names, e.g. "김기자"),
# then '.', '_' or '-'; 2–64 characters after NFC normalisation. Only precomposed syllables: a
# name typed as loose jamo (ㄱㅣㅁ) is composed by NFC where it can be, and refused where not, so
# that two spellings can never make two accounts that look alike.
USERNAME_PATTERN = re.compile(r"^[a-z0-9\uac00-\ud7a3][a-z0-9\uac00-\ud7a3_.-]{1,63}$")


def normalise_username(username: str) -> str:
    """The one spelling of a typed username: NFC, so Hangul typed as decomposed jamo (as some
    input methods and systems give it) is the same name as its composed syllables. Nothing else
    is changed: capitals and spaces are refused, not silently corrected."""
    return unicodedata.normalize("NFC", username)


@dataclass(frozen=True, repr=False)
class NewSecondFactor:
    totp_secret: str
    totp_uri: str


@dataclass(frozen=True, repr=False)
class NewJournalist:
    username: str
    uuid: str
    passphrase: str
    totp_secret: str
    totp_uri: str
    is_admin: bool


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime.datetime
    journalist_uuid: str


@dataclass(frozen=True)
class JournalistView:
    id: int
    uuid: str
    username: str
    is_admin: bool
    is_active: bool
    age_recipient: str | None
    session_generation: int = 0
    totp_confirmed: bool = True


def view_of(journalist: Journalist) -> JournalistView:
    return JournalistView(
        journalist.id,
        journalist.uuid,
        journalist.username,
        journalist.is_admin,
        journalist.is_active,
        journalist.age_recipient,
        journalist.session_generation or 0,
        journalist.totp_confirmed is not False,
    )
