"""Secrets are compared in constant time.

An AST scan of src/tipline finds every ==, !=, in and not in whose operands are named like a
secret (token, csrf, code, digest, mac, hash, lookup, key, passphrase, otp, …) and fails unless
the comparison is listed below with the reason it is not a timing leak. Comparisons that must be
constant-time go through hmac.compare_digest / secrets.compare_digest, which are calls, not
ast.Compare nodes, and so never show up here. Then the comparing functions themselves are held
to compare_digest's behaviour: equal values pass, a value differing only in its last byte fails.
"""

from __future__ import annotations

import ast
import base64
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask, session

from tipline.crypto.passphrases import constant_time_equal
from tipline.journalists.service import _accepted_totp_step
from tipline.web.common.web_sessions import EncryptedSessionInterface, MemorySessionStore

SRC = Path(__file__).resolve().parents[2] / "src" / "tipline"
SECRET_WORDS = frozenset(
    {
        "token",
        "csrf",
        "code",
        "digest",
        "hexdigest",
        "mac",
        "hmac",
        "hash",
        "hashed",
        "lookup",
        "secret",
        "passphrase",
        "password",
        "otp",
        "totp",
        "key",
        "nonce",
        "signature",
        "challenge",
        "identity",
        "codename",
        "salt",
        "credential",
        "handle",
    }
)

_DATABASE_LOOKUP = (
    "a database lookup (SQL, on an indexed column) by a SHA-256 or Argon2id output of a high-entropy "
    "secret: its timing could at most reveal a prefix of that hash, which brings no one closer to the secret"
)
ALLOWED: dict[tuple[str, str], str] = {
    ("journalists/service.py", "ApiToken.token_hash == _token_hash(token)"): _DATABASE_LOOKUP,
    ("sources/service.py", "Source.lookup == keys.lookup"): _DATABASE_LOOKUP,
    ("state/web_sessions.py", "SharedSession.handle == self._key(handle)"): _DATABASE_LOOKUP,
    ("journalists/security_keys.py", "SecurityKey.credential_id == raw_id"): (
        "a WebAuthn credential id is public: the server hands it to any browser in the login options"
    ),
    ("cli/desk_workflow.py", "code not in SUPPORTED_LANGUAGES"): "a language code",
    ("db.py", "_sqlite_code(error) in (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CANTOPEN)"): "an SQLite error code",
    ("db.py", "_sqlite_code(error) == _SQLITE_FULL"): "an SQLite error code",
    ("web/common/padding.py", "code in (204, 304)"): "an HTTP status code",
    ("desk/outbox.py", "live.key != source_key"): "a source's public age recipient against its pin: public keys",
    ("web/source/questions.py", "sent_key != base.key"): (
        "a digest of the questionnaire's questions, which the page itself shows: nothing secret"
    ),
    ("config.py", 'key == "data_dir"'): "a setting's name",
    ("config.py", "f.name in SECRET_SETTINGS"): "a setting's name (which settings repr() hides)",
    ("journalists/security_keys.py", "SecurityKey.id == key_id"): "a security key's row number (public)",
    ("web/journalist/keys.py", "k.id == key_id"): "a security key's row number (public)",
    ("desk/pins.py", "pinned != key"): "age recipients are public keys: a pinned one against the server's",
    ("desk/reply.py", "live.key != source_key"): "age recipients are public keys: the server's against the pin",
    ("desk/workflow/allowed_places.py", "key in ALLOWED_PLACES"): "a place name, folded to lower case",
    ("desk/workflow/exposure.py", "key in item.rare_spellings"): "a comparison key of a detail in a source's text",
    ("desk/workflow/gazetteer.py", "code not in CITY_STATES"): "a country's ISO code",
    ("desk/workflow/gazetteer.py", 'code in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB")'): "a country's ISO code",
    ("desk/workflow/allowed_places.py", "key in allowed"): "a place name, folded to lower case",
    ("web/journalist/api_lists.py", "f.name != key"): "the name of a list field in a JSON record",
    ("web/journalist/openapi.py", 'auth == "token"'): "the kind of authorisation an operation needs",
    ("config.py", 'key == "store_dir"'): "a setting's name",
    ("config.py", "key not in known"): "a setting's name",
    ("config.py", "key in _KDF_FIELDS"): "a setting's name",
    ("crypto/codenames.py", "key in lexicon"): "a word of the public wordlist being normalised",
    ("desk/workflow/attachments.py", '"GPS" in key'): "a metadata field's name",
    ("integrity/check.py", "key not in self._referenced()"): "a blob's name in the store, not a secret",
    ("storage/s3.py", 'code in {"404", "NoSuchKey", "NotFound", "NoSuchUpload"}'): "an S3 error code",
    ("web/journalist/api_access.py", 'scheme == "Token"'): "the public name of the Authorization scheme",
}


