"""A database with damaged pages: found before the first write, one line everywhere, nothing written, `annotate check` says what to do."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotate.errors import StoreError
from annotate.io.ingest import ingest
from annotate.services.review import ReviewService
from annotate.store.database import open_database
from annotate.store.health import known_version
from annotate.store.integrity import check_database
from tests.paths import SAMPLES
from tests.store.helpers import damaged_copy, reviewed_database, run_cli

NEW_ARTICLE = "Ngày 3/4, Chủ tịch UBND tỉnh Lào Cai tiếp đoàn công tác của châu Hồng Hà, tỉnh Vân Nam.\n"


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> Path:
    return reviewed_database(tmp_path_factory.mktemp("sound") / "annotate.db")


@pytest.fixture
def damaged(sound, tmp_path) -> Path:
    return damaged_copy(sound, tmp_path / "damaged.db")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_refuses_to_write_and_says_so_in_one_line(damaged, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    before = digest(damaged)
    result = run_cli("ingest", str(article), "--db", str(damaged), "--no-preannotate")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {damaged}: database is damaged (")
    assert line.endswith(f"): nothing was written; run `annotate check --db {damaged}`")
    assert result.stdout == ""
    assert digest(damaged) == before
    assert not Path(f"{damaged}-wal").exists() or Path(f"{damaged}-wal").stat().st_size == 0


def test_a_reviewers_write_is_refused_and_the_file_untouched(damaged):
    before = digest(damaged)
    service = ReviewService(damaged, "minh")
    with pytest.raises(StoreError, match="database is damaged"):
        service.open_article(1)  # copying the machine layer is the first write
    service.close()
    assert digest(damaged) == before


def test_stats_is_one_line_not_a_traceback(damaged):
    result = run_cli("stats", "--db", str(damaged))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {damaged}: database is damaged (")
    assert line.endswith(f"run `annotate check --db {damaged}`")


def test_export_writes_nothing_before_the_error(damaged, tmp_path):
    result = run_cli("export", "--db", str(damaged))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    target = tmp_path / "out.jsonl"
    again = run_cli("export", "--db", str(damaged), "-o", str(target))
    assert again.returncode == 1 and not target.exists()
    assert list(tmp_path.glob(".out.jsonl.*")) == []


def test_export_to_a_file_never_half_replaces_an_old_export(damaged, sound, tmp_path):
    target = tmp_path / "out.jsonl"
    assert run_cli("export", "--db", str(sound), "-o", str(target)).returncode == 0
    good = target.read_bytes()
    assert run_cli("export", "--db", str(damaged), "-o", str(target)).returncode == 1
    assert target.read_bytes() == good


def test_check_names_the_damaged_table_and_how_to_recover(damaged):
    result = run_cli("check", "--db", str(damaged))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{damaged}: damaged (")
    tables = {line.split(":")[0].strip(): line for line in lines if line.startswith("  ") and ": " in line}
    assert "then:" in tables["spans"]
    assert "then:" not in tables["articles"] and "then:" not in tables["decisions"]
    assert "how to recover:" in lines
    assert any("(the decision log is intact: 5 decisions" in line for line in lines)
    assert any(f"annotate check --db {damaged} --salvage-to rescued.db" in line for line in lines)
    report = check_database(damaged)
    assert "spans" in report.damaged_tables() and not report.ok


def test_check_on_a_sound_database(sound):
    result = run_cli("check", "--db", str(sound))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0].startswith(f"{sound}: ok ({known_version()}; ")
    assert "how to recover" not in result.stdout


def test_a_damaged_header_is_not_a_database(sound, tmp_path):
    broken = tmp_path / "header.db"
    data = bytearray(sound.read_bytes())
    data[0:16] = b"garbage garbage!"
    broken.write_bytes(bytes(data))
    result = run_cli("check", "--db", str(broken))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{broken}: damaged: cannot be read at all (file is not a database)")
    stats = run_cli("stats", "--db", str(broken))
    assert stats.stderr.strip() == f"Error: {broken}: not an SQLite database, or damaged (run `annotate check --db {broken}`)"


def test_the_sound_original_still_takes_writes(sound, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(sound.read_bytes())
    article = tmp_path / "new.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    report = ingest([str(article)], copy, preannotate=False)
    assert len(report.added) == 1
    db = open_database(copy)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(list(SAMPLES.glob("*.txt"))) + 1
    assert json.loads(run_cli("stats", "--db", str(copy), "--json").stdout)["articles"] == 6


def test_salvage_brings_back_every_readable_row_and_the_reviewers_decisions(damaged, sound, tmp_path):
    rescued = tmp_path / "rescued.db"
    result = run_cli("check", "--db", str(damaged), "--salvage-to", str(rescued))
    assert result.returncode == 0, result.stderr
    assert f"salvaged into {rescued}:" in result.stdout
    assert "  from the decision log: 5 reviewer spans and 0 review states rebuilt" in result.stdout
    assert run_cli("check", "--db", str(rescued)).returncode == 0
    original, saved = open_database(sound, readonly=True), open_database(rescued, readonly=True)
    decided = "SELECT id, start, \"end\", label, attrs, status FROM spans WHERE annotator = 'lan' AND status != 'suggested' ORDER BY id"
    assert saved.execute(decided).fetchall() == original.execute(decided).fetchall()
    for table in ("articles", "decisions", "reviews"):
        assert saved.execute(f"SELECT count(*) FROM {table}").fetchone() == original.execute(f"SELECT count(*) FROM {table}").fetchone()
    again = run_cli("check", "--db", str(damaged), "--salvage-to", str(rescued))
    assert again.returncode == 1 and again.stderr.strip().endswith("already exists; salvage into a new file")


def test_salvage_of_a_sound_database_is_a_full_copy(sound, tmp_path):
    from annotate.store.salvage import salvage

    report = salvage(sound, tmp_path / "copy.db")
    assert report.lost == {t: 0 for t in report.lost} and report.rebuilt_spans == 0
    db = open_database(tmp_path / "copy.db", readonly=True)
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == open_database(sound, readonly=True).execute("SELECT count(*) FROM spans").fetchone()[0]
