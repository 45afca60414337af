"""The padding frame: buckets, overhead bound, streamed framing and unframing, older plaintexts."""

from __future__ import annotations

import io
import random

import pytest

from tipline.crypto.age import decrypt_bytes, decrypt_stream, encrypt_bytes, generate_identity
from tipline.crypto.age_writer import AgeWriter
from tipline.crypto.padding import (
    FILE_FLOOR,
    FRAME_BYTES,
    MAGIC,
    MAX_FILE_OVERHEAD,
    SMALL_FLOOR,
    PaddingError,
    PaddingReader,
    UnpaddingSink,
    file_bucket,
    pad_file_bytes,
    pad_small,
    small_bucket,
    unpad,
)

MIB = 1024 * 1024


def test_small_items_are_one_size_up_to_32_kib_then_powers_of_two() -> None:
    korean_9000 = ("가" * 9000).encode("utf-8")  # 27,000 bytes
    assert {SMALL_FLOOR} == {len(pad_small(b"")), len(pad_small(b"x" * 10)), len(pad_small(korean_9000))}
    assert 64 * 1024 == len(pad_small(b"x" * (SMALL_FLOOR - FRAME_BYTES + 1)))
    assert 512 * 1024 == small_bucket(300_000)


def test_one_mib_and_one_point_o_five_mib_share_a_bucket() -> None:
    assert file_bucket(MIB + FRAME_BYTES) == file_bucket(int(1.05 * MIB) + FRAME_BYTES)


def test_file_overhead_is_bounded_above_the_floor() -> None:
    """Every size from the floor to 4 GiB: the bucket is at most 12 % larger than the frame."""
    size = FILE_FLOOR
    while size < 4 * 1024**3:
        worst = size + 1  # the smallest frame of the next bucket: the most padding it gets
        bucket = file_bucket(worst)
        assert bucket >= worst
        assert (bucket - worst) / worst <= MAX_FILE_OVERHEAD, bucket
        size = bucket
    rng = random.Random(20)
    for framed in (rng.randrange(FILE_FLOOR, 3 * 1024**3) for _ in range(2000)):
        bucket = file_bucket(framed)
        assert framed <= bucket <= framed * (1 + MAX_FILE_OVERHEAD)
        assert file_bucket(bucket) == bucket  # a bucket is its own bucket


def test_buckets_are_few() -> None:
    """From 16 KiB to 2 GiB: 8 sizes per doubling, not one per byte."""
    sizes = set()
    framed = FILE_FLOOR
    while framed < 2 * 1024**3:
        sizes.add(file_bucket(framed))
        framed = file_bucket(framed) + 1
    assert len(sizes) <= 8 * 17 + 1


def test_unpad_gives_the_content_and_passes_older_plaintexts_through() -> None:
    for content in (b"", b"a tip", bytes(range(256)) * 100, MAGIC):
        assert content == unpad(pad_small(content))
        assert content == unpad(pad_file_bytes(content))
    assert b"an old message" == unpad(b"an old message")
    assert b"%PDF-1.4 old file" == unpad(b"%PDF-1.4 old file")


def test_a_trailer_that_lies_is_refused() -> None:
    framed = bytearray(pad_small(b"short"))
    framed[-8:] = (len(framed)).to_bytes(8, "big")
    with pytest.raises(PaddingError):
        unpad(bytes(framed))
    with pytest.raises(PaddingError):
        unpad(MAGIC + b"abc")


@pytest.mark.parametrize("asked", [1, 7, 7777, 1024 * 1024, -1])
def test_the_streamed_frame_is_the_same_as_the_in_memory_one(asked: int) -> None:
    content = random.Random(1).randbytes(300_000)
    reader = PaddingReader(io.BytesIO(content))
    pieces = []
    while piece := reader.read(asked):
        pieces.append(piece)
    assert pad_file_bytes(content) == b"".join(pieces)
    assert len(content) == reader.content_bytes


@pytest.mark.parametrize("piece", [1, 3, 7, 8, 9, 4096, 65536])
def test_unpadding_sink_cuts_at_the_true_length_in_any_pieces(piece: int) -> None:
    content = random.Random(piece).randbytes(50_000)
    framed = pad_file_bytes(content)
    out = io.BytesIO()
    sink = UnpaddingSink(out)
    for start in range(0, len(framed), piece):
        sink.write(framed[start : start + piece])
    assert len(content) == sink.finish()
    assert content == out.getvalue()


@pytest.mark.parametrize("older", [b"", b"abc", b"an unpadded message of old", bytes(70_000)])
def test_unpadding_sink_passes_older_plaintexts_through(older: bytes) -> None:
    out = io.BytesIO()
    sink = UnpaddingSink(out)
    for start in range(0, len(older), 5):
        sink.write(older[start : start + 5])
    assert len(older) == sink.finish()
    assert older == out.getvalue()


def test_unpadding_sink_refuses_a_cut_frame() -> None:
    sink = UnpaddingSink(io.BytesIO())
    sink.write(MAGIC + b"1234")
    with pytest.raises(PaddingError):
        sink.finish()
    lying = UnpaddingSink(io.BytesIO())
    lying.write(MAGIC + b"abc" + (4).to_bytes(8, "big"))
    with pytest.raises(PaddingError):
        lying.finish()


def test_age_round_trip_streamed_both_ways() -> None:
    """Frame a stream as the upload does and encrypt it with its age writer; decrypt with the
    unpadding sink."""
    identity, recipient = generate_identity()
    content = random.Random(2).randbytes(3 * 65536 + 11)
    ciphertext = io.BytesIO()
    writer = AgeWriter(ciphertext, [recipient])
    frame = PaddingReader(io.BytesIO(content))
    while piece := frame.read(100_000):
        writer.write(piece)
    writer.finish()
    assert pad_file_bytes(content) == decrypt_bytes(ciphertext.getvalue(), [identity])
    out = io.BytesIO()
    sink = UnpaddingSink(out)
    decrypt_stream(io.BytesIO(ciphertext.getvalue()), sink, [identity])
    sink.finish()
    assert content == out.getvalue()


def test_same_bucket_same_payload_size() -> None:
    """age's payload length depends only on the plaintext's: one bucket, one payload size. (The
    header carries a random "grease" stanza, so whole sizes differ by that noise alone.)"""
    _, recipient = generate_identity()
    sizes = {_payload_length(encrypt_bytes(pad_small(b"x" * n), [recipient])) for n in (0, 10, 9000, 30_000)}
    assert 1 == len(sizes)


def _payload_length(ciphertext: bytes) -> int:
    mac_line = ciphertext.index(b"\n--- ") + 1
    return len(ciphertext) - (ciphertext.index(b"\n", mac_line) + 1)
