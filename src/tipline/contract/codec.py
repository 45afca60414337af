"""Records to JSON and back, strictly, and their JSON Schema: all derived from the dataclasses.

``parse`` is for data from a server that may be hostile or broken: every field must be present
with exactly its type (bool is not int, a date is a day "YYYY-MM-DD" and nothing finer, a uuid is
canonical lowercase); unknown fields are ignored (a newer server may add some).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import types
import typing
import uuid as uuid_module
from json.encoder import encode_basestring
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


def constructor(cls: type[T]) -> typing.Callable[..., T]:
    """A function that makes ``cls`` records from the same keyword arguments as ``cls(...)``,
    some times faster: a frozen dataclass's __init__ sets each field through
    object.__setattr__, which a server making ten thousand sources a request pays for 29 times
    each. The record made is the same (equal, hashable, frozen to its readers)."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params = []
    for f in fields:
        if not f.name.isidentifier() or f.init is False or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: not a plain field")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: has a __post_init__ or slots")
    items = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = (
        f"def make(*, {', '.join(params)}):\n"
        f"    record = _new(_cls)\n    record.__dict__.update({{{items}}})\n    return record\n"
    )
    exec(compile(source, f"<contract constructor {cls.__name__}>", "exec"), namespace)  # noqa: S102 — built from field names only
    make: typing.Callable[..., T] = namespace["make"]
    return make


TextEncoder = typing.Callable[[Any], str]
_TEXT_ENCODERS: dict[Any, TextEncoder] = {}


def to_json_text(record: Any) -> str:
    """A record as compact JSON text, the very bytes of ``json.dumps(to_json(record),
    separators=(",", ":"), ensure_ascii=False)``, written straight from its attributes: no dict,
    no encoder walking it. What lists of ten thousand sources are sent with."""
    return text_encoder(type(record))(record)


def text_encoder(cls: Any) -> TextEncoder:
    """One function per record type, compiled once from its fields: one f-string of the field
    names (JSON-escaped when compiled) and each value encoded by what its type calls for."""
    if cls not in _TEXT_ENCODERS:
        _TEXT_ENCODERS[cls] = _build_text_encoder(cls)
    return _TEXT_ENCODERS[cls]


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _day_text(day: datetime.date) -> str:
    return f'"{day.isoformat()}"'


def _build_text_encoder(cls: Any) -> TextEncoder:
    encoder: TextEncoder = _compiled_text(cls, "record.", "def encode(record):\n", "encoder")
    return encoder


def text_maker(cls: type) -> typing.Callable[..., str]:
    """A function taking the keyword arguments of ``cls(...)`` and returning the JSON text of the
    record they would make (``to_json_text(cls(**arguments))``) without making it: a server
    serialiser that fills in a record's fields writes thousands a request straight to text."""
    params = []
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: not a plain field")
        params.append(f.name if f.default is dataclasses.MISSING else f"{f.name}=_d_{f.name}")
    defaults = {f"_d_{f.name}": f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING}
    make: typing.Callable[..., str] = _compiled_text(cls, "", f"def make(*, {', '.join(params)}):\n", "maker", defaults)
    return make


def _compiled_text(cls: Any, prefix: str, header: str, what: str, extra: dict[str, Any] | None = None) -> Any:
    """Compiles ``header`` + a body returning the record's JSON text, each field read as
    ``prefix + name`` (an attribute of ``record``, or an argument)."""
    hints = _hints(cls)
    namespace: dict[str, Any] = {
        "_str": encode_basestring,
        "_int": int.__repr__,
        "_bool": _bool_text,
        "_day": _day_text,
        **(extra or {}),
    }
    lines, template = [], []
    for number, f in enumerate(dataclasses.fields(cls)):
        if not f.name.isidentifier() or f.name.startswith("_") or re.fullmatch(r"v\d+", f.name):
            raise TypeError(f"{cls.__name__}.{f.name}: not a name the compiled code can use")
        lines.append(f"    v{number} = {_text_expression(hints[f.name], prefix + f.name, namespace)}\n")
        key = ("{" if number == 0 else ",") + encode_basestring(f.name) + ":"
        template.append(key.replace("{", "{{").replace("}", "}}") + f"{{v{number}}}")
    text = "".join(template) + "}}" if template else "{{}}"
    source = header + "".join(lines) + f"    return f{text!r}\n"
    exec(compile(source, f"<contract text {what} {cls.__name__}>", "exec"), namespace)  # noqa: S102 — built from field names only
    return namespace["make" if header.startswith("def make") else "encode"]


def _text_expression(hint: Any, value: str, namespace: dict[str, Any]) -> str:
    """Python source that encodes ``value`` (an expression of type ``hint``) as JSON text."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return f"('null' if {value} is None else {_text_expression(inner, value, namespace)})"
    if origin is tuple:
        item = _text_function(args[0], namespace)
        return f"('[' + ','.join(map({item}, {value})) + ']')"
    return f"{_text_function(hint, namespace)}({value})"


def _text_function(hint: Any, namespace: dict[str, Any]) -> str:
    """The name, in the compiled encoder's namespace, of the function encoding a ``hint``."""
    if dataclasses.is_dataclass(hint):
        name = f"_{hint.__name__}"  # type: ignore[union-attr]
        namespace[name] = text_encoder(hint)
        return name
    names = {str: "_str", int: "_int", bool: "_bool", datetime.date: "_day"}
    if hint not in names:
        raise TypeError(f"no JSON text for {hint!r}")
    return names[hint]


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
