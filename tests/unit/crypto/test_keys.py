"""Codename → keys: Argon2id output split into a stored lookup value and an age identity."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pyrage import x25519

from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.crypto.keys import Argon2Cost, derive_source_keys, identity_from_secret

CHEAP = Argon2Cost(time_cost=1, memory_kib=1024, parallelism=1)
SALT = bytes.fromhex("00112233445566778899aabbccddeeff")
CODENAME = "correct horse battery staple seven word phrase"


def test_derived_identity_parses_and_matches_its_recipient() -> None:
    """pyrage reads the derived identity, and its public key is the recipient we store."""
    keys = derive_source_keys(CODENAME, SALT, CHEAP)
    assert keys.identity.startswith("AGE-SECRET-KEY-1")
    assert keys.recipient == str(x25519.Identity.from_str(keys.identity).to_public())


def test_ciphertext_to_the_recipient_opens_with_the_identity() -> None:
    """A reply encrypted to the source's recipient opens with the identity derived from the codename."""
    keys = derive_source_keys(CODENAME, SALT, CHEAP)
    ciphertext = encrypt_bytes(b"we read your message", [keys.recipient])
    assert b"we read your message" == decrypt_bytes(ciphertext, [keys.identity])


@pytest.mark.skipif(shutil.which("age") is None, reason="the `age` CLI is not installed (Debian package `age`)")
def test_the_age_cli_opens_ciphertext_with_the_derived_identity(tmp_path: Path) -> None:
    """The derived identity is a standard age identity: the reference `age` tool uses it too."""
    keys = derive_source_keys(CODENAME, SALT, CHEAP)
    identity_file = tmp_path / "identity.txt"
    identity_file.write_text(keys.identity + "\n", encoding="utf-8")
    identity_file.chmod(0o600)
    ciphertext = tmp_path / "reply.age"
    ciphertext.write_bytes(encrypt_bytes(b"opened by age itself", [keys.recipient]))
    result = subprocess.run(
        ["age", "-d", "-i", str(identity_file), str(ciphertext)], capture_output=True, check=True, timeout=30
    )
    assert b"opened by age itself" == result.stdout
    if shutil.which("age-keygen"):  # same Debian package; derives the public key on its own
        public = subprocess.run(["age-keygen", "-y", str(identity_file)], capture_output=True, check=True, timeout=30)
        assert keys.recipient == public.stdout.decode().strip()


def test_keys_are_deterministic_per_codename_and_salt() -> None:
    """The same codename and salt give the same keys: that is how a source logs back in."""
    assert derive_source_keys(CODENAME, SALT, CHEAP).identity == derive_source_keys(CODENAME, SALT, CHEAP).identity
    assert derive_source_keys(CODENAME, SALT, CHEAP).lookup == derive_source_keys(CODENAME, SALT, CHEAP).lookup


def test_keys_differ_across_salts_and_codenames() -> None:
    """Another instance (salt) or another codename gives unrelated keys."""
    base = derive_source_keys(CODENAME, SALT, CHEAP)
    other_salt = derive_source_keys(CODENAME, bytes(reversed(SALT)), CHEAP)
    other_codename = derive_source_keys(CODENAME + " x", SALT, CHEAP)
    for other in (other_salt, other_codename):
        assert base.lookup != other.lookup
        assert base.identity != other.identity
        assert base.recipient != other.recipient


def test_the_stored_lookup_is_not_part_of_the_identity() -> None:
    """The lookup value is the other half of the KDF output: it does not contain the secret."""
    keys = derive_source_keys(CODENAME, SALT, CHEAP)
    assert 64 == len(keys.lookup)
    assert keys.lookup not in keys.identity.lower()
    assert keys.identity != identity_from_secret(bytes.fromhex(keys.lookup))


def test_repr_hides_the_identity() -> None:
    """A SourceKeys in a log line or traceback shows no secret."""
    keys = derive_source_keys(CODENAME, SALT, CHEAP)
    assert keys.identity not in repr(keys)
    assert keys.lookup not in repr(keys)


def test_short_salts_and_secrets_are_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        derive_source_keys(CODENAME, b"short", CHEAP)
    with pytest.raises(ValueError, match="32 bytes"):
        identity_from_secret(b"\x00" * 31)
