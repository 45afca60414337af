"""The exposure check flags what points back to one source, and passes a clean draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories.newsroom import A, B, C
from tests.unit.desk.workflow.conftest import Desk
from tipline.desk.workflow.cases import open_store

CLEAN = """# Irkutsk officer

A security officer at a construction company in Irkutsk takes bribes from workers, according to
a source in Russia and a source in North Korea, speaking on condition of anonymity.

![The site](../sources/{A}/b1/site.cleaned.jpg)
"""

RISKY = """# Irkutsk officer

A security officer at a construction company in Irkutsk takes bribes from workers, according to
a source in Russia and a source in North Korea, speaking on condition of anonymity.

He sends the money to Pyongyang through a cousin at the trade mission.

The cash is kept near dormitory 7, said a source who drives the site's truck.

![The site](../sources/{A}/b1/site.jpg)
"""


def write_draft(desk: Desk, text: str, name: str = "draft.md") -> Path:
    drafts = desk.path / "drafts"
    drafts.mkdir(exist_ok=True)
    path = drafts / name
    path.write_text(text.format(A=A), encoding="utf-8")
    return path


def check(desk: Desk, draft: Path, *extra: str, expect: int) -> dict[str, Any]:
    result = desk.run("exposure-check", str(draft), "--format", "json", *extra, expect=expect)
    report: dict[str, Any] = json.loads(result.output)
    return report


def flags_of(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in report["flags"] if f["kind"] == kind]


def test_clean_draft_passes(desk: Desk) -> None:
    report = check(desk, write_draft(desk, CLEAN), expect=0)
    assert [] == report["flags"]
    assert [A, B, C] == report["sources_checked"]


def test_copied_sentence_is_flagged_as_the_source_words(desk: Desk) -> None:
    report = check(desk, write_draft(desk, RISKY), expect=1)
    quotes = flags_of(report, "quote")
    assert [[B]] == [q["sources"] for q in quotes]
    assert "sends the money to Pyongyang through a cousin at the trade mission" in quotes[0]["text"]
    assert 6 == quotes[0]["line"]


def add_message(desk: Desk, designation: str, batch: str, text: str) -> None:
    folder = desk.path / "sources" / designation / batch
    folder.mkdir(parents=True)
    (folder / "message.txt").write_text(text, encoding="utf-8")


def test_unique_detail_points_to_the_one_source_who_knew_it(desk: Desk) -> None:
    add_message(desk, C, "b2", "보위원 리광혁은 앙가르스크에 산다. 매달 4만2000루블을 걷는다.")
    draft = write_draft(
        desk,
        "The officer, Lee Kwang-hyuk, lives in Angarsk and takes 42,000 rubles from each worker in the dormitory, "
        "a source in Russia said.\n",
    )
    details = {f["text"]: f["sources"] for f in flags_of(check(desk, draft, expect=1), "unique-detail")}
    # Compared across scripts without a translation: a romanised name, a place, a number with a Korean unit.
    assert {"Lee Kwang-hyuk": [C], "Angarsk": [C], "42,000": [C]} == details
    # Known to several sources (Irkutsk, bribes) or ordinary (dormitory, 7): not identifying.


def test_uncleaned_photo_with_gps_is_flagged(desk: Desk) -> None:
    report = check(desk, write_draft(desk, RISKY), expect=1)
    (photo,) = flags_of(report, "attachment")
    assert f"../sources/{A}/b1/site.jpg" == photo["text"]
    assert "not a cleaned copy" in photo["reason"]
    assert "GPS" in photo["reason"]
    assert [A] == photo["sources"]


def test_specific_attribution_is_flagged(desk: Desk) -> None:
    report = check(desk, write_draft(desk, RISKY), expect=1)
    (attribution,) = flags_of(report, "attribution")
    assert "a source who drives the site's truck" == attribution["text"]


def test_city_is_too_specific_but_a_region_from_settings_is_allowed(desk: Desk) -> None:
    draft = write_draft(desk, "Bribes are common, said a source in Irkutsk.\n")
    assert 1 == len(flags_of(check(desk, draft, expect=1), "attribution"))
    (desk.path / "desk.toml").write_text('[newsroom]\nallowed_places = ["irkutsk"]\n')
    check(desk, draft, expect=0)


def test_korean_quote_and_attribution(desk: Desk) -> None:
    """A Korean draft copying the Korean source's sentence, attributed to a truck driver."""
    draft = write_draft(
        desk,
        "이르쿠츠크 건설회사의 보안원이 노동자들에게서 매달 뇌물을 받는다고 건설현장 트럭을 모는 한 소식통이 말했다.\n",
        "draft.ko.md",
    )
    report = check(desk, draft, expect=1)
    assert [[A]] == [q["sources"] for q in flags_of(report, "quote")]
    (attribution,) = flags_of(report, "attribution")
    assert "트럭을 모는 한 소식통" in attribution["text"]


