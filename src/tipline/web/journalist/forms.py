"""Journalist web forms. Labels are translatable; CSRF comes with FlaskForm."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """Only a CSRF token: star, mark read, delete, admin actions."""


class LoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(), Length(max=512)])
    one_time_code = StringField(_l("Two-factor code"), validators=[DataRequired(), Length(max=16)])


class ReplyForm(FlaskForm):  # type: ignore[misc]
    message = TextAreaField(_l("Reply"), validators=[DataRequired(), Length(max=100_000)])


class NoteForm(FlaskForm):  # type: ignore[misc]
    note = TextAreaField(_l("Private note (stored encrypted; read it in the desk)"), validators=[Length(max=60_000)])


class AddJournalistForm(FlaskForm):  # type: ignore[misc]
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    is_admin = BooleanField(_l("Admin"))


class RecipientForm(FlaskForm):  # type: ignore[misc]
    recipient = StringField(_l("age recipient (age1…), empty to remove"), validators=[Length(max=128)])


class KeyLoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(), Length(max=512)])
