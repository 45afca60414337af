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
    # The source's own photo backs its words only once a journalist judged it independent.
    desk.run("claim", "link", "3", f"{A}/b1/site.jpg", "--independent", "the site matches satellite imagery")


def test_main_section_holds_only_corroborated_claims(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1", "--lang", "ko,en")
    text = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    main, apart = text.split("## Not corroborated")
    assert "The officer takes bribes, according to" in main
    assert "Workers saw him at the site, according to a source in Russia," in main
    assert "hides the cash" not in main
    assert "[UNCORROBORATED: 1 independent source] He hides the cash in a truck." in apart


def test_attributions_are_anonymous_and_by_region(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1", "--lang", "en,ko")
    english = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    assert (
        "The officer takes bribes, according to a source in Russia and a source in North Korea, "
        "who spoke on condition of anonymity." in english
    )
    for designation in (A, B, C):
        assert designation not in english
    korean = (desk.path / "drafts" / "case-1.ko.md").read_text(encoding="utf-8")
    assert "러시아의 한 소식통과 북한 내부 소식통에 따르면 The officer takes bribes." in korean
    assert "## 미확인" in korean
    # No English rule text in the Korean draft, and the internal case title is not the headline.
    assert "independent" not in korean
    assert "[미확인: 독립된 소식통 1명] He hides the cash in a truck." in korean
    assert "교차 확인 기준(서로 독립된 소식통 2명, 또는 소식통 1명과 그와 독립된 문서)" in korean
    assert "Irkutsk officer" not in korean + english
    assert english.startswith("# (Headline)\n")


def test_only_cleaned_images_and_credits_from_settings(desk: Desk) -> None:
    build_case(desk)
    desk.run("draft", "1")
    text = (desk.path / "drafts" / "case-1.en.md").read_text(encoding="utf-8")
    # A copy named by the draft, linked relatively; never the source's file name or the desk's path.
    assert "![Photo](case-1-images/photo-a.cleaned.jpg)" in text
    assert "site.jpg" not in text
    assert "site.cleaned" not in text
    assert str(desk.path) not in text
    copy = desk.path / "drafts" / "case-1-images" / "photo-a.cleaned.jpg"
    assert copy.read_bytes() == (desk.path / "sources" / A / "b1" / "site.cleaned.jpg").read_bytes()
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


def test_whole_drafts_in_both_languages_pass_the_exposure_check(desk: Desk) -> None:
    """Tipline's own output, headings, template text and image links included, points to no one."""
    (desk.path / "desk.toml").write_text(SETTINGS, encoding="utf-8")
    desk.run("case", "new", "Irkutsk officer, amber-crane's story")
    desk.run("case", "source", "1", A, "--region", "Russia")
    desk.run("case", "source", "1", B, "--region", "North Korea")
    desk.run(
        "claim", "add", "1", "보위원이 노동자들에게서 돈을 받는다.", "--evidence", f"{A}/b1", "--evidence", f"{B}/b1"
    )
    desk.run("claim", "add", "1", "Workers fear being sent home.", "--evidence", f"{C}/b1")
    desk.run(
        "claim",
        "add",
        "1",
        "The officer is seen at the site.",
        "--evidence",
        f"{A}/b1/site.jpg",
        "--evidence",
        f"{B}/b1",
    )
    desk.run("draft", "1", "--lang", "ko,en")
    for lang in ("ko", "en"):
        draft = desk.path / "drafts" / f"case-1.{lang}.md"
        result = desk.run("exposure-check", str(draft), "--case", "1")
        assert "Nothing flagged." in result.output


def test_draft_refuses_a_region_finer_than_allowed(desk: Desk) -> None:
    build_case(desk)
    refused = desk.run("case", "source", "1", A, "--region", "Irkutsk", expect=1)
    assert "finer than a country or region" in refused.output
    (desk.path / "desk.toml").write_text('[newsroom]\nallowed_places = ["Irkutsk"]\n', encoding="utf-8")
    desk.run("case", "source", "1", A, "--region", "Irkutsk")
    (desk.path / "desk.toml").write_text("", encoding="utf-8")
    assert "A: Irkutsk".replace("A", A) in desk.run("draft", "1", expect=1).output
