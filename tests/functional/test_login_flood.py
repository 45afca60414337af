"""A flood of codename logins and creations cannot starve the journalist interface.

Codename creation and login each cost one Argon2id run (64 MiB, production parameters here).
`source_kdf_concurrency` bounds how many run at once per source process; past it, a source gets
a "busy, try again" page (503) instead of a queue. The journalist interface runs in its own
gunicorn processes: while the source port is flooded, a journalist logs in and reads, and every
one of those requests must succeed within a liveness bound far below what a starved server shows.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.factories.flood import (
    FLOOD_EXPECTED,
    Timings,
    flood_source,
    journalist_api_login,
    journalist_web_login,
    read_until,
    run_threads,
    unexpected_flood_answers,
)
from tests.factories.forms import codename_on_page, csrf_token
from tests.factories.live import LiveInstance, prepare_instance, serve
from tests.factories.live_http import FilePart, LiveClient, create_account, lookup_token, multipart
from tipline.config import KdfParameters
from tipline.services import Services

FLOOD_SECONDS = 6.0
LOGIN_FLOODERS = 12  # with the creators, more than the source side's 8 threads
CREATE_FLOODERS = 6
# Far above a journalist page on a busy 2-core machine (tens of ms), far below a starved one.
LIVENESS_SECONDS = 5.0


def test_a_busy_source_side_answers_with_a_page_in_the_sources_language(
    services: Services, source_client: FlaskClient
) -> None:
    page = source_client.get("/login").get_data(as_text=True)
    with ExitStack() as held:
        for _ in range(services.settings.source_kdf_concurrency):
            held.enter_context(services.sources.kdf_slot())
        busy = source_client.post("/login", data={"csrf_token": csrf_token(page), "codename": "any words at all"})
    assert 503 == busy.status_code
    assert "30" == busy.headers["Retry-After"]
    text = busy.get_data(as_text=True)
    assert "제보 창구가 붐빕니다" in text  # the instance's default language, Korean
    assert "Traceback" not in text


def test_a_new_source_turned_away_as_busy_keeps_the_codename_it_was_shown(
    services: Services, source_client: FlaskClient
) -> None:
    page = source_client.get("/generate?l=en").get_data(as_text=True)
    codename = codename_on_page(page)
    form = {"csrf_token": csrf_token(page)}
    with ExitStack() as held:
        for _ in range(services.settings.source_kdf_concurrency):
            held.enter_context(services.sources.kdf_slot())
        busy = source_client.post("/create", data=form)
    assert 503 == busy.status_code
    assert "The tip line is busy" in busy.get_data(as_text=True)
    again = source_client.post("/create", data=form)  # "go back and try again": the same form
    assert 302 == again.status_code
    assert "/lookup" == again.headers["Location"]
    login = services.sources.login(codename)
    assert login is not None


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[LiveInstance]:
    """A live server whose codename KDF is production's: the flood costs what a real one would."""
    prepared = prepare_instance(tmp_path, settings_overrides={"codename_kdf": KdfParameters()})
    live = serve(prepared, timeout=60)
    yield live
    live.stop()


def seed_source(instance: LiveInstance) -> None:
    """One source with a message and a small file, so the journalist has something to read."""
    source = LiveClient(instance.source_url)
    create_account(source)
    body, content_type = multipart(
        [("csrf_token", lookup_token(source)), ("message", "before the flood")],
        [FilePart("files", "note.txt", b"x" * 4096, "text/plain")],
    )
    assert 302 == source.post("/submit", body, content_type).status


@pytest.mark.serial  # a liveness bound under a flood: measured alone (tests/conftest.py)
def test_a_login_flood_does_not_starve_the_journalist_interface(instance: LiveInstance) -> None:
    seed_source(instance)
    reader = instance.add_journalist("reader")
    desk = instance.add_journalist("desk")
    flood, journalist = Timings(), Timings()
    stop_flood, stop_reading = threading.Event(), threading.Event()
    flooders = run_threads(
        [lambda: flood_source(instance.source_url, "login", stop_flood, flood) for _ in range(LOGIN_FLOODERS)]
        + [lambda: flood_source(instance.source_url, "create", stop_flood, flood) for _ in range(CREATE_FLOODERS)]
    )
    try:
        time.sleep(1.0)  # every server thread of the source side is busy by now
        # Logging in is part of what must not starve: the web desk, then the API.
        web = journalist_web_login(instance, reader, journalist)
        api = journalist_api_login(instance, desk, journalist)
        (reading,) = run_threads([lambda: read_until(web, api, stop_reading, journalist, pause=0.05)])
        time.sleep(FLOOD_SECONDS)
        stop_reading.set()
        reading.join(timeout=30)
    finally:
        stop_reading.set()
        stop_flood.set()
        for thread in flooders:
            thread.join(timeout=30)

    assert [] == journalist.failures
    assert [] == flood.failures
    slowest = {kind: max(values) for kind, values in journalist.latencies.items()}
    assert {kind: s for kind, s in slowest.items() if s > LIVENESS_SECONDS} == {}, slowest
    assert len(journalist.latencies.get("api download", [])) >= 3  # the journalist really read throughout
    assert {} == unexpected_flood_answers(flood), dict(flood.statuses)
    # The flood really reached the KDF: wrong logins answered 401 (or busy), accounts created.
    kdf_answers = sum(n for (kind, _status), n in flood.statuses.items() if kind in ("POST /login", "POST /create"))
    assert kdf_answers >= LOGIN_FLOODERS
    assert set(FLOOD_EXPECTED) == {kind for kind, _ in flood.statuses}
    assert re.search(r"Traceback|Exception", instance.output()) is None, instance.output()
