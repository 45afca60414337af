"""What the journalist interface calls things: case statuses, audit actions, kinds, sizes, refusals.

Statuses and audit actions are stored as fixed English words (the API and the log keep them);
the pages show them in the reader's language. A status an instance added itself
(`case_statuses`) has no translation and is shown as configured.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tipline.errors import ShownError

STATUS_NAMES = {
    "new": _l("new"),
    "in progress": _l("in progress"),
    "verified": _l("verified"),
    "published": _l("published"),
    "closed": _l("closed"),
}

ACTION_NAMES = {
    "login": _l("logged in"),
    "login_failed": _l("failed login"),
    "login_failed_unknown": _l("failed login (no such account)"),
    "download": _l("downloaded a submission"),
    "download_reply": _l("downloaded a reply"),
    "download_all": _l("downloaded everything"),
    "download_manifest": _l("downloaded a batch's manifest"),
    "reply": _l("replied"),
    "delete_submission": _l("deleted a submission"),
    "delete_reply": _l("deleted a reply"),
    "delete_conversation": _l("deleted the conversation"),
    "delete_source": _l("deleted a source"),
    "star": _l("starred"),
    "unstar": _l("unstarred"),
    "set_status": _l("changed the status"),
    "set_labels": _l("changed the labels"),
    "assign": _l("assigned"),
    "set_note": _l("wrote a note"),
    "clear_note": _l("cleared the note"),
    "add_note": _l("added a note"),
    "add_journalist": _l("added a journalist"),
    "deactivate_journalist": _l("deactivated a journalist"),
    "activate_journalist": _l("activated a journalist"),
    "set_role": _l("changed a role"),
    "reset_passphrase": _l("reset a passphrase"),
    "reset_2fa": _l("reset two-factor authentication"),
    "confirm_2fa": _l("confirmed two-factor authentication"),
    "confirm_2fa_failed": _l("entered a wrong first code"),
    "set_recipient": _l("changed an age recipient"),
    "remove_security_keys": _l("removed security keys"),
    "add_security_key": _l("added a security key"),
    "remove_security_key": _l("removed a security key"),
    "retention.source_deleted": _l("deleted a source on schedule"),
    "retention.submissions_deleted": _l("deleted submissions on schedule"),
    "retention.replies_deleted": _l("deleted replies on schedule"),
}

ROLE_NAMES = {"admin": _l("admin"), "journalist": _l("journalist")}

KIND_NAMES = {"message": _l("message"), "file": _l("file")}

VIA_NAMES = {"web": _l("web"), "api": _l("API"), "schedule": _l("schedule"), "cli": _l("command line")}

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def status_name(status: str) -> str:
    return str(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def action_name(action: str) -> str:
    return str(ACTION_NAMES[action]) if action in ACTION_NAMES else action


def detail_name(action: str, detail: str) -> str:
    """An audit entry's detail, translated where it is one of our words (a status, a role)."""
    if action == "set_status":
        return status_name(detail)
    if action in ("set_role", "add_journalist") and detail in ROLE_NAMES:
        return str(ROLE_NAMES[detail])
    return detail


def kind_name(kind: str) -> str:
    return str(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def via_name(via: str) -> str:
    return str(VIA_NAMES[via]) if via in VIA_NAMES else via


def human_size(size: int) -> str:
    """Binary units, the number in the reader's locale: "812 B", "1.5 KiB", "23 MiB"."""
    if size < 1024:
        return str(_("%(count)s B", count=format_decimal(size)))
    value, unit = float(size) / 1024, 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    number = format_decimal(value, format="#,##0.0" if value < 10 else "#,##0")
    return str(_("%(number)s %(unit)s", number=number, unit=_UNITS[unit]))


def explained(error: ShownError) -> str:
    """A service's refusal in the reader's language (its msgid is in this interface's catalogue)."""
    return str(_(error.message, **error.params))


def install_names(app: Flask) -> None:
    app.add_template_filter(status_name)
    app.add_template_filter(action_name)
    app.add_template_filter(kind_name)
    app.add_template_filter(via_name)
    app.add_template_filter(human_size)
    app.add_template_global(detail_name)
