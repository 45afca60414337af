"""The Korean journalist interface is translated throughout, server-side refusals included, and
Korean usernames work (NFC)."""

from __future__ import annotations

import unicodedata

import pytest
from flask.testing import FlaskClient

from tests.factories.forms import csrf_token
from tests.factories.journalists import current_code, make_journalist
from tests.factories.sources import make_source
from tests.functional.test_journalist_web import web_login
from tipline.errors import JournalistError
from tipline.journalists.records import NewJournalist
from tipline.services import Services


@pytest.fixture
def korean_client(journalist_client: FlaskClient) -> FlaskClient:
    journalist_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    return journalist_client


def _admin(client: FlaskClient, services: Services) -> NewJournalist:
    admin = make_journalist(services, "editor", is_admin=True)
    assert 302 == web_login(client, admin)
    return admin


def test_refusals_raised_by_services_are_shown_in_korean(korean_client: FlaskClient, services: Services) -> None:
    admin = _admin(korean_client, services)
    team = korean_client.get("/admin/").get_data(as_text=True)
    token = csrf_token(team)

    korean_client.post("/admin/journalists", data={"csrf_token": token, "username": "x"})
    shown = korean_client.get("/admin/").get_data(as_text=True)
    assert "사용자 이름은 2–64자입니다" in shown
    assert "usernames are" not in shown

    admin_uuid = next(j.uuid for j in services.journalists.list_all() if j.username == admin.username)
    korean_client.post(f"/admin/journalists/{admin_uuid}/deactivate", data={"csrf_token": token})
    shown = korean_client.get("/admin/").get_data(as_text=True)
    assert "마지막 남은 활성 관리자는 비활성화하거나" in shown
    assert "last active admin" not in shown


def test_statuses_audit_actions_and_the_404_body_are_korean(korean_client: FlaskClient, services: Services) -> None:
    source = make_source(services, "안녕하십니까")
    _admin(korean_client, services)
    page = korean_client.get(f"/sources/{source.uuid}").get_data(as_text=True)
    for status in ("새 사안", "진행 중", "확인됨", "보도됨", "종결"):
        assert status in page
    token = csrf_token(page)
    korean_client.post(
        f"/sources/{source.uuid}/case", data={"csrf_token": token, "status": "nonsense", "labels": "", "assignee": ""}
    )
    assert "상태는 다음 가운데 하나여야 합니다" in korean_client.get(f"/sources/{source.uuid}").get_data(as_text=True)

    korean_client.post(
        f"/sources/{source.uuid}/case", data={"csrf_token": token, "status": "verified", "labels": "", "assignee": ""}
    )
    audit = korean_client.get("/admin/audit").get_data(as_text=True)
    assert "들어감" in audit  # "login"
    assert ">login<" not in audit
    assert "<td>상태를 바꿈</td>" in audit
    assert "<td>확인됨</td>" in audit  # the status in the detail column
    assert "<td>웹</td>" in audit
    assert ">verified<" not in audit

    missing = korean_client.get("/no/such/page")
    assert 404 == missing.status_code
    body = missing.get_data(as_text=True)
    assert "화면을 찾을 수 없습니다" in body
    assert "주소를 확인하거나 제보자 목록으로 돌아가십시오." in body
    assert "The requested URL" not in body


def test_korean_usernames_are_accepted_and_normalised(korean_client: FlaskClient, services: Services) -> None:
    _admin(korean_client, services)
    team = korean_client.get("/admin/").get_data(as_text=True)
    decomposed = unicodedata.normalize("NFD", "김기자")
    assert decomposed != "김기자"

    response = korean_client.post("/admin/journalists", data={"csrf_token": csrf_token(team), "username": decomposed})

    assert 201 == response.status_code
    assert ["김기자"] == [j.username for j in services.journalists.list_all() if j.username != "editor"]


def test_a_korean_username_logs_in_typed_either_way(journalist_client: FlaskClient, services: Services) -> None:
    reporter = make_journalist(services, "박.기자")
    page = journalist_client.get("/login").get_data(as_text=True)
    response = journalist_client.post(
        "/login",
        data={
            "csrf_token": csrf_token(page),
            "username": unicodedata.normalize("NFD", "박.기자"),
            "passphrase": reporter.passphrase,
            "one_time_code": current_code(reporter),
        },
    )
    assert 302 == response.status_code


@pytest.mark.parametrize("username", ["ㄱㄴ", "김", "김" * 65, "김 기자", "Kim", "ᄀ"])
def test_korean_username_rules(services: Services, username: str) -> None:
    with pytest.raises(JournalistError) as refused:
        services.journalists.add(username)
    assert refused.value.message.startswith("usernames are 2–64 characters")


def test_sixty_four_hangul_syllables_are_a_username(services: Services) -> None:
    assert "가" * 64 == services.journalists.add("가" * 64).username
