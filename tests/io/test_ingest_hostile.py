"""Hostile input through `annotate ingest`: each bad item is one line, the good ones land, a summary always prints."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

BODY = "Ngày 3/4, Chủ tịch UBND tỉnh Lào Cai tiếp đoàn công tác của châu Hồng Hà, tỉnh Vân Nam.\n"


def run_ingest(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotate", "ingest", *args, "--no-preannotate"],
        capture_output=True, text=True, cwd=ROOT, timeout=timeout, env={**os.environ, **(env or {})},
    )


def test_symlink_loops_cost_one_line_each_and_18_good_files_land(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    for number in range(18):
        (folder / ("sub" if number % 2 else "") / f"{number:02d}.txt").write_text(BODY + f"Bài {number}.\n", encoding="utf-8")
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("..", folder / "sub" / "parent")
    db = tmp_path / "x.db"
    result = run_ingest(str(folder), "--db", str(db))
    assert result.returncode == 1
    assert sorted(result.stderr.strip().splitlines()) == [
        f"error: {folder / 'loop_a.txt'}: symbolic link loop",
        f"error: {folder / 'loop_b.txt'}: symbolic link loop",
    ]
    assert result.stdout.strip() == "ingested 18, updated 0, unchanged 0, failed 2 (0 suggestions)"


def test_a_fifo_named_txt_never_hangs_the_batch(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    result = run_ingest(str(tmp_path), "--db", str(tmp_path / "db" / "x.db"), timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'pipe.txt'}: is a FIFO (named pipe), not a regular file"
    assert result.stdout.strip() == "ingested 1, updated 0, unchanged 0, failed 1 (0 suggestions)"


def test_a_line_nested_100000_deep_costs_only_that_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"text": BODY}), "[" * 100_000 + "]" * 100_000, json.dumps({"text": BODY + "Ba."})]) + "\n", encoding="utf-8")
    result = run_ingest(str(path), "--db", str(tmp_path / "x.db"))
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: {path}: line 2: invalid JSON (nested too deeply)"
    assert result.stdout.strip() == "ingested 2, updated 0, unchanged 0, failed 1 (0 suggestions)"


def test_nuls_and_mistyped_fields_are_warnings_and_the_articles_land(tmp_path):
    (tmp_path / "nul.txt").write_bytes(BODY.encode("utf-8") + b"\x00Hai.\n")
    batch = tmp_path / "typed.jsonl"
    batch.write_text(json.dumps({"text": BODY + "Ba.", "title": ["x"], "id": {"a": 1}, "meta": {"source": ["s"]}}) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = run_ingest(str(tmp_path), "--db", str(db))
    assert result.returncode == 0
    assert result.stderr.strip().splitlines() == [
        f"warning: {tmp_path / 'nul.txt'}: removed 1 NUL character (the first at line 2, column 1)",
        f'warning: {batch}: line 1: "title" is a list, not a string; ignored',
        f'warning: {batch}: line 1: "id" is an object, not a string or an integer; ignored',
        f'warning: {batch}: line 1: "meta.source" is a list, not a string; ignored',
    ]
    assert result.stdout.strip() == "ingested 2, updated 0, unchanged 0, failed 0 (0 suggestions), 4 warnings"


def test_a_record_over_the_limit_is_one_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"text": BODY * 2000}), json.dumps({"text": BODY})]) + "\n", encoding="utf-8")
    result = run_ingest(str(path), "--db", str(tmp_path / "x.db"), env={"ANNOTATE_MAX_ARTICLE_MB": "0.1"})
    [line] = result.stderr.strip().splitlines()
    size = len(path.read_text(encoding="utf-8").splitlines()[0]) + 1
    assert line == f"error: {path}: line 1: this record is {size / 1e6:.1f} MB, over the 0.1 MB limit (split it, or raise $ANNOTATE_MAX_ARTICLE_MB)"
    assert result.stdout.strip() == "ingested 1, updated 0, unchanged 0, failed 1 (0 suggestions)"
