from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """A form that is only its CSRF token: create, delete a reply, log out."""


class LoginForm(FlaskForm):  # type: ignore[misc]
    codename = StringField(_l("Your codename"), validators=[DataRequired(_l("Type your codename.")), Length(max=1024)])


class SubmitForm(FlaskForm):  # type: ignore[misc]
    message = TextAreaField(_l("Message"), validators=[Length(max=200_000)])
