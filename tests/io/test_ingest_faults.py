"""Faults during ingest: Ctrl+C, kill -9 of the parent, a pre-annotator that cannot start in its workers."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotate.io import ingest as ingest_module
from annotate.io.ingest import ingest
from annotate.store.gazetteer import UserGazetteers
from tests.paths import DATA, ROOT, SAMPLES

REAL_DEV = DATA / "real" / "dev"  # 40 real news pages: enough work to interrupt halfway


def start_ingest(db: Path, *extra: str) -> subprocess.Popen:
    """A real `annotate ingest` with a real pool, in its own process group as a terminal would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "annotate", "ingest", str(REAL_DEV), "--db", str(db), "--workers", "2", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=ROOT,
    )


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def wait_until_some_stored(process: subprocess.Popen, db: Path, deadline: float = 240) -> int:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert process.poll() is None, process.communicate()
        count = stored(db)
        if count:
            return count
        time.sleep(0.2)
    raise AssertionError("nothing was stored in time")


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it has exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_stops_cleanly_keeps_what_was_stored_and_a_rerun_continues(tmp_path):
    db = tmp_path / "annotate.db"
    process = start_ingest(db)
    wait_until_some_stored(process, db)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal does: the whole process group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "SpawnProcess" not in err
    count = stored(db)
    assert 0 < count < 40
    assert err.strip().splitlines() == [f"interrupted: {count} stored, run again to continue"]
    assert out.strip().startswith(f"ingested {count}, updated 0, unchanged 0, failed 0 (")
    again = subprocess.run(
        [sys.executable, "-m", "annotate", "ingest", str(REAL_DEV), "--db", str(db), "--no-preannotate"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().startswith(f"ingested {40 - count}, updated 0, unchanged {count}, failed 0")


def test_after_kill_9_of_the_parent_its_workers_exit_at_once(tmp_path):
    db = tmp_path / "annotate.db"
    process = start_ingest(db)
    wait_until_some_stored(process, db)  # the workers are busy pre-annotating
    workers = children(process.pid)
    assert len(workers) >= 2
    process.kill()
    process.wait()
    end = time.monotonic() + 10  # they exit within a fraction of a second; the margin is for a loaded machine
    while any(alive(pid) for pid in workers) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)]
    process.stdout.close()
    process.stderr.close()


@pytest.fixture
def broken_place_file(tmp_path, monkeypatch) -> Path:
    """A place file that only the workers read (as a broken data file would be), bypassing schema checks."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("places:\n  - {id: a, name: X, level: city\n", encoding="utf-8")
    monkeypatch.setattr(ingest_module, "user_gazetteers", lambda db: UserGazetteers((str(broken),), ()))
    return broken


@pytest.mark.parametrize("workers", [2, 1], ids=["pool", "in-process"])
def test_a_pre_annotator_that_cannot_start_ends_the_run_with_one_line(tmp_path, broken_place_file, workers):
    started = time.monotonic()
    report = ingest([str(SAMPLES)], tmp_path / "x.db", workers=workers)
    assert time.monotonic() - started < 120  # ends; before the fix the pool restarted workers forever
    assert report.stopped == f"the pre-annotator could not start: {broken_place_file}:3: invalid YAML: did not find expected ',' or '}}'"
    assert "\n" not in report.stopped
    assert report.stored == 0 and not report.ok


def pool_workers(pid: int) -> list[int]:
    """The pool's worker processes (not multiprocessing's resource tracker)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"resource_tracker" not in command:
            found.append(child)
    return found


def test_a_worker_killed_mid_run_ends_the_run_with_one_line_and_the_summary(tmp_path):
    """What the OOM killer does: one worker gone; the run ends (never hangs), says so once, keeps what it stored."""
    db = tmp_path / "annotate.db"
    process = start_ingest(db)
    wait_until_some_stored(process, db)
    workers = pool_workers(process.pid)
    assert len(workers) >= 2
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in err and "SpawnProcess" not in err
    count = stored(db)
    assert count < 40
    errors = err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: a pre-annotation worker died (")
    assert errors[0].endswith(f": {count} stored, fix it and run again to continue")
    assert out.strip().startswith(f"ingested {count}, updated 0, unchanged 0, failed 0 (")


# -- the per-item boundaries: a failure nobody foresaw costs its own item only ------------
# A fault is injected into one step of an otherwise real run (real files, the
# real pre-annotator, a real database): no input is known to trigger these
# today, which is the point of the boundary.

BOOM = "Bài này làm hỏng bước xử lý."


def three_articles(folder: Path) -> Path:
    folder.mkdir()
    for number, body in enumerate(("Tỉnh Lào Cai tiếp đoàn châu Hồng Hà.", BOOM, "Tỉnh Lạng Sơn hợp tác với Quảng Tây.")):
        (folder / f"{number}.txt").write_text(f"Tin số {number}\n\n{body}\n", encoding="utf-8")
    return folder


def test_an_unexpected_error_reading_one_file_costs_that_file_only(tmp_path, monkeypatch):
    from annotate.text import readers

    real_layout = readers.analyse_layout

    def layout_that_breaks(text, *args, **kwargs):
        if BOOM in text:
            raise IndexError("list index out of range")
        return real_layout(text, *args, **kwargs)

    monkeypatch.setattr(readers, "analyse_layout", layout_that_breaks)
    folder = three_articles(tmp_path / "news")
    report = ingest([str(folder)], tmp_path / "x.db", preannotate=False)
    assert [str(f) for f in report.failed] == [f"{folder / '1.txt'}: unexpected error: IndexError: list index out of range"]
    assert len(report.added) == 2 and stored(tmp_path / "x.db") == 2
    assert report.summary().startswith("ingested 2, updated 0, unchanged 0, failed 1")


def test_pre_annotation_failing_on_one_article_costs_that_article_only(tmp_path, monkeypatch):
    from annotate.io import chunks

    real_annotate = chunks.annotate_whole

    def annotate_that_breaks(text, *args):
        if BOOM in text:
            raise ValueError("offset outside the text")
        return real_annotate(text, *args)

    monkeypatch.setattr(chunks, "annotate_whole", annotate_that_breaks)
    folder = three_articles(tmp_path / "news")
    report = ingest([str(folder)], tmp_path / "x.db", workers=1)
    assert [str(f) for f in report.failed] == [f"{folder / '1.txt'}: pre-annotation failed: ValueError: offset outside the text"]
    assert len(report.added) == 2 and report.spans > 0
    assert stored(tmp_path / "x.db") == 2
