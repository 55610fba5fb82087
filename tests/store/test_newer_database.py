"""A database written by a newer version: every write refused with one line naming both versions; reading goes on."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from annotate.errors import StoreError
from annotate.services.review import ReviewService
from annotate.store.health import known_version
from tests.conftest import add_article
from tests.store.helpers import run_cli, seal

ARTICLE = "Ngày 3/4, Chủ tịch UBND tỉnh Lào Cai tiếp đoàn công tác của châu Hồng Hà, tỉnh Vân Nam.\n"


def from_the_future(db_path: Path, how: str) -> Path:
    add_article(db_path)
    conn = sqlite3.connect(db_path)
    if how == "migration":
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotate', 'm999_spans_by_confidence', '2031-01-01')"
        )
    else:
        conn.execute(f"PRAGMA user_version = {known_version().number + 6}")
    conn.commit()
    conn.close()
    seal(db_path)
    return db_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


THEIRS = {  # what the refusal says of the file: one migration more than ours, or a user_version six ahead
    "migration": lambda ours: f"schema version {ours.number + 1} (m999_spans_by_confidence)",
    "user_version": lambda ours: f"schema version {ours.number + 6} ({ours.last})",
}


@pytest.mark.parametrize("how", ["migration", "user_version"])
def test_ingest_refuses_naming_both_versions(db_path, tmp_path, how):
    from_the_future(db_path, how)
    before = digest(db_path)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("ingest", str(article), "--db", str(db_path), "--no-preannotate")
    assert result.returncode == 1
    ours = known_version()
    theirs = THEIRS[how](ours)
    assert result.stderr.strip() == (
        f"Error: {db_path}: written by a newer version of the workbench ({theirs}; this version knows up to "
        f"schema version {ours.number} ({ours.last})): opened read-only, upgrade vn-entity-workbench to write to it"
    )
    assert digest(db_path) == before


def test_reading_goes_on(db_path, tmp_path):
    from_the_future(db_path, "migration")
    stats = run_cli("stats", "--db", str(db_path), "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 1
    export = run_cli("export", "--db", str(db_path))
    assert export.returncode == 0 and json.loads(export.stdout)["text"].startswith("Ngày 5/3")


def test_a_reviewer_cannot_write_but_can_read(db_path):
    from_the_future(db_path, "migration")
    before = digest(db_path)
    service = ReviewService(db_path, "lan")
    assert [row.article_id for row in service.queue()] == [1]
    with pytest.raises(StoreError, match="written by a newer version"):
        service.open_article(1)
    service.close()
    assert digest(db_path) == before


def test_import_and_assign_refuse_too(db_path, tmp_path):
    from_the_future(db_path, "migration")
    export = tmp_path / "x.jsonl"
    export.write_text(run_cli("export", "--db", str(db_path)).stdout, encoding="utf-8")
    for args in (["import", str(export), "--annotator", "lan"], ["assign", "--annotators", "lan"]):
        result = run_cli(*args, "--db", str(db_path))
        assert result.returncode == 1, args
        assert "written by a newer version" in result.stderr


def test_the_current_version_is_recorded(db_path):
    add_article(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == known_version().number
    conn.close()