def test_korean_regional_attribution_passes(desk: Desk) -> None:
    draft = write_draft(desk, "러시아의 한 소식통은 익명을 조건으로 그렇게 전했다.\n", "ok.ko.md")
    assert [] == flags_of(check(desk, draft, expect=0), "attribution")


def test_a_korean_back_reference_to_a_source_passes_and_a_job_still_does_not(desk: Desk) -> None:
    """이/그/해당 소식통 refers to a source already introduced: it narrows nothing (a false alarm before)."""
    text = (
        '북한 내부 소식통이 2일 전했다. 이 소식통은 "분위기가 좋지 않다"고 말했다. '
        "그 소식통은 단속도 심하다고 전했다. 해당 소식통에 따르면 쌀값이 올랐다.\n"
    )
    assert [] == flags_of(check(desk, write_draft(desk, text, "back.ko.md"), expect=0), "attribution")
    job = write_draft(desk, "이 소식통은 그렇게 말했다. 그 운전수는 단속이 심하다고 전했다.\n", "job.ko.md")
    assert ["운전수"] == [flag["text"] for flag in flags_of(check(desk, job, expect=1), "attribution")]


def test_case_limits_the_sources_checked(desk: Desk) -> None:
    desk.run("case", "new", "Pyongyang transfers", "--source", B)
    report = check(desk, write_draft(desk, RISKY), "--case", "1", expect=1)
    assert [B] == report["sources_checked"]
    # With only one source's material, the truck driver's details are not unique knowledge here.
    assert all(f["sources"] in ([B], []) for f in report["flags"] if f["kind"] != "attachment")


def test_table_output_and_json_file(desk: Desk, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = desk.run("exposure-check", str(write_draft(desk, RISKY)), "--json-out", str(out), expect=1)
    assert "quote" in result.output
    assert "do not publish as is" in result.output
    assert json.loads(out.read_text())["clean"] is False
    assert "Nothing flagged." in desk.run("exposure-check", str(write_draft(desk, CLEAN))).output


def test_quote_is_found_across_the_saved_translation(desk: Desk) -> None:
    """amber-crane wrote in Korean; quoting the English translation of its words still points to it."""
    draft = write_draft(desk, "The officer belongs to the Ministry of State Security, a source in Russia said.\n")
    (quote,) = flags_of(check(desk, draft, expect=1), "quote")
    assert [A] == quote["sources"]
    assert "belongs to the Ministry of State Security" == quote["text"]


def test_near_quote_with_a_changed_word_is_still_flagged(desk: Desk) -> None:
    draft = write_draft(desk, "He sends the cash to Pyongyang through a cousin at the trade mission.\n")
    quotes = flags_of(check(desk, draft, expect=1), "quote")
    assert quotes
    assert all([B] == q["sources"] for q in quotes)
    assert any("Pyongyang through a cousin" in q["text"] for q in quotes)


def test_fails_closed_when_a_case_source_has_no_material_here(desk: Desk) -> None:
    desk.run("case", "new", "Imported case")
    # As `case import` leaves it: a source of another desk, with no material here.
    store = open_store(desk.path)
    with store.session() as session:
        store.attach_source(store.get_case(session, 1), "absent-owl")
    store.close()
    result = desk.run("exposure-check", str(write_draft(desk, CLEAN)), "--case", "1", expect=1)
    assert "no material on this desk for: absent-owl" in result.output
    assert "nothing was checked" in result.output


def test_russian_attributions(desk: Desk) -> None:
    regional = write_draft(desk, "Как сообщил источник в России, офицер берёт взятки.\n", "ru-ok.md")
    assert [] == flags_of(check(desk, regional, expect=0), "attribution")
    specific = write_draft(desk, "Источник, работающий водителем на стройке, сообщил об этом.\n", "ru-risky.md")
    (attribution,) = flags_of(check(desk, specific, expect=1), "attribution")
    assert "работающий водителем на стройке" in attribution["text"]
