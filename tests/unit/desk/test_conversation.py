"""What `desk show` and the reading room sum up of a cleaning, and the fetch bar that never overshoots."""

from __future__ import annotations

import io

from rich.console import Console
from rich.progress import Progress

from tipline.desk.client import _explained
from tipline.desk.conversation import mattered
from tipline.desk.errors import LoginNeeded
from tipline.desk.fetch import capped_advance

REMOVED = [
    "Composite:GPSPosition: 37 deg 33' 58.00\" N, 126 deg 58' 41.00\" E",
    "GPS:GPSLatitude: 37 deg 33' 58.00\"",
    "GPS:GPSLatitudeRef: North",
    "IFD0:Artist: Kim Informant",
    "IFD0:Make: Apple",
    "IFD0:Model: iPhone 12",
    "ExifIFD:BodySerialNumber: F17ABC123",
    "IFD0:Software: 17.1.2",
    "ExifIFD:ExposureTime: 1/120",
    "IFD0:Orientation: Horizontal (normal)",
]


def test_what_mattered_is_one_line_per_kind_in_the_order_people_read_it() -> None:
    assert [
        "location: 37 deg 33' 58.00\" N, 126 deg 58' 41.00\" E",
        "author: Kim Informant",
        "device: Apple; iPhone 12; serial F17ABC123",
        "software: 17.1.2",
    ] == mattered(REMOVED)


def test_nothing_that_mattered_says_nothing() -> None:
    assert [] == mattered(["ExifIFD:ExposureTime: 1/120", "IFD0:Orientation: Horizontal (normal)"])
    assert ["location: 37 deg 33' 58.00\""] == mattered(["GPS:GPSLatitude: 37 deg 33' 58.00\""])


def test_the_fetch_bar_never_passes_a_files_announced_size() -> None:
    with Progress(console=Console(file=io.StringIO(), force_terminal=False)) as progress:
        task = progress.add_task("fetching", total=150)
        first = capped_advance(progress, task, 100)
        for _ in range(5):
            first(64 * 1024)  # the server said 100 bytes and sends far more, or a resume repeats them
        second = capped_advance(progress, task, 50)
        second(20)
        second(20)
        second(20)
        assert 150 == progress.tasks[0].completed
        assert progress.tasks[0].completed <= (progress.tasks[0].total or 0)


def test_login_errors_say_what_to_do() -> None:
    wrong = _explained("POST", "/api/v1/token", 403, "token authentication failed", "Forbidden")
    assert isinstance(wrong, LoginNeeded)
    assert str(wrong).startswith("wrong passphrase or code")
    assert "HTTP" not in str(wrong)
    expired = _explained("GET", "/api/v1/sources", 403, "a valid token is required: Authorization: Token <token>", "")
    assert "your login expired: run `tipline desk login" in str(expired)
    throttled = _explained("POST", "/api/v1/token", 429, "too many failed logins", "")
    assert "wait a few minutes" in str(throttled)
    failed = _explained("GET", "/api/v1/sources", 502, None, "Bad Gateway")
    assert "try again later" in str(failed)
