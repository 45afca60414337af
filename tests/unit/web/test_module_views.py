"""The views are module-level on shared blueprints, each app keeping its own portal: two
instances in one process answer each with its own services, never the other's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.guide import fresh_onion_address
from tests.factories.settings import instance_settings
from tipline.crypto.age import generate_identity
from tipline.migrations.runner import upgrade
from tipline.services import Services, build_services
from tipline.web.journalist import create_journalist_app
from tipline.web.source import create_source_app


@pytest.fixture
def two_instances(tmp_path: Path) -> Iterator[tuple[Services, Services]]:
    built = []
    for name in ("first", "second"):
        settings = instance_settings(
            tmp_path / name, generate_identity()[1], source_onion_address=fresh_onion_address()
        )
        upgrade(settings.effective_database_url)
        built.append(build_services(settings))
    yield built[0], built[1]
    for services in built:
        services.close()


def test_each_journalist_app_answers_with_its_own_newsroom(two_instances: tuple[Services, Services]) -> None:
    apps = [create_journalist_app(services) for services in two_instances]

    answers = [app.test_client().get("/api/v1/").get_json()["newsroom_recipient"] for app in apps]

    assert [services.keyring.current() for services in two_instances] == answers
    assert answers[0] != answers[1]


def test_each_source_app_prints_its_own_onion_address(two_instances: tuple[Services, Services]) -> None:
    apps = [create_source_app(services) for services in two_instances]

    pages = [app.test_client().get("/guide?l=en").get_data(as_text=True) for app in apps]

    for services, page, other in zip(two_instances, pages, reversed(two_instances), strict=True):
        assert services.settings.source_onion_address in page
        assert other.settings.source_onion_address not in page


def test_only_the_portal_modules_reach_into_the_apps_extensions() -> None:
    """Views ask their interface's portal helper; a view reading app.extensions itself would get
    past the narrow Protocol (SourcePortal, NewsroomDesk) to whatever the app holds."""
    import tipline

    package = Path(tipline.__file__).parent
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if ".extensions" in path.read_text(encoding="utf-8")
    )
    assert ["web/journalist/portal.py", "web/source/portal.py"] == readers
