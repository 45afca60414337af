"""Records to JSON and back, strictly, and their JSON Schema: all derived from the dataclasses.

``parse`` is for data from a server that may be hostile or broken: every field must be present
with exactly its type (bool is not int, a date is a day "YYYY-MM-DD" and nothing finer, a uuid is
canonical lowercase); unknown fields are ignored (a newer server may add some).
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
import uuid as uuid_module
from typing import Any, TypeVar

T = TypeVar("T")
Schema = dict[str, Any]


class ContractError(ValueError):
    """Data that is not the record it claims to be; the message names the field."""


_HINTS: dict[Any, dict[str, Any]] = {}


def _hints(cls: Any) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


Encoder = typing.Callable[[Any], Any]
_ENCODERS: dict[Any, Encoder] = {}


def to_json(record: Any) -> Any:
    """A record (or a value inside one) as plain JSON values."""
    return _encoder(type(record))(record)


def _encoder(cls: Any) -> Encoder:
    """One function per record type, built once from its fields' types: whole lists of records
    (ten thousand sources) are encoded without looking at each value's type again."""
    if cls not in _ENCODERS:
        _ENCODERS[cls] = _build_encoder(cls)
    return _ENCODERS[cls]


def _same(value: Any) -> Any:
    return value


def _build_encoder(cls: Any) -> Encoder:
    if dataclasses.is_dataclass(cls):
        return _record_encoder(cls)
    if issubclass(cls, tuple | list):
        return lambda values: [to_json(value) for value in values]
    if issubclass(cls, datetime.date):
        return lambda day: day.isoformat()
    return _same


def _record_encoder(cls: Any) -> Encoder:
    """A function made for this record type: one dict display reading each attribute directly,
    a field's encoder called only where its type needs one (dates, nested records, lists)."""
    hints = _hints(cls)
    encoders: dict[str, Encoder] = {}
    items = []
    for number, f in enumerate(dataclasses.fields(cls)):
        if not f.name.isidentifier():  # field names are the dataclass's own: always identifiers
            raise TypeError(f"{cls.__name__}.{f.name}: not an identifier")
        encode = _field_encoder(hints[f.name])
        if encode is _same:
            items.append(f"{f.name!r}: record.{f.name}")
        else:
            encoders[f"_e{number}"] = encode
            items.append(f"{f.name!r}: _e{number}(record.{f.name})")
    source = "def encode(record):\n    return {" + ", ".join(items) + "}\n"
    namespace: dict[str, Any] = dict(encoders)
    exec(compile(source, f"<contract encoder {cls.__name__}>", "exec"), namespace)  # noqa: S102 — built from field names only
    encoder: Encoder = namespace["encode"]
    return encoder


def _field_encoder(hint: Any) -> Encoder:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in args if arg is not type(None)]
        encode = _field_encoder(inner)
        return _same if encode is _same else lambda value: None if value is None else encode(value)
    if origin is tuple:
        item = _field_encoder(args[0])
        return list if item is _same else lambda values: [item(value) for value in values]
    if dataclasses.is_dataclass(hint) or hint is datetime.date:
        return lambda value: _encoder(type(value))(value)
    return _same


def parse(cls: type[T], data: Any, where: str = "") -> T:
    """``data`` (decoded JSON) as a ``cls`` record, or ContractError naming what is wrong."""
    where = where or cls.__name__
    if not isinstance(data, dict):
        raise ContractError(f"{where}: expected an object")
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            raise ContractError(f"{where}.{f.name}: missing")
        values[f.name] = _value(_hints(cls)[f.name], data[f.name], f.metadata.get("fmt", ""), f"{where}.{f.name}")
    return cls(**values)


def _value(hint: Any, value: Any, fmt: str, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _value(inner, value, fmt, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise ContractError(f"{where}: expected a list")
        return tuple(_value(args[0], item, fmt, f"{where}[{i}]") for i, item in enumerate(value))
    if dataclasses.is_dataclass(hint):
        return parse(hint, value, where)  # type: ignore[arg-type]
    return _scalar(hint, value, fmt, where)


def _scalar(hint: Any, value: Any, fmt: str, where: str) -> Any:
    expected = {datetime.date: "a day YYYY-MM-DD", bool: "true or false", int: "an integer", str: "a string"}
    if hint not in expected:
        raise TypeError(f"{where}: no rule for {hint!r}")  # a record uses a type this codec lacks
    if hint is datetime.date:
        day = _day(value)
        if day is None:
            raise ContractError(f"{where}: expected {expected[hint]}")
        return day
    # bool is a subclass of int in Python, never in the contract.
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise ContractError(f"{where}: expected {expected[hint]}")
    if fmt == "uuid" and not _is_uuid(value):
        raise ContractError(f"{where}: expected a uuid")
    return value


def _day(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or len(value) != len("YYYY-MM-DD"):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid_module.UUID(value)) == value
    except ValueError:
        return False


def json_schema(cls: type, ref: typing.Callable[[type], Schema]) -> Schema:
    """The JSON Schema of a record; nested records through ``ref`` (an OpenAPI $ref)."""
    properties = {
        f.name: _schema(_hints(cls)[f.name], f.metadata.get("fmt", ""), f.metadata.get("doc", ""), ref)
        for f in dataclasses.fields(cls)
    }
    return {"type": "object", "properties": properties, "required": list(properties)}


def _schema(hint: Any, fmt: str, doc: str, ref: typing.Callable[[type], Schema]) -> Schema:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    schema: Schema
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in args if arg is not type(None)]
        schema = {"anyOf": [_schema(inner, fmt, "", ref), {"type": "null"}]}
    elif origin is tuple:
        schema = {"type": "array", "items": _schema(args[0], fmt, "", ref)}
    elif dataclasses.is_dataclass(hint):
        schema = ref(hint)  # type: ignore[arg-type]
    elif hint is datetime.date:
        schema = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif hint is bool:
        schema = {"type": "boolean"}
    elif hint is int:
        schema = {"type": "integer"}
    elif hint is str:
        schema = {"type": "string", **({"format": fmt} if fmt and fmt != "uri-reference" else {})}
    else:
        raise TypeError(f"no schema for {hint!r}")
    if doc:
        schema = {**schema, "description": doc} if "$ref" not in schema else schema
    return schema
