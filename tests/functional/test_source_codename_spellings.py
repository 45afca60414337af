"""Logging in through the source interface with a BIP-39 Korean codename made before Tipline's own
list, and with a new codename typed in Northern spelling (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.factories.forms import csrf_token
from tests.factories.routes import SQLITE_ONLY
from tests.factories.settings import CHEAP_KDF
from tipline.config import Settings
from tipline.crypto.codenames import initial_sound_spellings
from tipline.migrations.runner import upgrade
from tipline.sequence import take_stamps
from tipline.services import Services, build_services
from tipline.sources.models import Source
from tipline.web.source import create_source_app

pytestmark = SQLITE_ONLY

FIXTURE = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "bip39_korean_codename.json").read_text(encoding="utf-8")
)


@pytest.fixture
def app(settings: Settings) -> Iterator[tuple[Flask, Services]]:
    """An instance with the fixture's salt and KDF cost, holding the account made on main."""
    assert (CHEAP_KDF.time_cost, CHEAP_KDF.memory_kib, CHEAP_KDF.parallelism) == tuple(FIXTURE["kdf"].values())
    changed = settings.replace(codename_salt=FIXTURE["salt_hex"])
    upgrade(changed.effective_database_url)
    services = build_services(changed)
    with services.sessions.begin() as session:
        session.add(
            Source(
                designation="old-bip39-account",
                lookup=FIXTURE["lookup"],
                recipient=FIXTURE["recipient"],
                change_seq=take_stamps(session),
            )
        )
    yield create_source_app(services), services
    services.close()


def logs_in(app: Flask, typed: str) -> bool:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    return 302 == client.post("/login", data={"csrf_token": csrf_token(page), "codename": typed}).status_code


def test_a_bip39_codename_made_before_the_new_list_logs_in_as_typed_then_and_in_northern_spelling(
    app: tuple[Flask, Services],
) -> None:
    source_app, _services = app
    codename = FIXTURE["codename"]
    northern = codename.replace("예절", "례절").replace("연락", "련락")
    assert logs_in(source_app, codename)
    assert logs_in(source_app, northern.replace(" ", ""))
    assert not logs_in(source_app, codename.replace("예절", "예술"))


def test_a_new_codename_logs_in_typed_with_every_word_in_its_northern_spelling(app: tuple[Flask, Services]) -> None:
    source_app, services = app
    # Words of Tipline's list, five of which a North Korean writes with ㄹ: 로동 래일 련휴 려관 리용.
    codename = "노동 내일 사슴 개구리 정원 이용 연휴 골짜기 여관"
    services.sources.create(codename)
    northern = [max(initial_sound_spellings(word), default=word) for word in codename.split()]  # the ㄹ form
    assert 5 == sum(typed != word for typed, word in zip(northern, codename.split(), strict=True))
    assert logs_in(source_app, " ".join(northern))
    assert logs_in(source_app, "".join(northern))
