"""Every refusal and failure the server's code raises, in one tree; each interface maps it once.

Services raise; they never know which interface called them. Each interface maps the tree in one
place, by the branch an error sits on: the journalist API (``web/journalist/api_errors.py``),
the journalist web pages (``web/journalist/app.py``), the source interface
(``web/source/errors.py``) and the command line (``cli/__init__.py``). A new error goes under the
branch whose answer it wants, and every interface answers it at once.

    TiplineError
    ├── NotFound (LookupError) ················ 404: what the caller named does not exist
    │   ├── SourceNotFound
    │   ├── SubmissionNotFound
    │   ├── ReplyNotFound
    │   ├── BatchNotFound
    │   ├── BlobMissing ······················· a row whose stored blob is gone
    │   ├── SecurityKeyNotFound
    │   ├── UnknownJournalist
    │   └── UnknownLanguage ··················· not a language of the source interface
    ├── Invalid (ValueError) ·················· 400: not carried out; the message says why
    │   ├── ShownError ························ … in words a person reads (i18n/messages.py)
    │   │   ├── CaseError
    │   │   ├── InvalidMessage
    │   │   ├── JournalistError
    │   │   └── SecurityKeyError
    │   ├── BadJson ··························· an API body or parameter of the wrong shape
    │   ├── BadOnionAddress
    │   ├── EmptySubmission
    │   ├── InvalidQuestionnaire ·············· .problems, one a question
    │   ├── InvalidReply
    │   ├── KeyRingError ······················ a newsroom key rotation refused
    │   ├── SafetyCodenameInvalid
    │   └── TextWithNul ······················· NUL where the database takes text
    ├── Forbidden (PermissionError) ··········· 403: the role does not allow it
    │   └── ReauthenticationFailed
    ├── Conflict (ValueError) ················· 409: the name is taken
    │   ├── CodenameTaken
    │   └── ReplyUuidTaken
    ├── CursorTooOld (LookupError) ············ 410: sync again from 0
    ├── UploadTooLarge ························ 413
    ├── TryLater ······························ nothing was done; the same request may work later
    │   ├── LoginThrottled ···················· 429
    │   └── SourcesBusy ······················· 503
    └── CannotProceed (RuntimeError) ·········· the operator must act (the command line's errors)
        ├── CardOverflow
        ├── CatalogueMissing
        ├── DigestError
        ├── FontMissing
        ├── PdfUnavailable
        └── RepairRefused

Roots outside the tree, re-exported here so that a module imports every error from one place:

    DecryptionError, EncryptionError ·········· crypto/age.py
    PaddingError ······························ crypto/padding.py
    TotpSecretUnreadable ······················ crypto/totp_at_rest.py
    BlobNotFound, StoreFull, InvalidBlobKey ··· storage/base.py
    ConfigError ······························· config.py
    ContractError ····························· contract/codec.py

They stay where they are raised because those packages import nothing else of ours (tests/test_imports.py):
crypto and storage stand alone so the offline desk can use them, config is the bottom layer,
contract is shared with the desk. Subclassing them here would not help: crypto raises its own
class, so an ``except`` naming a subclass would never match. pyrage's errors never leave
crypto/age.py (only tipline.crypto imports pyrage): a ciphertext that does not open is a
DecryptionError everywhere else.

The desk is a separate program with its own tree, rooted at ``tipline.desk.errors.DeskError``; no
server error reaches it (it reads the API's JSON answers).

Each class keeps the builtin base it always had (LookupError, ValueError, PermissionError…), so an
``except`` written against the builtin still catches what it caught.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tipline.config import ConfigError
from tipline.contract.codec import ContractError
from tipline.crypto.age import DecryptionError, EncryptionError
from tipline.crypto.padding import PaddingError
from tipline.crypto.totp_at_rest import TotpSecretUnreadable
from tipline.storage.base import BlobNotFound, InvalidBlobKey, StoreFull

__all__ = [
    "BadJson",
    "BadOnionAddress",
    "BatchNotFound",
    "BlobMissing",
    "BlobNotFound",
    "CannotProceed",
    "CardOverflow",
    "CaseError",
    "CatalogueMissing",
    "CodenameTaken",
    "ConfigError",
    "Conflict",
    "ContractError",
    "CursorTooOld",
    "DecryptionError",
    "DigestError",
    "EmptySubmission",
    "EncryptionError",
    "FontMissing",
    "Forbidden",
    "Invalid",
    "InvalidBlobKey",
    "InvalidMessage",
    "InvalidQuestionnaire",
    "InvalidReply",
    "JournalistError",
    "KeyRingError",
    "LoginThrottled",
    "NotFound",
    "PaddingError",
    "PdfUnavailable",
    "QuestionProblem",
    "ReauthenticationFailed",
    "RepairRefused",
    "ReplyNotFound",
    "ReplyUuidTaken",
    "SafetyCodenameInvalid",
    "SecurityKeyError",
    "SecurityKeyNotFound",
    "ShownError",
    "SourceNotFound",
    "SourcesBusy",
    "StoreFull",
    "SubmissionNotFound",
    "TextWithNul",
    "TiplineError",
    "TotpSecretUnreadable",
    "TryLater",
    "UnknownJournalist",
    "UnknownLanguage",
    "UploadTooLarge",
]


class TiplineError(Exception):
    """The root: every error of the server's own code that an interface answers."""


# --- 404 ---


