"""Our age writer, checked by what we did not write: the ``age`` CLI and pyrage (the age crate).

Both open what it writes, for every size around age's 64 KiB chunks and for several recipients;
both refuse it cut short anywhere, without its final chunk (aborted), with a byte changed or two
chunks swapped. Two encryptions share no ephemeral share and no payload nonce.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipline.crypto import bech32
from tipline.crypto.age import DecryptionError, EncryptionError, decrypt_bytes, generate_identity, is_valid_recipient
from tipline.crypto.age_writer import CHUNK_BYTES, TAG_BYTES, AgeWriter

SEALED = CHUNK_BYTES + TAG_BYTES
MIB = 1024 * 1024
KEYS = generate_identity()
SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 3 * MIB + 5]

needs_age_cli = pytest.mark.skipif(
    shutil.which("age") is None, reason="the `age` CLI is not installed (bin/install-system-deps installs it)"
)


def encrypt(plaintext: bytes, recipients: list[str], piece: int = 100_000) -> bytes:
    sink = io.BytesIO()
    writer = AgeWriter(sink, recipients)
    for start in range(0, len(plaintext), piece):
        writer.write(plaintext[start : start + piece])
    writer.finish()
    return sink.getvalue()


def age_cli(ciphertext: bytes, identity: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    key = tmp_path / "identity.txt"
    key.write_text(identity + "\n")
    return subprocess.run(["age", "-d", "-i", str(key)], input=ciphertext, capture_output=True, timeout=60, check=False)


def payload_start(ciphertext: bytes) -> int:
    """Where the payload's nonce begins: after the MAC line."""
    return ciphertext.index(b"\n", ciphertext.index(b"\n--- ") + 1) + 1


def refused_by_both(ciphertext: bytes, identity: str, tmp_path: Path) -> None:
    with pytest.raises(DecryptionError):
        decrypt_bytes(ciphertext, [identity])
    if shutil.which("age") is not None:
        done = age_cli(ciphertext, identity, tmp_path)
        assert 0 != done.returncode, "the age CLI opened a ciphertext it must refuse"