def _parts(name: str) -> set[str]:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return {part for part in words.split("_") if part}


def _names(operand: ast.expr) -> Iterator[str]:
    """The names an operand is known by: a variable, an attribute (not its object), a call's
    function, a subscript's container and constant index. len(secret) is a length, not the secret."""
    if isinstance(operand, ast.Name):
        yield operand.id
    elif isinstance(operand, ast.Attribute):
        yield operand.attr
    elif isinstance(operand, ast.Call):
        yield from _names(operand.func)
    elif isinstance(operand, ast.Subscript):
        yield from _names(operand.value)
        if isinstance(operand.slice, ast.Constant) and isinstance(operand.slice.value, str):
            yield operand.slice.value
    elif isinstance(operand, ast.Constant) and isinstance(operand.value, str) and operand.value.isidentifier():
        yield operand.value


def secret_comparisons(root: Path) -> dict[tuple[str, str], int]:
    """(file, comparison text) → line, for every comparison of something named like a secret."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Compare):
                continue
            if not any(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in node.ops):
                continue
            operands = [node.left, *node.comparators]
            if any(_parts(name) & SECRET_WORDS for operand in operands for name in _names(operand)):
                segment = ast.get_source_segment(text, node) or ""
                found[(path.relative_to(root).as_posix(), " ".join(segment.split()))] = node.lineno
    return found


def test_every_comparison_of_a_secret_is_constant_time_or_explained() -> None:
    found = secret_comparisons(SRC)

    unexplained = {f"{path}:{line}: {text}" for (path, text), line in found.items() if (path, text) not in ALLOWED}
    assert set() == unexplained, "compare secrets with hmac.compare_digest, or add the case to ALLOWED with a reason"
    assert set() == set(ALLOWED) - set(found), "ALLOWED lists comparisons that no longer exist"


def test_the_scan_finds_a_plain_comparison_of_a_secret(tmp_path: Path) -> None:
    """The scan itself: a naive check of each kind is found; compare_digest and lengths are not."""
    (tmp_path / "naive.py").write_text(
        "import hmac\n"
        "def check(csrf_token, expected, request, stored, session):\n"
        "    a = csrf_token == expected\n"
        "    b = request.headers['X-Api-Token'] != stored.apiKey\n"
        "    c = session['otp'] in stored.codes\n"
        "    d = hmacDigest(stored) == expected\n"
        "    e = hmac.compare_digest(csrf_token, expected)\n"
        "    f = len(csrf_token) == 40\n"
        "    return a, b, c, d, e, f\n",
        encoding="utf-8",
    )

    found = secret_comparisons(tmp_path)

    assert [3, 4, 5, 6] == sorted(found.values())


# --- the comparing functions behave like compare_digest ---


def _last_byte_changed(value: str) -> str:
    return value[:-1] + ("1" if value[-1] != "1" else "2")


def test_constant_time_equal_accepts_equal_and_refuses_a_changed_last_byte() -> None:
    secret = "말하는 사람 곁에 서라 river stone"
    assert constant_time_equal(secret, str(secret))
    assert not constant_time_equal(secret, _last_byte_changed(secret))
    assert not constant_time_equal(secret, secret[:-1])
    assert not constant_time_equal(secret, secret + " ")


def test_a_totp_code_with_its_last_digit_changed_is_refused() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    code = totp.at(int(time.time()))

    assert _accepted_totp_step(secret, code, last_step=0) is not None
    assert _accepted_totp_step(secret, _last_byte_changed(code), last_step=0) is None
    assert _accepted_totp_step(secret, code[:-1], last_step=0) is None


@pytest.fixture
def session_app() -> Flask:
    app = Flask(__name__)
    app.session_interface = EncryptedSessionInterface(MemorySessionStore(), "s", 60, secure=False)

    @app.get("/set")
    def set_value() -> str:
        session["v"] = "kept"
        return ""

    @app.get("/get")
    def get_value() -> str:
        return str(session.get("v", ""))

    return app


def test_a_session_key_with_its_last_byte_changed_opens_nothing(session_app: Flask) -> None:
    client = session_app.test_client()
    client.get("/set")
    cookie = client.get_cookie("s")
    assert cookie is not None
    sid, _, key_text = cookie.value.partition(".")
    key = bytearray(base64.urlsafe_b64decode(key_text + "=="))
    key[-1] ^= 1
    forged = base64.urlsafe_b64encode(bytes(key)).rstrip(b"=").decode()

    attacker = session_app.test_client()
    attacker.set_cookie("s", f"{sid}.{forged}")

    assert "kept" == client.get("/get").get_data(as_text=True)
    assert "" == attacker.get("/get").get_data(as_text=True)
