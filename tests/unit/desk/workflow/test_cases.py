"""Cases and claims: corroboration is computed from evidence, independent sources and documents."""

from __future__ import annotations

from pathlib import Path

from tests.factories.newsroom import A, B, C
from tests.unit.desk.workflow.conftest import Desk


def open_case(desk: Desk) -> None:
    desk.run("case", "new", "Irkutsk security officer takes bribes")
    desk.run("case", "source", "1", A, "--region", "Russia")
    desk.run("case", "source", "1", B, "--region", "North Korea")
    desk.run("case", "source", "1", C, "--region", "Russia")


def test_two_independent_sources_corroborate_a_claim(desk: Desk) -> None:
    """Two sources backing a claim make it corroborated under the default rule."""
    open_case(desk)
    result = desk.run(
        "claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1/message.txt"
    )
    assert "claim 1: corroborated (2 independent sources)" in result.output


def test_one_source_is_not_enough_nor_its_own_document_unless_marked_independent(desk: Desk) -> None:
    open_case(desk)
    single = desk.run("claim", "add", "1", "He hides cash in a truck.", "--evidence", f"{C}/b1")
    assert "claim 1: uncorroborated (1 independent source)" in single.output
    # The same source's receipt does not corroborate its own testimony …
    own_document = desk.run(
        "claim", "add", "1", "Money goes to Pyongyang.", "--evidence", f"{B}/b1", "--evidence", f"{B}/b2/receipt.txt"
    )
    assert "claim 2: uncorroborated (1 independent source)" in own_document.output
    # … unless a journalist judges it independent, and says why (kept in the case).
    reason = "bank receipt"
    marked = desk.run("claim", "link", "2", f"{B}/b2/receipt.txt", "--independent", reason)
    assert "claim 2: corroborated (1 independent source + document)" in marked.output
    assert f"Independent: claim 2 ← {B}/b2/receipt.txt — {reason}" in desk.run("case", "show", "1").output
    refused = desk.run("claim", "link", "2", f"{B}/b1", "--independent", "why not", expect=1)
    assert "applies to a document" in refused.output


def test_related_sources_count_as_one_until_unrelated(desk: Desk) -> None:
    open_case(desk)
    desk.run("claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1")
    desk.run("claim", "relate", A, B, "--reason", "cousins, same work team")
    shown = desk.run("case", "show", "1").output
    assert "uncorroborated" in shown
    assert "1 independent source" in shown
    assert "cousins, same work team" in shown
    desk.run("claim", "unrelate", B, A)
    assert "2 independent sources" in desk.run("case", "show", "1").output


def test_link_and_unlink_recompute(desk: Desk) -> None:
    open_case(desk)
    desk.run("claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1")
    linked = desk.run("claim", "link", "1", f"{C}/b1:takes bribes every month")
    assert "corroborated (2 independent sources)" in linked.output
    unlinked = desk.run("claim", "unlink", "1", f"{C}/b1")
    assert "uncorroborated (1 independent source)" in unlinked.output


def test_the_rule_is_a_setting(desk: Desk) -> None:
    """desk.toml can demand three independent sources."""
    (desk.path / "desk.toml").write_text("[newsroom.corroboration]\nmin_sources = 3\nmin_sources_with_document = 2\n")
    open_case(desk)
    result = desk.run(
        "claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1"
    )
    assert "uncorroborated (2 independent sources)" in result.output
    result = desk.run("claim", "link", "1", f"{C}/b1")
    assert "corroborated (3 independent sources)" in result.output


def test_show_prints_each_claim_with_status_and_evidence(desk: Desk) -> None:
    open_case(desk)
    desk.run("claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1")
    desk.run("claim", "add", "1", "He hides cash in a truck.", "--evidence", f"{C}/b1:Hyundai truck")
    shown = desk.run("case", "show", "1").output
    assert "The officer takes bribes." in shown
    assert f"testimony: {A}/b1/message.txt" in shown
    assert '"Hyundai truck"' in shown
    assert shown.index("corroborated") < shown.index("uncorroborated")
    listed = desk.run("case", "list").output
    assert "Irkutsk security officer takes bribes" in listed


def test_unknown_submission_and_case_are_clear_errors(desk: Desk) -> None:
    open_case(desk)
    missing = desk.run("claim", "add", "1", "x", "--evidence", f"{A}/b9", expect=1)
    assert "no submission" in missing.output
    outside = desk.run("claim", "add", "1", "x", "--evidence", "../../etc/passwd", expect=1)
    assert "not a submission reference" in outside.output
    assert "no case 7" in desk.run("case", "show", "7", expect=1).output


def test_desk_folder_is_private(desk: Desk) -> None:
    open_case(desk)
    assert 0o700 == desk.path.stat().st_mode & 0o777
    assert 0o600 == (desk.path / "newsroom.sqlite").stat().st_mode & 0o777


def test_a_wrong_setting_is_a_clear_error(desk: Desk) -> None:
    (desk.path / "desk.toml").write_text("[newsroom.corroboration]\nmin_sources = 0\n")
    result = desk.run("case", "list", expect=1)
    assert "min_sources must be a positive integer" in result.output


def test_the_desks_own_replies_notes_and_reports_are_not_source_material(tmp_path: Path) -> None:
    """Replies the newsroom sent, journalists' notes and cleaning reports sit beside the material;
    none is the source's."""
    from tipline.desk.workflow.material import iter_material

    batch = tmp_path / "sources" / "quiet-heron" / "2026-11-26_abc"
    batch.mkdir(parents=True)
    (batch / "message.txt").write_text("The officer takes bribes.", encoding="utf-8")
    (batch / "REPORT.txt").write_text("cleaned: nothing", encoding="utf-8")
    (batch / "report.json").write_text("{}", encoding="utf-8")
    replies = tmp_path / "sources" / "quiet-heron" / "replies"
    replies.mkdir()
    (replies / "1.txt").write_text("Thank you, tell us more.", encoding="utf-8")
    notes = tmp_path / "sources" / "quiet-heron" / "notes"
    notes.mkdir()
    (notes / "2.txt").write_text("Check the harbour office's register.", encoding="utf-8")

    found = [m.path.name for m in iter_material(tmp_path)]

    assert ["message.txt"] == found


def test_case_source_refuses_unknown_designations_and_unsource_detaches(desk: Desk) -> None:
    open_case(desk)
    refused = desk.run("case", "source", "1", "amber-crain", expect=1)
    assert "no source 'amber-crain' on this desk" in refused.output
    assert "no source 'nobody'" in desk.run("case", "new", "Other", "--source", "nobody", expect=1).output
    desk.run("case", "source", "1", C, "--region", "Russia")
    assert C in desk.run("case", "show", "1").output
    assert f"{C} detached" in desk.run("case", "unsource", "1", C).output
    assert C not in desk.run("case", "show", "1").output
    assert "not attached" in desk.run("case", "unsource", "1", C, expect=1).output
