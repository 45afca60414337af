"""API token rows keep no login time finer than the hour, and expired rows are deleted (threat T1)."""

from __future__ import annotations

import datetime

from sqlalchemy import select, update

from tests.factories.journalists import make_journalist
from tipline.journalists.models import ApiToken
from tipline.services import Services


def _expiries(services: Services) -> list[datetime.datetime]:
    with services.sessions() as session:
        return list(session.scalars(select(ApiToken.expires_at)))


def test_a_token_row_says_the_hour_at_most(services: Services) -> None:
    journalist = make_journalist(services)
    view = services.journalists.get(journalist.uuid)
    issued = services.journalists.issue_token(view)
    (stored,) = _expiries(services)
    assert (0, 0, 0) == (stored.minute, stored.second, stored.microsecond)
    assert issued.expires_at.replace(tzinfo=None) == stored.replace(tzinfo=None)
    lifetime = issued.expires_at - datetime.datetime.now(datetime.UTC)
    hours = services.settings.api_token_hours
    assert (
        datetime.timedelta(hours=hours) - datetime.timedelta(minutes=1)
        < lifetime
        <= datetime.timedelta(hours=hours + 1)
    )
    assert services.journalists.journalist_for_token(issued.token) is not None


def test_expired_token_rows_are_deleted(services: Services) -> None:
    journalist = make_journalist(services)
    view = services.journalists.get(journalist.uuid)
    old = services.journalists.issue_token(view)
    with services.sessions.begin() as session:
        session.execute(update(ApiToken).values(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)))
    assert services.journalists.journalist_for_token(old.token) is None
    services.journalists.issue_token(view)  # a login purges
    assert 1 == len(_expiries(services))
    with services.sessions.begin() as session:
        session.execute(update(ApiToken).values(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)))
    assert 1 == services.journalists.purge_expired_tokens()  # and so does the worker
    assert [] == _expiries(services)