class NotFound(TiplineError, LookupError):
    """What the caller named does not exist (or is not the named source's). ``what`` names the
    kind in English ("source"); ``key`` is what was asked for, kept out of the message."""

    what = "object"

    def __init__(self, key: str | None = None) -> None:
        self.key = key
        super().__init__(f"no such {self.what}")


class SourceNotFound(NotFound):
    what = "source"


class SubmissionNotFound(NotFound):
    what = "submission"


class ReplyNotFound(NotFound):
    what = "reply"


class BatchNotFound(NotFound):
    what = "batch"


class BlobMissing(NotFound):
    """The row exists, its stored blob does not (deleted under it, or a damaged store)."""

    what = "blob"


class SecurityKeyNotFound(NotFound):
    what = "security key"


class UnknownJournalist(NotFound):
    what = "journalist"


class UnknownLanguage(NotFound):
    """Not a language of the source interface; the message lists the ones there are."""

    what = "language"

    def __init__(self, key: str | None = None, known: Sequence[str] = ()) -> None:
        super().__init__(key)
        self.known = tuple(known)
        if self.known:
            self.args = (f"no such language: the source interface's are {', '.join(self.known)}",)


# --- 400 ---


class Invalid(TiplineError, ValueError):
    """A request that is not carried out as it stands; the message says why (in English)."""


class ShownError(Invalid):
    """A refusal a person reads: ``message`` is an ``N_``-marked msgid with %(name)s fields.

    A service has no reader's language: the interface translates ``message`` and then fills
    ``params`` in (i18n/messages.py). ``str(error)`` stays the English text, for logs, the
    command line and API clients."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(message % self.params if self.params else message)


class CaseError(ShownError):
    """A change to a case that is not allowed; the message says why."""


class InvalidMessage(ShownError):
    """An empty or oversized reply."""


class JournalistError(ShownError):
    """A request about journalists that cannot be carried out; the message says why."""


class SecurityKeyError(ShownError):
    """A registration or assertion that does not verify."""


class BadJson(Invalid):
    """The API request body or a parameter is not what the operation takes; the message says why."""


class BadOnionAddress(Invalid):
    """Not a well-formed v3 onion address."""


class EmptySubmission(Invalid):
    """Neither a message nor a non-empty file."""


class QuestionProblem(Protocol):
    """What questionnaires/form.py finds wrong with one question (or the whole list)."""

    @property
    def code(self) -> str: ...

    @property
    def question(self) -> int | None: ...

    def describe(self) -> str: ...


class InvalidQuestionnaire(Invalid):
    """A questionnaire that cannot be saved; ``problems`` names each, with its question."""

    def __init__(self, problems: Sequence[QuestionProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.describe() for problem in self.problems))


class InvalidReply(Invalid):
    """Not an armored age ciphertext of acceptable size."""


class KeyRingError(Invalid):
    """A rotation that must not happen (not a recipient, the current one, or one used before)."""


class SafetyCodenameInvalid(Invalid):
    """The safety codename is the real one (once normalised): it would protect nothing."""


class TextWithNul(Invalid):
    """A query parameter holds NUL. PostgreSQL can neither store such text nor compare with it (its
    driver fails the whole statement), so it is refused before any engine sees it, on SQLite too:
    both behave the same, and the web interfaces answer 400 instead of a 500."""


# --- 403 ---


class Forbidden(TiplineError, PermissionError):
    """The journalist's role does not allow this."""

    def __init__(self, message: str = "this needs the admin role") -> None:
        super().__init__(message)


class ReauthenticationFailed(Forbidden):
    """The passphrase or the TOTP code given to start a key registration is wrong (never says which)."""

    def __init__(self, message: str = "the passphrase or the code is wrong") -> None:
        super().__init__(message)


# --- 409 ---


class Conflict(TiplineError, ValueError):
    """A name (a codename, a uuid) that is already taken: nothing was changed."""


class CodenameTaken(Conflict):
    """Astronomically unlikely; reported rather than silently merging two accounts."""


class ReplyUuidTaken(Conflict):
    """The uuid a client chose for its reply is already in use."""

    def __init__(self) -> None:
        super().__init__("that uuid is already in use")


# --- the rest ---


class CursorTooOld(TiplineError, LookupError):
    """A ?since= cursor older than the oldest purged tombstone: sync again from 0."""


class UploadTooLarge(TiplineError):
    """More bytes than the configured limit."""


class TryLater(TiplineError):
    """Nothing was done, and the same request may succeed in a while."""


class LoginThrottled(TryLater):
    """Too many failed logins lately, for this account or overall. Says nothing about the account."""


class SourcesBusy(TryLater):
    """Every codename KDF slot of this process stayed taken: nothing was done, try again shortly."""


class CannotProceed(TiplineError, RuntimeError):
    """The operator must act (install, configure, look); the command line shows the message."""


class CardOverflow(CannotProceed):
    """The card's text does not fit on one A7 page (a translation grew too long)."""


class CatalogueMissing(CannotProceed):
    """The compiled catalogue is missing: the guide would silently come out in English."""


class DigestError(CannotProceed):
    """The digest could not be delivered; the message names the channel, never the count."""


class FontMissing(CannotProceed):
    """The CJK font the PDF needs is not installed."""


class PdfUnavailable(CannotProceed):
    """The PDF stack (fpdf2 with fonttools, the `guide` extra) is not installed."""


class RepairRefused(CannotProceed):
    """The disagreement looks like a misconfiguration, not damage: nothing was deleted."""
