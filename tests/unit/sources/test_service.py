"""SourceService: an account from a codename, and back in with nothing but the codename."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tipline.crypto.age import decrypt_bytes, encrypt_bytes
from tipline.errors import CodenameTaken
from tipline.services import Services
from tipline.sources.designations import ADJECTIVES, NOUNS, random_designation
from tipline.sources.models import Source


def test_a_source_logs_back_in_with_its_codename(services: Services) -> None:
    codename = services.sources.generate_codename()
    created = services.sources.create(codename)
    login = services.sources.login(codename)
    assert login is not None
    assert (created.source_id, created.source_uuid, created.identity) == (
        login.source_id,
        login.source_uuid,
        login.identity,
    )


def test_typing_variations_of_the_codename_still_log_in(services: Services) -> None:
    codename = services.sources.generate_codename()
    created = services.sources.create(codename)
    typed = "\u3000" + codename.upper().replace(" ", " - ") + "\u200b "
    login = services.sources.login(typed)
    assert login is not None
    assert created.source_id == login.source_id


@pytest.mark.parametrize("typed", ["", "   ", "\u200b", "not the codename at all"])
def test_a_wrong_codename_logs_nobody_in(services: Services, typed: str) -> None:
    services.sources.create(services.sources.generate_codename())
    assert services.sources.login(typed) is None


def test_one_word_off_is_wrong(services: Services) -> None:
    codename = services.sources.generate_codename()
    services.sources.create(codename)
    words = codename.split(" ")
    words[-1] = "zzzz" if words[-1] != "zzzz" else "yyyy"
    assert services.sources.login(" ".join(words)) is None


def test_the_same_codename_cannot_make_two_accounts(services: Services) -> None:
    codename = services.sources.generate_codename()
    services.sources.create(codename)
    with pytest.raises(CodenameTaken):
        services.sources.create(codename.upper())


def test_the_account_row_holds_neither_the_codename_nor_the_identity(services: Services) -> None:
    """What a seized database shows: a lookup value, a public key, a random designation, a day."""
    codename = services.sources.generate_codename()
    login = services.sources.create(codename)
    with services.sessions() as session:
        source = session.scalars(select(Source)).one()
        row_text = " ".join(str(getattr(source, c.key)) for c in Source.__table__.columns)
    for word in codename.split(" "):
        assert re.search(rf"\b{re.escape(word)}\b", row_text) is None
    assert login.identity not in row_text
    assert login.identity.lower() not in row_text.lower()
    assert source.recipient.startswith("age1")


def test_the_login_identity_opens_what_is_encrypted_to_the_stored_recipient(services: Services) -> None:
    login = services.sources.create(services.sources.generate_codename())
    with services.sessions() as session:
        recipient = session.scalars(select(Source.recipient)).one()
    assert b"reply" == decrypt_bytes(encrypt_bytes(b"reply", [recipient]), [login.identity])


def test_designations_are_adjective_dash_noun_and_unique(services: Services) -> None:
    for _ in range(5):
        services.sources.create(services.sources.generate_codename())
    with services.sessions() as session:
        designations = session.scalars(select(Source.designation)).all()
    assert 5 == len(set(designations))
    for designation in designations:
        adjective, noun = designation.split("-")
        assert adjective in ADJECTIVES
        assert noun in NOUNS


def test_random_designation_format() -> None:
    assert re.fullmatch(r"[a-z]+-[a-z]+", random_designation())
    assert len(set(ADJECTIVES)) == len(ADJECTIVES)
    assert len(set(NOUNS)) == len(NOUNS)


def test_generated_codenames_have_at_least_the_configured_number_of_words(services: Services) -> None:
    """codename_words is a minimum: 2,048-word lists need 8 words for 88 bits."""
    assert services.settings.codename_words <= len(services.sources.generate_codename().split(" "))


def test_exists_and_touch(services: Services) -> None:
    login = services.sources.create(services.sources.generate_codename())
    assert services.sources.exists(login.source_id) is True
    assert services.sources.exists(login.source_id + 1000) is False
    services.sources.touch(login.source_id)
    services.sources.touch(login.source_id + 1000)  # a deleted source: nothing to do, no error


def test_repr_of_a_login_hides_the_identity(services: Services) -> None:
    login = services.sources.create(services.sources.generate_codename())
    assert login.identity not in repr(login)
