"""A desk folder with the decrypted material of three sources, written the way the desk lays it out.

- amber-crane, in Russia, writes in Korean: the officer takes bribes; sends a photo that still
  carries GPS coordinates, and its cleaned copy. A saved English translation of the message.
- brisk-otter, in North Korea, writes in English: agrees on the bribes; adds that the money goes to
  Pyongyang, with a document (a receipt).
- calm-heron, in Russia, writes in English: agrees in part, and adds a unique detail (dormitory 7,
  a Hyundai truck).
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

# A 16×16 JPEG without metadata (exiftool -all= applied).
TINY_JPEG = base64.b64decode(
    "/9j/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBD"
    "AQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABAD"
    "ASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAV"
    "AQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mob"
    "c8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILo"
    "S4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6"
    "ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z"
)

A, B, C = "amber-crane", "brisk-otter", "calm-heron"

MESSAGE_A = "이르쿠츠크 건설회사의 보안원이 노동자들에게서 매달 뇌물을 받는다. 그는 국가보위성 소속이다."
TRANSLATION_A = (
    "The security officer of the construction company in Irkutsk takes bribes from the workers every month. "
    "He belongs to the Ministry of State Security."
)
MESSAGE_B = (
    "The security officer of the construction company in Irkutsk takes bribes from the workers every month. "
    "He sends the money to Pyongyang through a cousin at the trade mission."
)
RECEIPT_B = "Receipt: transfer to Pyongyang, trade mission account, 3,000 USD."
MESSAGE_C = (
    "The security officer in Irkutsk takes bribes every month. "
    "He hides the cash in a Hyundai truck parked behind dormitory 7 and drives it himself."
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def add_gps(photo: Path) -> None:
    exiftool = shutil.which("exiftool")
    assert exiftool is not None
    subprocess.run(
        [
            exiftool,
            "-q",
            "-overwrite_original",
            "-GPSLatitude=52.2870",
            "-GPSLatitudeRef=N",
            "-GPSLongitude=104.3050",
            "-GPSLongitudeRef=E",
            "-Make=Samsung",
            "-Model=SM-A515F",
            str(photo),
        ],
        check=True,
    )


def build_desk(desk: Path) -> Path:
    sources = desk / "sources"
    write(sources / A / "b1" / "message.txt", MESSAGE_A)
    photo = write(sources / A / "b1" / "site.jpg", TINY_JPEG)
    add_gps(photo)
    write(sources / A / "b1" / "site.cleaned.jpg", TINY_JPEG)
    write(desk / "translations" / A / "b1" / "message.txt.en.txt", TRANSLATION_A)
    write(sources / B / "b1" / "message.txt", MESSAGE_B)
    write(sources / B / "b2" / "receipt.txt", RECEIPT_B)
    write(sources / C / "b1" / "message.txt", MESSAGE_C)
    desk.chmod(0o700)
    return desk
