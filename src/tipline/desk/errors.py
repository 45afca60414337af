"""Every error of the desk, in one tree (the desk is a program of its own: the server's tree is
tipline/errors.py, and no server error reaches the desk, which reads the API's JSON answers).

    DeskError ································· the journalist can fix it; every desk command shows
    │                                             the message, made safe for the terminal
    │                                             (cli/desk.py, the desk group's invoke)
    ├── ApiError ······························ the server refused or failed a request
    │   ├── LoginNeeded
    │   └── SyncExpired ······················· 410 to ?since=: sync again from 0
    ├── DownloadCorrupted ····················· not the SHA-256 the server announced
    ├── KeyChanged ···························· not the key pinned on this desk
    ├── UntrustedValue ························ a server value the desk refuses to use
    ├── OutsideDeskFolder
    ├── NotLoopback
    ├── SandboxUnavailable
    └── the newsroom workflow's (desk/workflow/):
        CaseRecordNotFound, DeskSettingsError, ExportError, GlossaryError, MaterialError,
        ModelMissing, PackageError
    MetadataUnreadable ························ exiftool could not read a file: the caller notes it
                                                and goes on (cleaning, the exposure check)
    NetworkForbidden (RuntimeError) ··········· the offline guard: a bug or an attack, never a
                                                message for the journalist to act on

Roots outside: crypto's (DecryptionError, EncryptionError, PaddingError) and the API contract's
ContractError, which the desk wraps where it meets them.
"""

from __future__ import annotations

from pathlib import Path


class DeskError(Exception):
    """A problem the journalist can fix (not logged in, no such source, bad identity file)."""


class ApiError(DeskError):
    """The server refused or failed a request."""


class LoginNeeded(ApiError):
    """The login failed or expired: the message says what to do."""


class SyncExpired(ApiError):
    """410 to ?since=: the cursor is older than the deletions the server keeps; sync from 0."""


class DownloadCorrupted(DeskError):
    """A download does not match the SHA-256 the server announced."""


class KeyChanged(DeskError):
    """The server offers a key other than the one pinned on this desk."""


class UntrustedValue(DeskError):
    """The server sent a value the desk refuses to use."""


class OutsideDeskFolder(DeskError):
    """A path the desk was about to write resolves outside the desk folder."""


class NotLoopback(DeskError):
    """The reading room listens on 127.0.0.1 only."""


class SandboxUnavailable(DeskError):
    """bubblewrap is missing or cannot create namespaces here."""


class CaseRecordNotFound(DeskError):
    """No such case, claim, evidence or relation in the case store (desk/workflow/cases.py)."""


class DeskSettingsError(DeskError):
    """desk.toml is unreadable or holds a wrong value."""


class ExportError(DeskError):
    """The file is not a case export, or cannot be decrypted with the identity given."""


class GlossaryError(DeskError):
    """The glossary file is unreadable."""


class MaterialError(DeskError):
    """A submission reference that names nothing on this desk, or points outside it."""


class ModelMissing(DeskError):
    """No installed model translates this language pair."""

    def __init__(self, source: str, target: str, models_dir: Path) -> None:
        self.source, self.target = source, target
        super().__init__(
            f"No translation model for {source}→{target} is installed in {models_dir}.\n"
            f"On a connected machine, get an Argos Translate package for {source}→{target} "
            f"(a file ending in .argosmodel), carry it over, then run:\n"
            f"  tipline desk models install FILE.argosmodel\n"
            "Nothing was translated: the desk never translates without a local model and never uses the network."
        )


class PackageError(DeskError):
    """Not a usable Argos Translate package."""


class MetadataUnreadable(Exception):
    """exiftool could not read the file."""


class NetworkForbidden(RuntimeError):
    """Something tried to use the network in the offline half."""
