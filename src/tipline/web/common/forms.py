"""The base of every web form: it reads the request's form fields and nothing else."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_wtf import FlaskForm

_SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class FieldsForm(FlaskForm):  # type: ignore[misc]
    """Flask-WTF would also feed a form the file parts of a request and any JSON body. Our forms are
    HTML forms of text fields: a file part sent under a text field's name reached the validators as
    a FileStorage, and a JSON body as numbers, lists or objects, each a TypeError and a 500. Files
    are read by the views that take them (request.files), never through a form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not args and "formdata" not in kwargs:
            submitted = has_request_context() and request.method in _SUBMIT_METHODS
            kwargs["formdata"] = request.form if submitted and request.form else None
        super().__init__(*args, **kwargs)
