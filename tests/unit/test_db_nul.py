"""NUL in a text parameter is refused before the database sees it, on SQLite and PostgreSQL alike.

PostgreSQL cannot store NUL in text or even compare with it: before the guard, NUL in a filter,
an address or a form field of the journalist desk (and in a reply's address on the source side)
was a 500 on PostgreSQL only (found by tests/functional/test_fuzz_*.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tipline.db import make_engine
from tipline.errors import TextWithNul
from tipline.journalists.models import Journalist
from tipline.services import Services


@pytest.mark.parametrize("value", ["\x00", "a\x00", "\x00b"])
def test_text_with_nul_is_refused_and_the_connection_stays_usable(services: Services, value: str) -> None:
    with services.sessions() as session:
        with pytest.raises(TextWithNul):
            session.scalar(select(Journalist.id).where(Journalist.username == value))
        session.rollback()
        assert session.scalar(select(Journalist.id).where(Journalist.username == "nobody")) is None


def test_plain_text_passes_and_every_row_of_a_batch_is_checked(database_url: str, services: Services) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert "a b" == connection.execute(text("SELECT :t"), {"t": "a b"}).scalar()
        many = [{"t": "x"}, {"t": "y\x00"}]
        with pytest.raises(TextWithNul):
            connection.execute(text("SELECT :t"), many)
    engine.dispose()
