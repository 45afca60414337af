"""The desk keeps the safety codename's marks (docs/duress-design.md) only when they are well formed."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from pyrage import x25519

from tests.factories.fake_api import FakeSource
from tipline.desk.errors import UntrustedValue
from tipline.desk.kept import checked_source
from tipline.desk.listing import safety_warnings


def _raw(**extra: Any) -> dict[str, Any]:
    recipient = str(x25519.Identity.generate().to_public())
    return FakeSource(str(uuid.uuid4()), "brave-otter", recipient, extra=extra).listing()


def test_marks_are_kept_and_warned_about() -> None:
    real = str(uuid.uuid4())
    used = checked_source(_raw(safety_codename_used_on="2026-12-07"))
    decoy = checked_source(_raw(safety_codename_of=real))
    plain = checked_source(_raw())
    assert (used.safety_codename_used_on, used.safety_codename_of) == (datetime.date(2026, 12, 7), None)
    assert decoy.safety_codename_of == real
    assert safety_warnings(plain) == []
    assert "used on 2026-12-07" in safety_warnings(used)[0]
    assert real in safety_warnings(decoy)[0]


def test_a_server_older_than_the_marks_is_read_as_no_mark() -> None:
    raw = _raw()
    del raw["safety_codename_used_on"], raw["safety_codename_of"]
    assert safety_warnings(checked_source(raw)) == []


@pytest.mark.parametrize(
    "extra",
    [
        {"safety_codename_used_on": "2026-12-07T10:11:12\x1b[31m"},
        {"safety_codename_used_on": 20261207},
        {"safety_codename_of": "../../etc"},
        {"safety_codename_of": "\x1b]52;c;AAAA\x07"},
    ],
)
def test_malformed_marks_are_refused(extra: dict[str, Any]) -> None:
    with pytest.raises(UntrustedValue):
        checked_source(_raw(**extra))
