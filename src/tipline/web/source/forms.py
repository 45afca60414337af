from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tipline.web.common.forms import FieldsForm

# The longest message, in characters. The form-memory limit (`max_message_bytes`, 512 KiB by
# default) is in bytes: a message that passes this check but not that one is refused before the
# view sees it, and errors.py then tells the source that the text, not a file, was too long.
MESSAGE_MAX_CHARACTERS = 200_000
CODENAME_MAX_CHARACTERS = 1024


class ConfirmForm(FieldsForm):
    """A form that is only its CSRF token: create, delete a reply, log out."""


class CreateForm(FieldsForm):
    """Creating the account: the CSRF token, and whether the safety codename shown is wanted too."""

    safety = BooleanField()


# Every validator gets its message from our catalogue: WTForms' own translations would not follow
# the glossary (docs/glossary.md), and exist for few of our languages.
def _codename_field() -> StringField:
    return StringField(
        _l("Your codename"),
        validators=[
            DataRequired(_l("Type your codename.")),
            Length(
                max=CODENAME_MAX_CHARACTERS,
                message=_l("That is far longer than any codename. Check what you typed."),
            ),
        ],
    )


def _message_field() -> TextAreaField:
    return TextAreaField(
        _l("Message"),
        validators=[
            Length(
                max=MESSAGE_MAX_CHARACTERS,
                message=_l("The message is too long: at most %(max)d characters. Send the rest in another message."),
            )
        ],
    )


class LoginForm(FieldsForm):
    codename = _codename_field()


class SubmitForm(FieldsForm):
    message = _message_field()


class ResendForm(FieldsForm):
    """The message of a session that ended, sent again with the codename (no files: see views)."""

    codename = _codename_field()
    message = _message_field()
