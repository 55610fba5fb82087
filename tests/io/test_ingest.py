"""Ingest: idempotent, never drops reviewer work, one line per bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.io.ingest import ingest
from annotate.services.review import ReviewService
from annotate.store import articles as article_store
from annotate.store import layers
from annotate.store.database import MACHINE, open_database
from tests.paths import DEV_GOLD, SAMPLES

BODY = "Ngày 3/4, Chủ tịch UBND tỉnh Lào Cai tiếp đoàn công tác của châu Hồng Hà, tỉnh Vân Nam.\n"


def count_articles(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        db.close()


def test_samples_ingest_once_then_unchanged(db_path):
    first = ingest([str(SAMPLES)], db_path, workers=1, preannotate=False)
    assert (len(first.added), len(first.failed)) == (5, 0)
    second = ingest([str(SAMPLES)], db_path, workers=1, preannotate=False)
    assert (len(second.added), len(second.unchanged), len(second.updated)) == (0, 5, 0)
    assert count_articles(db_path) == 5


def test_stored_text_and_layout_match_the_gold_offsets(db_path):
    gold = [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines()]
    ingest([str(SAMPLES)], db_path, workers=1, preannotate=False)
    db = open_database(db_path)
    for doc in gold:
        article = next(a for a in article_store.iter_articles(db) if a.source == doc["meta"]["source"])
        assert article.text == doc["text"]
        assert list(article.region) == doc["meta"]["article"]


def test_changed_untouched_file_is_refreshed_in_place(tmp_path, db_path):
    path = tmp_path / "bai.txt"
    path.write_text(BODY, encoding="utf-8")
    ingest([str(path)], db_path, preannotate=False)
    path.write_text(BODY + "Hai bên ký 5 văn kiện hợp tác.\n", encoding="utf-8")
    report = ingest([str(path)], db_path, preannotate=False)
    assert len(report.updated) == 1
    assert count_articles(db_path) == 1


def test_changed_file_never_overwrites_reviewer_work(tmp_path, db_path):
    path = tmp_path / "bai.txt"
    path.write_text(BODY, encoding="utf-8")
    ingest([str(path)], db_path, preannotate=False)
    service = ReviewService(db_path, "lan")
    article_id = service.queue()[0].article_id
    service.open_article(article_id)
    added = service.add_span(article_id, BODY.index("Lào Cai"), BODY.index("Lào Cai") + 7, "LOCALITY")

    path.write_text(BODY.replace("3/4", "4/4"), encoding="utf-8")
    report = ingest([str(path)], db_path, preannotate=False)
    assert len(report.updated) == 1
    db = open_database(db_path)
    old = article_store.get_article(db, article_id)
    assert old.text == BODY and old.superseded_by is not None
    assert [s.id for s in layers.layer(db, article_id, "lan")] == [added.id]
    assert article_store.get_article(db, old.superseded_by).text == BODY.replace("3/4", "4/4")


def test_same_text_in_two_files_is_stored_once(tmp_path, db_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    report = ingest([str(tmp_path)], db_path, preannotate=False)
    assert (len(report.added), len(report.unchanged)) == (1, 1)


def test_bad_inputs_fail_alone(tmp_path, db_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "lines.jsonl").write_text(json.dumps({"text": BODY + "Thêm."}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    report = ingest([str(tmp_path), str(tmp_path / "missing.txt")], db_path, preannotate=False)
    assert len(report.added) == 2
    causes = sorted(str(f) for f in report.failed)
    assert len(causes) == 4
    assert any("empty.txt: empty file" in c for c in causes)
    assert any("binary.txt: binary file" in c for c in causes)
    assert any("lines.jsonl: line 2: invalid JSON" in c for c in causes)
    assert any("missing.txt: no such file" in c for c in causes)


def run_cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotate", *args], capture_output=True, text=True, env=env, **kwargs)


def test_cli_reports_one_line_per_failure_and_exit_code(tmp_path, db_path):
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("ingest", str(tmp_path), "--db", str(db_path), "--no-preannotate")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'empty.txt'}: empty file"]
    assert result.stdout.strip() == "ingested 1, updated 0, unchanged 0, failed 1 (0 suggestions)"
    again = run_cli("ingest", str(tmp_path / "good.txt"), "--db", str(db_path), "--no-preannotate")
    assert again.returncode == 0 and "unchanged 1" in again.stdout


def test_cli_stats_and_export(tmp_path, db_path):
    run_cli("ingest", str(SAMPLES), "--db", str(db_path), "--no-preannotate", check=True)
    stats = run_cli("stats", "--db", str(db_path), "--json")
    assert json.loads(stats.stdout)["articles"] == 5
    out = tmp_path / "predicted.jsonl"
    run_cli("export", "--db", str(db_path), "-o", str(out), check=True)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_not_a_database_is_one_clear_line(tmp_path):
    fake = tmp_path / "fake.db"
    fake.write_text("this is not sqlite " * 100, encoding="utf-8")
    result = run_cli("stats", "--db", str(fake))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {fake}: not an SQLite database, or damaged (run `annotate check --db {fake}`)"


@pytest.fixture
def immutable(tmp_path):
    """Make a file truly read-only, even for root (chattr +i); undone afterwards."""
    marked = []

    def mark(path: Path) -> None:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available on this filesystem")
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_read_only_database_file(tmp_path, db_path, immutable):
    ingest([str(SAMPLES / "004_a4814d28160ff6be.txt")], db_path, preannotate=False)
    db_path.chmod(0o444)
    immutable(db_path)
    extra = tmp_path / "new.txt"
    extra.write_text(BODY, encoding="utf-8")
    stats = run_cli("stats", "--db", str(db_path))
    assert stats.returncode == 0, stats.stderr
    assert "articles: 1" in stats.stdout
    result = run_cli("ingest", str(extra), "--db", str(db_path), "--no-preannotate")
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {db_path}: database is read-only (check the file's permissions)"


def test_five_megabyte_file_lands(tmp_path, db_path):
    big = tmp_path / "big.txt"
    big.write_text(BODY * (5_000_000 // len(BODY.encode("utf-8")) + 1), encoding="utf-8")
    assert big.stat().st_size >= 5_000_000
    report = ingest([str(big)], db_path, preannotate=False)
    assert (len(report.added), report.failed) == (1, [])
    db = open_database(db_path)
    article = next(article_store.iter_articles(db))
    assert len(article.text) == len(big.read_text(encoding="utf-8"))


def test_reviewer_confirmed_places_feed_later_ingests(tmp_path, db_path):
    from annotate.io.export import export_string
    from annotate.services.suggestions import add_place

    text = "Lãnh đạo tỉnh Quảng Trị đã gặp đoàn của Xạ Vằn Na Khệt tại Đông Hà.\n"
    (tmp_path / "before.txt").write_text(text, encoding="utf-8")
    ingest([str(tmp_path / "before.txt")], db_path, workers=1)
    db = open_database(db_path)
    before = [s["text"] for s in json.loads(export_string(db))["spans"]]
    assert "Xạ Vằn Na Khệt" not in before
    add_place(db, "Xạ Vằn Na Khệt", "Savannakhet", "LA", "province", None, "lan")
    (tmp_path / "after.txt").write_text(text.replace("Đông Hà", "Cam Lộ"), encoding="utf-8")
    ingest([str(tmp_path / "after.txt")], db_path, workers=1)
    docs = [json.loads(line) for line in export_string(db).splitlines()]
    added = [s for s in docs[1]["spans"] if s["text"] == "Xạ Vằn Na Khệt"]
    assert added and added[0]["attrs"]["canonical"] == "Savannakhet" and added[0]["attrs"]["country"] == "LA"


def test_parallel_ingest_gives_the_same_suggestions_as_serial(tmp_path, monkeypatch):
    """The one test with a real process pool; it starts under capture objects, as under the TUI."""
    import io

    from annotate.io.export import export_string

    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    one = ingest([str(SAMPLES)], serial, workers=1)
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # no file descriptor: spawning must still work
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    two = ingest([str(SAMPLES)], parallel, workers=2)  # 5 files >= 2 x 2 workers: a real pool
    monkeypatch.undo()
    assert (len(two.added), two.failed) == (5, [])
    assert one.spans == two.spans > 100
    strip = lambda text: [{k: v for k, v in json.loads(line).items() if k != "meta"} for line in text.splitlines()]
    assert strip(export_string(open_database(serial))) == strip(export_string(open_database(parallel)))


def test_places_file_named_in_schema_feeds_ingest(tmp_path, db_path, monkeypatch):
    from annotate.io.export import export_string
    from annotate.schema import DEFAULT_SCHEMA, cached_schema

    (tmp_path / "my_places.yaml").write_text(
        "places:\n  - {id: la-xvk, name: Xạ Vằn Na Khệt, canonical: Savannakhet, country: LA, level: province}\n",
        encoding="utf-8",
    )
    schema = tmp_path / "schema.yaml"
    schema.write_text(DEFAULT_SCHEMA.read_text(encoding="utf-8").replace("  places: []", "  places: [my_places.yaml]"), encoding="utf-8")
    monkeypatch.setenv("ANNOTATE_SCHEMA", str(schema))
    cached_schema.cache_clear()
    try:
        article = tmp_path / "a.txt"
        article.write_text("Lãnh đạo tỉnh Quảng Trị đã gặp đoàn của Xạ Vằn Na Khệt.\n", encoding="utf-8")
        ingest([str(article)], db_path, workers=1)
    finally:
        cached_schema.cache_clear()
    spans = json.loads(export_string(open_database(db_path)))["spans"]
    assert {"Quảng Trị", "Xạ Vằn Na Khệt"} <= {s["text"] for s in spans}


def test_file_changed_back_makes_the_earlier_version_current(tmp_path, db_path):
    path = tmp_path / "bai.txt"
    path.write_text(BODY, encoding="utf-8")
    ingest([str(path)], db_path, preannotate=False)
    ReviewService(db_path, "lan").open_article(1)  # reviewer work: v2 becomes a new version
    path.write_text(BODY + "Thêm một câu.\n", encoding="utf-8")
    ingest([str(path)], db_path, preannotate=False)
    path.write_text(BODY, encoding="utf-8")
    report = ingest([str(path)], db_path, preannotate=False)
    assert len(report.updated) == 1
    db = open_database(db_path)
    current = [a.text for a in article_store.iter_articles(db)]
    assert current == [BODY]
    assert count_articles(db_path) == 2
