"""The workflow pages of the reading room: cases and claims with corroboration, the exposure check
with its flags on the draft's text, and saved translations beside their originals."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import reading_room as room
from tipline.desk.reading_room.app import create_app
from tipline.desk.reading_room.workflow_views import segments
from tipline.desk.workflow import material as materials
from tipline.desk.workflow.cases import TESTIMONY, open_store
from tipline.desk.workflow.exposure_report import Flag

PORT = 8766
HOST = {"Host": f"127.0.0.1:{PORT}"}
TOKEN = "workflow-token"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> room.RoomDesk:
    built = room.build(tmp_path_factory.mktemp("workflow-room") / "desk")
    first = materials.resolve(built.desk.root, f"{room.KOREAN}/1")
    store = open_store(built.desk.root)
    try:
        with store.session() as session:
            case = store.add_case(session, "단동 세관 <b>뇌물</b>")
            claim = store.add_claim(session, case, "The trading company pays the customs officers.")
            store.link(claim, first.submission, room.KOREAN, TESTIMONY, "세관원들에게 돈을 줍니다")
    finally:
        store.close()
    saved = materials.translation_path(built.desk.root, first, "en")
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text("The trading company in Dandong pays the customs officers.", encoding="utf-8")
    return built


@pytest.fixture
def client(built: room.RoomDesk) -> FlaskClient:
    return create_app(built.desk, TOKEN, PORT).test_client()


def page(client: FlaskClient, path: str, method: str = "GET", **kwargs: object) -> str:
    with client.open(f"/{TOKEN}{path}", method=method, headers=HOST, **kwargs) as response:  # type: ignore[arg-type]
        assert 200 == response.status_code
        return response.get_data(as_text=True)


def test_cases_show_each_claim_with_its_corroboration(client: FlaskClient) -> None:
    shown = page(client, "/cases?l=en")
    assert "단동 세관 &lt;b&gt;뇌물&lt;/b&gt;" in shown
    assert "The trading company pays the customs officers." in shown
    assert "not corroborated" in shown  # one source, the default rule asks for two
    assert "1 independent sources" in shown
    assert f"{room.KOREAN}/" in shown


def test_the_sources_list_names_the_case_status_and_the_desks_cases(client: FlaskClient) -> None:
    shown = page(client, "/?l=en")
    row = shown[shown.index(room.KOREAN) :].split("</tr>")[0]
    assert room.KOREAN_STATUS in row
    assert "#1 단동 세관 &lt;b&gt;뇌물&lt;/b&gt;" in row


def test_a_saved_translation_sits_beside_its_original(client: FlaskClient) -> None:
    shown = page(client, "/translations?l=en")
    assert room.KOREAN_MESSAGE.splitlines()[0] in shown
    assert "The trading company in Dandong pays the customs officers." in shown
    assert shown.index(room.KOREAN_MESSAGE.splitlines()[0]) < shown.index("The trading company in Dandong")


def test_the_exposure_check_marks_a_quote_on_the_drafts_text(client: FlaskClient) -> None:
    draft = "한 소식통은 '단동의 무역회사가 세관원들에게 돈을 줍니다'라고 말했다. <script>x</script>"
    shown = page(client, "/exposure?l=en", method="POST", data={"draft": draft})
    assert '<mark class="flag' in shown
    assert "&lt;script&gt;x&lt;/script&gt;" in shown
    assert "<script>x" not in shown


def test_segments_cut_the_draft_at_each_flag_once() -> None:
    first = Flag("quote", "bc", 1, 1, 3, "r")
    overlapping = Flag("detail", "cd", 1, 2, 4, "r")
    cut = segments("abcdef", [overlapping, first])
    assert "abcdef" == "".join(s.text for s in cut)
    assert [("a", None), ("bc", first), ("d", overlapping), ("ef", None)] == [(s.text, s.flag) for s in cut]
