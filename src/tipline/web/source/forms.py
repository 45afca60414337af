from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tipline.web.common.forms import FieldsForm


class ConfirmForm(FieldsForm):
    """A form that is only its CSRF token: create, delete a reply, log out."""


# Every validator gets its message from our catalogue: WTForms' own translations would not follow
# the glossary (docs/glossary.md), and exist for few of our languages.
class LoginForm(FieldsForm):
    codename = StringField(
        _l("Your codename"),
        validators=[
            DataRequired(_l("Type your codename.")),
            Length(max=1024, message=_l("That is far longer than any codename. Check what you typed.")),
        ],
    )


class SubmitForm(FieldsForm):
    message = TextAreaField(
        _l("Message"),
        validators=[
            Length(
                max=200_000,
                message=_l("The message is too long: at most %(max)d characters. Send the rest in another message."),
            )
        ],
    )
