"""The real server starts with `tipline serve` and serves both interfaces."""

from __future__ import annotations

import json
import urllib.request

from tests.factories.live import LiveInstance


def test_serve_answers_on_both_ports(shared_live_instance: LiveInstance) -> None:
    with urllib.request.urlopen(shared_live_instance.source_url + "/") as response:
        assert 200 == response.status
        assert "no-store" == response.headers["Cache-Control"]
    with urllib.request.urlopen(shared_live_instance.journalist_url + "/api/v1/") as response:
        assert json.load(response)["newsroom_recipient"].startswith("age1")
