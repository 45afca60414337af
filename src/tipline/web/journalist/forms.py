"""Journalist web forms. Labels are translatable; CSRF comes with FlaskForm."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tipline.web.common.forms import FieldsForm


class ConfirmForm(FieldsForm):
    """Only a CSRF token: star, mark read, delete, admin actions."""


class LoginForm(FieldsForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=256)])
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(), Length(max=512)])
    one_time_code = StringField(_l("Two-factor code"), validators=[DataRequired(), Length(max=16)])


class FirstCodeForm(FieldsForm):
    one_time_code = StringField(
        _l("First code from the authenticator app"), validators=[DataRequired(), Length(max=16)]
    )


class ReplyForm(FieldsForm):
    message = TextAreaField(_l("Reply"), validators=[DataRequired(), Length(max=100_000)])


class NoteForm(FieldsForm):
    note = TextAreaField(
        _l("New note (stored encrypted; read it in the desk)"), validators=[DataRequired(), Length(max=60_000)]
    )


class AddJournalistForm(FieldsForm):
    # Length in characters (Hangul counts one each); the service checks the rule and says it.
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=128)])
    is_admin = BooleanField(_l("Admin"))


class RecipientForm(FieldsForm):
    recipient = StringField(_l("age recipient (age1…), empty to remove"), validators=[Length(max=128)])


class KeyLoginForm(FieldsForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=256)])
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(), Length(max=512)])


class KeyRegistrationForm(FieldsForm):
    """Rendered on the keys page; static/webauthn.js posts its fields as JSON to start a registration."""

    name = StringField(_l("Name of the key"), validators=[Length(max=64)])
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(), Length(max=512)])
    one_time_code = StringField(_l("Two-factor code"), validators=[DataRequired(), Length(max=16)])


class QuestionnaireForm(FieldsForm):
    """Only a CSRF token: the question rows (q-<n>-text, -kind, -required, -choices, -order, -remove)
    vary in number and are read by web/journalist/questionnaires.py."""
