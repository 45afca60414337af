"""The questionnaire's answers against a live instance: a source answers in Korean, the desk
fetches and opens the batch and shows each question beside its answer, and the answers are
nowhere else in plaintext: not in the server's data folder (database, blob store) nor its log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories.desk import Desk, needs_scrubbers
from tests.factories.disk import files_under, scan
from tests.factories.live import LiveInstance
from tests.factories.live_source import LiveSource
from tipline.questionnaires.defaults import DEFAULTS

pytestmark = [pytest.mark.slow, needs_scrubbers]

WHAT = "연유 창고에 불이 났습니다 ZK-답-5521"
WHERE = "량강도 ZK-곳-8830"
MESSAGE = "자세한 것은 다음에 보내겠습니다."


def test_answers_reach_the_desk_decrypted_beside_their_questions_and_nowhere_else(
    live_instance: LiveInstance, tmp_path: Path
) -> None:
    source = LiveSource(live_instance.source_url)
    source.create_account()
    answers = {1: WHAT, 2: WHERE, 3: "2026-11-30", 4: "몇 사람이 압니다", 5: "yes"}
    assert 302 == source.submit(MESSAGE, [], answers)

    desk = Desk(tmp_path / "workstation")
    desk.login(live_instance, live_instance.add_journalist("reporter"), "reporter")
    desk.run("fetch")
    desk.run("open", "--identity", str(live_instance.data_dir / "newsroom-identity.txt"))

    (designation_folder,) = (desk.dir / "sources").iterdir()
    (batch,) = (p for p in designation_folder.iterdir() if p.is_dir())
    assert {"message.txt", "answers.txt", "report.json", "REPORT.txt"} == {p.name for p in batch.iterdir()}
    assert MESSAGE == (batch / "message.txt").read_text(encoding="utf-8")
    questions = [q.text for q in DEFAULTS["ko"]]
    written = (batch / "answers.txt").read_text(encoding="utf-8")
    assert f"1. {questions[0]}\n   {WHAT}\n" in written
    assert f"5. {questions[4]}\n   yes\n" in written
    report = json.loads((batch / "report.json").read_text(encoding="utf-8"))
    assert "ko" == report["questionnaire"]["language"]
    assert list(zip(questions, answers.values(), strict=True)) == [
        (a["question"], a["answer"]) for a in report["questionnaire"]["answers"]
    ]
    assert WHERE in (batch / "REPORT.txt").read_text(encoding="utf-8")

    shown = desk.run("show", designation_folder.name).stdout
    assert "Questionnaire answers" in shown
    assert "ZK-답-5521" in shown
    assert "량강도" in shown

    # Nowhere else: the server's whole data folder (SQLite, WAL, blobs) and everything it logged.
    live_instance.stop()
    # Each answer's own marker, not a prefix they share: three bytes occur by chance in any 33 KB of
    # ciphertext once in 500 runs.
    needles = {"what": WHAT, "where": WHERE, "what's marker": "ZK-답-5521", "where's marker": "ZK-곳-8830"}
    assert [] == scan(files_under(live_instance.data_dir), needles)
    assert [] == [marker for marker in ("ZK-답-5521", "ZK-곳-8830") if marker in live_instance.output()]
    assert [] == [str(hit) for hit in scan(files_under(tmp_path), needles) if desk.dir not in hit.path.parents]
