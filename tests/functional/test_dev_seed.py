"""`tipline dev seed` fills a data folder with fake, really encrypted submissions, and refuses
without --yes-fake-data."""

from __future__ import annotations

from pathlib import Path

from tests.factories.live import prepare_instance
from tests.factories.sources import stored_ciphertext
from tipline.config import load_settings
from tipline.crypto.age import decrypt_bytes
from tipline.newsroom.listing import SourceQuery
from tipline.services import build_services


def test_seed_refuses_without_the_flag(tmp_path: Path) -> None:
    instance = prepare_instance(tmp_path / "i")
    result = instance.cli("dev", "seed", "--sources", "3", "--submissions", "5", check=False)
    assert 0 != result.returncode
    assert "--yes-fake-data" in result.stderr


def test_seed_adds_sources_and_encrypted_submissions(tmp_path: Path) -> None:
    instance = prepare_instance(tmp_path / "i")

    result = instance.cli("dev", "seed", "--sources", "20", "--submissions", "50", "--yes-fake-data")

    assert "Added 20 fake sources and 50 fake submissions" in result.stdout
    services = build_services(load_settings(instance.data_dir, environ={}))
    try:
        page = services.newsroom.sources(SourceQuery(per_page=100))
        assert 20 == page.total
        assert 50 == sum(row.submission_count for row in page.rows)
        identity = [
            line
            for line in (instance.data_dir / "newsroom-identity.txt").read_text().splitlines()
            if line.startswith("AGE-SECRET-KEY-")
        ]
        first = services.newsroom.submissions_of(page.rows[0].uuid)[0]
        assert decrypt_bytes(stored_ciphertext(services, first.uuid), identity).endswith(b".")
    finally:
        services.close()