@needs_age_cli
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("recipient_count", [1, 3])
def test_the_age_cli_and_pyrage_open_every_size_for_every_recipient(
    size: int, recipient_count: int, tmp_path: Path
) -> None:
    keys = [generate_identity() for _ in range(recipient_count)]
    plaintext = os.urandom(size)
    ciphertext = encrypt(plaintext, [recipient for _, recipient in keys])
    for identity, _ in keys:
        done = age_cli(ciphertext, identity, tmp_path)
        assert 0 == done.returncode, done.stderr
        assert plaintext == done.stdout
        assert plaintext == decrypt_bytes(ciphertext, [identity])
    # The payload is age's: a 16-byte nonce, then each 64 KiB chunk sealed (the last one shorter,
    # empty only for an empty plaintext).
    chunks = max(1, -(-size // CHUNK_BYTES))
    assert len(ciphertext) - payload_start(ciphertext) == 16 + size + chunks * TAG_BYTES


def test_the_header_is_canonical() -> None:
    """Version line, one X25519 stanza per recipient (share: 32 bytes; body: 32 bytes, one line
    shorter than 64 columns), the MAC line; base64 without padding, canonical."""
    recipients = [generate_identity()[1] for _ in range(4)]
    ciphertext = encrypt(b"x", recipients)
    head = ciphertext[: payload_start(ciphertext)].decode("ascii")
    b64 = "[A-Za-z0-9+/]"
    stanza = rf"-> X25519 ({b64}{{43}})\n({b64}{{43}})\n"
    match = re.fullmatch(rf"age-encryption\.org/v1\n((?:{stanza})+)--- ({b64}{{43}})\n", head)
    assert match is not None, head
    assert 4 == match.group(1).count("-> X25519 ")
    for text in re.findall(b64 + "{43}", head):
        # Canonical: decoding and encoding again gives the same text (no stray low bits).
        assert text == base64.b64encode(base64.b64decode(text + "=")).decode().rstrip("=")


@pytest.mark.parametrize("size", [5, CHUNK_BYTES, 3 * CHUNK_BYTES + 100])
def test_a_stream_cut_anywhere_is_refused(size: int, tmp_path: Path) -> None:
    """Cut at every chunk boundary, inside every chunk, inside the header and the nonce: age's
    STREAM has no valid end but the final chunk's, so none of these opens."""
    identity, recipient = generate_identity()
    ciphertext = encrypt(os.urandom(size), [recipient])
    start = payload_start(ciphertext)
    cuts = {0, 10, start - 5, start - 1, start, start + 8, start + 16}
    for boundary in range(start + 16, len(ciphertext), SEALED):
        cuts.update({boundary, boundary + 1, boundary + SEALED // 2, boundary + SEALED - 1})
    cuts.add(len(ciphertext) - 1)
    for cut in sorted(c for c in cuts if c < len(ciphertext)):
        refused_by_both(ciphertext[:cut], identity, tmp_path)


def test_a_stream_whose_final_chunk_was_never_written_is_refused(tmp_path: Path) -> None:
    """What an aborted writer leaves: every chunk but the final one. For a plaintext of whole
    chunks the cut stream ends on a full chunk, which age must still refuse: it is not final."""
    identity, recipient = generate_identity()
    for size in (2 * CHUNK_BYTES, 2 * CHUNK_BYTES + 7):
        ciphertext = encrypt(os.urandom(size), [recipient])
        last = (size - 1) // CHUNK_BYTES
        refused_by_both(ciphertext[: payload_start(ciphertext) + 16 + last * SEALED], identity, tmp_path)


@pytest.mark.parametrize("written", [1000, 3 * MIB + 17])
def test_an_aborted_writer_leaves_nothing_that_opens(written: int, tmp_path: Path) -> None:
    identity, recipient = generate_identity()
    sink = io.BytesIO()
    writer = AgeWriter(sink, [recipient])
    writer.write(os.urandom(written))
    writer.abort()
    writer.abort()
    with pytest.raises(EncryptionError, match="aborted"):
        writer.write(b"more")
    with pytest.raises(EncryptionError, match="aborted"):
        writer.finish()
    # What was sealed reached the sink before the abort (the header at least): a stream without its end.
    assert sink.getvalue().startswith(b"age-encryption.org/v1\n")
    refused_by_both(sink.getvalue(), identity, tmp_path)


def test_a_changed_byte_anywhere_is_refused(tmp_path: Path) -> None:
    identity, recipient = generate_identity()
    ciphertext = encrypt(os.urandom(3 * CHUNK_BYTES + 5), [recipient])
    start = payload_start(ciphertext)
    places = {
        "version line": 3,
        "ephemeral share": ciphertext.index(b"-> X25519 ") + 12,
        "wrapped file key": ciphertext.index(b"\n", ciphertext.index(b"-> X25519 ")) + 5,
        "MAC": start - 10,
        "payload nonce": start + 3,
        "first chunk": start + 16 + 100,
        "a tag": start + 16 + SEALED - 3,
        "final chunk": len(ciphertext) - 2,
    }
    for where, at in places.items():
        changed = bytearray(ciphertext)
        # Flip a bit in binary bytes; in the header swap one base64 letter for another.
        changed[at] = ord("A" if changed[at] != ord("A") else "B") if at < start else changed[at] ^ 0x01
        with pytest.raises(DecryptionError):
            decrypt_bytes(bytes(changed), [identity])
        if shutil.which("age") is not None:
            assert 0 != age_cli(bytes(changed), identity, tmp_path).returncode, where


def test_two_swapped_chunks_are_refused(tmp_path: Path) -> None:
    identity, recipient = generate_identity()
    ciphertext = encrypt(os.urandom(3 * CHUNK_BYTES + 5), [recipient])
    first = payload_start(ciphertext) + 16
    one, two = ciphertext[first : first + SEALED], ciphertext[first + SEALED : first + 2 * SEALED]
    swapped = ciphertext[:first] + two + one + ciphertext[first + 2 * SEALED :]
    assert len(swapped) == len(ciphertext)
    refused_by_both(swapped, identity, tmp_path)


def test_no_two_encryptions_share_an_ephemeral_share_or_a_payload_nonce() -> None:
    recipients = [generate_identity()[1] for _ in range(3)]
    shares: list[bytes] = []
    nonces: list[bytes] = []
    for _ in range(2):
        ciphertext = encrypt(b"the same plaintext", recipients)
        shares += re.findall(rb"-> X25519 (\S+)\n", ciphertext)
        start = payload_start(ciphertext)
        nonces.append(ciphertext[start : start + 16])
    assert 6 == len(shares) == len(set(shares))  # one new ephemeral secret per stanza, per file
    assert 2 == len(set(nonces))


@settings(max_examples=40, deadline=None)
@given(
    chunks=st.integers(min_value=0, max_value=4),
    offset=st.integers(min_value=-3, max_value=3),
    pieces=st.lists(st.integers(min_value=1, max_value=3 * CHUNK_BYTES), min_size=1, max_size=8),
)
def test_any_size_in_any_pieces_opens_with_pyrage(chunks: int, offset: int, pieces: list[int]) -> None:
    """Sizes on and around the chunk boundaries, written in pieces of any sizes (cycled)."""
    identity, recipient = KEYS
    plaintext = os.urandom(max(0, chunks * CHUNK_BYTES + offset))
    sink = io.BytesIO()
    writer = AgeWriter(sink, [recipient])
    at, turn = 0, 0
    while at < len(plaintext):
        step = pieces[turn % len(pieces)]
        writer.write(memoryview(plaintext)[at : at + step])
        at, turn = at + step, turn + 1
    writer.finish()
    assert plaintext == decrypt_bytes(sink.getvalue(), [identity])


def test_the_caller_may_reuse_its_buffer_at_once() -> None:
    """Nothing refers to a piece after write returns: the request's parser reuses nothing, but a
    bytearray written and then overwritten must still be encrypted as it was."""
    identity, recipient = generate_identity()
    buffer = bytearray(os.urandom(CHUNK_BYTES + 300))
    expected = bytes(buffer)
    sink = io.BytesIO()
    writer = AgeWriter(sink, [recipient])
    writer.write(buffer)
    buffer[:] = bytes(len(buffer))
    writer.finish()
    assert expected == decrypt_bytes(sink.getvalue(), [identity])


def test_finish_is_once_and_the_plaintext_never_reaches_the_sink() -> None:
    identity, recipient = generate_identity()
    plaintext = b"MARKER" + os.urandom(2 * CHUNK_BYTES)
    sink = io.BytesIO()
    writer = AgeWriter(sink, [recipient])
    writer.write(plaintext)
    writer.finish()
    writer.abort()  # after finish: changes nothing
    assert b"MARKER" not in sink.getvalue()
    assert plaintext == decrypt_bytes(sink.getvalue(), [identity])
    assert (len(plaintext), len(sink.getvalue())) == (writer.plaintext_bytes, writer.ciphertext_bytes)
    with pytest.raises(ValueError, match="finished"):
        writer.write(b"late")
    with pytest.raises(ValueError, match="finished"):
        writer.finish()


def test_the_sinks_own_error_passes_and_spends_the_writer() -> None:
    """A full disk reaches the caller as the disk's error (the store turns it into StoreFull)."""

    class FullDisk:
        def write(self, data: memoryview, /) -> int:
            raise OSError(28, "No space left on device")

    writer = AgeWriter(FullDisk(), [generate_identity()[1]])
    with pytest.raises(OSError, match="No space"):
        writer.write(os.urandom(20 * CHUNK_BYTES))  # more than one flush of ciphertext
    with pytest.raises(ValueError, match="failed"):
        writer.write(b"more")


def _mutations(recipient: str) -> list[str]:
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    changed = [
        recipient[:i] + charset[(charset.index(c) + 1) % 32] + recipient[i + 1 :]
        for i, c in enumerate(recipient)
        if i > 3
    ]
    letter = next(i for i, c in enumerate(recipient) if i > 3 and c.isalpha())
    mixed_case = recipient[:letter] + recipient[letter].upper() + recipient[letter + 1 :]
    return [*changed, recipient[:-1], recipient + "q", mixed_case]


@pytest.mark.parametrize(
    "make",
    [
        lambda: ["age1bogus"],
        lambda: [generate_identity()[0]],  # a secret key is not a recipient
        lambda: [bech32.encode("age", bytes(31))],  # 31 bytes
        lambda: [bech32.encode("agf", os.urandom(32))],  # not age's
        lambda: [bech32.encode("age", bytes(32))],  # a low-order point: the shared secret is all zero
        lambda: [],
    ],
)
def test_a_bad_recipient_is_refused_before_anything_is_written(make: Callable[[], list[str]]) -> None:
    sink = io.BytesIO()
    with pytest.raises(EncryptionError):
        AgeWriter(sink, make())
    assert b"" == sink.getvalue()


def test_recipients_are_read_as_pyrage_reads_them() -> None:
    """Every one-character change (the bech32 checksum catches each) is refused by both; the
    recipient in upper case is taken by both and still opens."""
    identity, recipient = generate_identity()
    for text in _mutations(recipient):
        assert not is_valid_recipient(text), text
        with pytest.raises(EncryptionError):
            AgeWriter(io.BytesIO(), [text])
    assert is_valid_recipient(recipient.upper())
    assert b"upper" == decrypt_bytes(encrypt(b"upper", [recipient.upper()]), [identity])


def test_what_is_sealed_reaches_the_sink_at_once_and_a_full_chunk_waits_for_more() -> None:
    """The blob in .incoming keeps up with the body; only the chunk that may be the last waits."""
    identity, recipient = generate_identity()
    sink = io.BytesIO()
    writer = AgeWriter(sink, [recipient])
    writer.write(bytes(2 * CHUNK_BYTES))
    head = payload_start(sink.getvalue()) + 16
    assert head + SEALED == len(sink.getvalue())  # the second chunk may be the final one: held
    writer.write(b"x")
    assert head + 2 * SEALED == len(sink.getvalue())  # more came: it is not, and is sealed
    writer.finish()
    assert head + 2 * SEALED + 1 + TAG_BYTES == len(sink.getvalue())
    assert bytes(2 * CHUNK_BYTES) + b"x" == decrypt_bytes(sink.getvalue(), [identity])
