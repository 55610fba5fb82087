"""`annotate backup`: a consistent copy while a reviewer keeps committing, never a half file, and a restore that works."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotate.store.backup import backup_database
from tests.conftest import add_article
from tests.paths import ROOT
from tests.store.helpers import run_cli

WRITER = """
import sys, time
from annotate.services.review import ReviewService
service = ReviewService(sys.argv[1], "lan")
print("ready", flush=True)
for row in service.queue():
    view = service.open_article(row.article_id)
    for span in view.spans:
        service.accept(span.id)   # one transaction: the span and its decision-log entry
service.close()
"""


def many_articles(db_path: Path, count: int = 120) -> None:
    for number in range(count):
        add_article(db_path, text=f"Bài {number}. Ngày 5/3, Bí thư Tỉnh ủy Lạng Sơn Hoàng Văn Nghiệm tiếp Phó Chủ tịch Khu tự trị "
                    "dân tộc Choang Quảng Tây Vi Triều Huy tại thành phố Nam Ninh. Kim ngạch đạt 12,5 tỷ USD.", source=f"{number}.txt")


def layer_and_log(path: Path) -> tuple[int, int, int]:
    """(accepted spans in lan's layer, accept decisions logged, articles lan opened)."""
    conn = sqlite3.connect(path)
    try:
        accepted = conn.execute("SELECT count(*) FROM spans WHERE annotator = 'lan' AND status = 'accepted'").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM decisions WHERE annotator = 'lan' AND action = 'accept'").fetchone()[0]
        opened = conn.execute("SELECT count(*) FROM reviews WHERE annotator = 'lan' AND opened = 1").fetchone()[0]
        return accepted, logged, opened
    finally:
        conn.close()


def test_backups_taken_while_a_reviewer_commits_are_each_consistent(db_path, tmp_path):
    many_articles(db_path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert writer.stdout.readline().strip() == "ready"
    seen = []
    try:
        while writer.poll() is None or not seen:
            target = tmp_path / f"backup{len(seen)}.db"
            report = backup_database(db_path, target)
            assert report.problem is None
            accepted, logged, opened = layer_and_log(target)
            assert accepted == logged  # every committed decision with its span, none half
            seen.append(logged)
            time.sleep(0.05)
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert seen == sorted(seen)
    assert len(set(seen)) >= 2, f"the writer finished before a second backup: {seen}"
    final = layer_and_log(db_path)
    assert final[0] == final[1] == 120 * 6


def test_the_backup_is_one_file_and_restores(db_path, tmp_path):
    many_articles(db_path, 3)
    target = tmp_path / "saved" / "backup.db"
    result = run_cli("backup", "--db", str(db_path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"backed up to {target} (") and "integrity ok" in result.stdout
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.db"]  # no -wal, no leftovers
    assert sqlite3.connect(target).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    # restore as README says: move the damaged file away, drop its -wal and -shm, copy the backup in
    add_article(db_path, text="Một bài viết sau lần sao lưu.", spans=[], source="late.txt")
    db_path.rename(db_path.with_name("test.db.damaged"))
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.write_bytes(target.read_bytes())
    stats = run_cli("stats", "--db", str(db_path), "--json")
    assert json.loads(stats.stdout)["articles"] == 3
    assert run_cli("check", "--db", str(db_path)).returncode == 0


def test_backup_onto_the_database_itself_is_refused(db_path):
    many_articles(db_path, 1)
    result = run_cli("backup", "--db", str(db_path), "-o", str(db_path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {db_path}: is the database itself; back up to another file"


def test_a_failed_backup_keeps_the_previous_one(db_path, tmp_path):
    many_articles(db_path, 1)
    target = tmp_path / "backup.db"
    target.write_bytes(b"the previous backup")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all, just some bytes " * 200)
    result = run_cli("backup", "--db", str(bad), "-o", str(target))
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == b"the previous backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.db", "bad.db", "db"]
