"""What the API accepts as a reply: the armored form of an age file, from any age implementation."""

from __future__ import annotations

import base64
import shutil
import subprocess

import pytest

from tipline.crypto.age import (
    ARMOR_FOOTER,
    ARMOR_HEADER,
    decrypt_bytes,
    encrypt_bytes,
    generate_identity,
    looks_armored,
)


def test_pyrage_armor_is_accepted_also_with_windows_line_endings() -> None:
    identity, recipient = generate_identity()
    armored = encrypt_bytes(b"reply", [recipient], armored=True).decode()

    assert looks_armored(armored)
    assert looks_armored(armored.replace("\n", "\r\n"))
    assert b"reply" == decrypt_bytes(armored.replace("\n", "\r\n").encode(), [identity])


def test_armor_from_the_age_command_line_tool_is_accepted() -> None:
    """Journalists may encrypt replies with `age -a`; the server must take them."""
    age = shutil.which("age")
    if age is None:
        pytest.skip("the `age` command-line tool is not installed (bin/install-system-deps installs it)")
    _identity, recipient = generate_identity()
    armored = subprocess.run([age, "-a", "-r", recipient], input=b"reply", capture_output=True, check=True, timeout=30)

    assert looks_armored(armored.stdout.decode())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("reply in plain text", id="plain text"),
        pytest.param(f"{ARMOR_HEADER}\n{ARMOR_FOOTER}", id="empty armor"),
        pytest.param(f"{ARMOR_HEADER}\n{base64.b64encode(b'PGP or anything').decode()}\n{ARMOR_FOOTER}", id="not age"),
        pytest.param(f"{ARMOR_HEADER}\nnot base64 at all!\n{ARMOR_FOOTER}", id="not base64"),
        pytest.param(f"{ARMOR_FOOTER}\n{ARMOR_HEADER}", id="footer first"),
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    assert not looks_armored(text)
