"""SourceService bounds how many codename KDF runs happen at once (source_kdf_concurrency)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from tipline.errors import SourcesBusy
from tipline.services import Services


@pytest.fixture
def short_wait(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A creation or login waits a tenth of a second, not a second, for a slot to free up: here
    this thread holds every slot, so no wait of any length ends otherwise."""
    monkeypatch.setattr(services.sources, "_kdf_wait_seconds", 0.1)


@pytest.mark.usefixtures("short_wait")
def test_with_every_slot_taken_creation_and_login_answer_busy_and_change_nothing(services: Services) -> None:
    codename = services.sources.generate_codename()
    slots = services.settings.source_kdf_concurrency
    with ExitStack() as held:
        for _ in range(slots):
            held.enter_context(services.sources.kdf_slot())
        with pytest.raises(SourcesBusy):
            services.sources.create(codename)
        with pytest.raises(SourcesBusy):
            services.sources.login(codename)
    assert services.sources.login(codename) is None  # the busy creation made no account
    created = services.sources.create(codename)
    login = services.sources.login(codename)
    assert login is not None
    assert created.source_id == login.source_id


def test_one_free_slot_is_enough(services: Services) -> None:
    codename = services.sources.generate_codename()
    with ExitStack() as held:
        for _ in range(services.settings.source_kdf_concurrency - 1):
            held.enter_context(services.sources.kdf_slot())
        created = services.sources.create(codename)
    login = services.sources.login(codename)
    assert login is not None
    assert created.source_id == login.source_id


@pytest.mark.usefixtures("short_wait")
def test_an_empty_codename_needs_no_slot(services: Services) -> None:
    with ExitStack() as held:
        for _ in range(services.settings.source_kdf_concurrency):
            held.enter_context(services.sources.kdf_slot())
        assert services.sources.login("  \u200b ") is None
