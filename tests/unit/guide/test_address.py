"""Onion addresses are checked (v3 checksum) before anything is printed."""

from __future__ import annotations

import os

import pytest

from tipline.errors import BadOnionAddress
from tipline.guide import normalise_onion_address, onion_address_for

# The Tor Project's own onion service (torproject.org): a real address made by tor, not by our code.
TOR_PROJECT = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"


def test_a_real_address_made_by_tor_is_accepted() -> None:
    assert TOR_PROJECT == normalise_onion_address(TOR_PROJECT)


@pytest.mark.parametrize(
    "pasted",
    [
        f"http://{TOR_PROJECT}/",
        f"  {TOR_PROJECT.upper()}\n",
        f"https://{TOR_PROJECT}",
    ],
)
def test_what_an_operator_may_paste_is_normalised(pasted: str) -> None:
    assert TOR_PROJECT == normalise_onion_address(pasted)


def test_our_own_encoding_round_trips() -> None:
    address = onion_address_for(os.urandom(32))
    assert (62, ".onion") == (len(address), address[-6:])
    assert address == normalise_onion_address(address)


@pytest.mark.parametrize(
    "bad",
    [
        # one letter changed: the checksum no longer matches (a typing mistake)
        "3" + TOR_PROJECT[1:],
        TOR_PROJECT[:-7] + ".onion",  # one letter short
        "expyuzz4wqqyqhjn.onion",  # v2, gone since 2021
        "example.com",
        TOR_PROJECT.replace("2", "1", 1),  # 1 is not base32
        "",
    ],
)
def test_a_wrong_address_is_refused(bad: str) -> None:
    with pytest.raises(BadOnionAddress):
        normalise_onion_address(bad)
