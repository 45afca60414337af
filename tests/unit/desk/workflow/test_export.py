"""A case moves between desks as one age-encrypted file."""

from __future__ import annotations

from pathlib import Path

from tests.factories.newsroom import A, B
from tests.unit.desk.workflow.conftest import Desk
from tipline.crypto.age import BINARY_HEADER, generate_identity


def test_export_then_import_on_another_desk(desk: Desk, tmp_path: Path) -> None:
    _, newsroom = generate_identity()
    alice_identity, alice = generate_identity()
    (desk.path / "desk.toml").write_text(
        f'[newsroom]\nrecipient = "{newsroom}"\n\n[newsroom.journalists]\nalice = "{alice}"\n', encoding="utf-8"
    )
    desk.run("case", "new", "Irkutsk officer")
    desk.run("case", "source", "1", A, "--region", "Russia")
    desk.run("claim", "add", "1", "The officer takes bribes.", "--evidence", f"{A}/b1:뇌물", "--evidence", f"{B}/b1")
    desk.run("claim", "relate", A, B, "--reason", "same work team")
    exported = tmp_path / "case.age"
    assert "2 recipient(s)" in desk.run("case", "export", "1", "-o", str(exported), "--to", "alice").output
    ciphertext = exported.read_bytes()
    assert ciphertext.startswith(BINARY_HEADER)
    assert b"bribes" not in ciphertext
    assert 0o600 == exported.stat().st_mode & 0o777

    # Alice's desk has none of the material; the case, its evidence and the relation arrive.
    identity = tmp_path / "alice.txt"
    identity.write_text(f"# alice\n{alice_identity}\n")
    other = Desk(tmp_path / "alice-desk")
    assert (
        "case 1: Irkutsk officer (1 claims)"
        in other.run("case", "import", str(exported), "--identity", str(identity)).output
    )
    shown = other.run("case", "show", "1").output
    assert "The officer takes bribes." in shown
    assert '"뇌물"' in shown
    assert "same work team" in shown
    assert "1 independent source" in shown  # still related on the new desk


def test_import_with_a_wrong_identity_fails_clearly(desk: Desk, tmp_path: Path) -> None:
    _, newsroom = generate_identity()
    (desk.path / "desk.toml").write_text(f'[newsroom]\nrecipient = "{newsroom}"\n', encoding="utf-8")
    desk.run("case", "new", "Irkutsk officer")
    exported = tmp_path / "case.age"
    desk.run("case", "export", "1", "-o", str(exported))
    stranger, _ = generate_identity()
    identity = tmp_path / "stranger.txt"
    identity.write_text(stranger + "\n")
    result = Desk(tmp_path / "other").run("case", "import", str(exported), "--identity", str(identity), expect=1)
    assert "cannot decrypt" in result.output


def test_export_needs_the_newsroom_recipient(desk: Desk, tmp_path: Path) -> None:
    desk.run("case", "new", "Irkutsk officer")
    result = desk.run("case", "export", "1", "-o", str(tmp_path / "x.age"), expect=1)
    assert "newsroom's age recipient" in result.output
