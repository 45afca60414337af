"""Story drafts: only corroborated claims in the main section, anonymous attributions, cleaned images."""

from __future__ import annotations

from tests.factories.newsroom import A, B, C
from tests.unit.desk.workflow.conftest import Desk

SETTINGS = """
[newsroom.credits]
translator = "Kim Minji"
editor = "Jane Roe"
"""


def build_case(desk: Desk) -> None:
    (desk.path / "desk.toml").write_text(SETTINGS, encoding="utf-8")
    desk.run("case", "new", "Irkutsk officer")
    desk.run("case", "source", "1", A, "--region", "Russia")
    desk.run("case", "source", "1", B, "--region", "North Korea")
    desk.run("case", "source", "1", C, "--region", "Russia")
    desk.run("claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1")
    desk.run("claim", "add", "1", "He hides the cash in a truck.", "--evidence", f"{C}/b1")
    desk.run(
        "claim", "add", "1", "Workers saw him at the site.", "--evidence", f"{A}/b1/site.jpg", "--evidence", f"{A}/b1"
    )


def test_main_section_holds_only_corroborated_claims(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1", "--lang", "ko,en")
    text = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    main, apart = text.split("## Not corroborated")
    assert "The officer takes bribes." in main
    assert "Workers saw him at the site." in main
    assert "hides the cash" not in main
    assert "[UNCORROBORATED: 1 independent source] He hides the cash in a truck." in apart


def test_attributions_are_anonymous_and_by_region(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1", "--lang", "en,ko")
    english = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    assert (
        "The officer takes bribes. (according to a source in Russia and a source in North Korea, "
        "speaking on condition of anonymity)" in english
    )
    for designation in (A, B, C):
        assert designation not in english.split("## Images")[0]
    korean = (desk.path / "drafts" / "case-1.ko.md").read_text(encoding="utf-8")
    assert "러시아 소식통, 북한 소식통에 따르면(익명을 조건으로)" in korean
    assert "## 미확인" in korean


def test_only_cleaned_images_and_credits_from_settings(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1")
    text = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    assert f"sources/{A}/b1/site.cleaned.jpg)" in text
    assert "site.jpg" not in text
    assert "Translation: Kim Minji" in text
    assert "Editing: Jane Roe" in text


def test_main_section_of_the_draft_passes_the_exposure_check(desk: Desk) -> None:
    """The skeleton's publishable part, as generated, points to no one."""
    build_case(desk)
    desk.run("draft", "1")
    text = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    publishable = desk.path / "drafts" / "publishable.md"
    publishable.write_text(text.split("---")[0], encoding="utf-8")
    result = desk.run("exposure-check", str(publishable))
    assert "Nothing flagged." in result.output


def test_unknown_language_is_refused(desk: Desk) -> None:
    build_case(desk)
    assert "--lang takes en, ko" in desk.run("draft", "1", "--lang", "fr", expect=1).output


def test_korean_draft_attribution_passes_the_exposure_check(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1", "--lang", "ko")
    text = (desk.path / "drafts" / "case-1.ko.md").read_text(encoding="utf-8")
    publishable = desk.path / "drafts" / "publishable.ko.md"
    publishable.write_text(text.split("---")[0], encoding="utf-8")
    assert "Nothing flagged." in desk.run("exposure-check", str(publishable)).output
