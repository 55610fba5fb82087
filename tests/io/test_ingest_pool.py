"""When ingest starts a process pool: only for enough articles, counting the lines of .jsonl files."""
from __future__ import annotations

import os
from pathlib import Path

from annotate.io import chunks
from annotate.io.ingest import expected_jobs
from annotate.io.pool import WorkerPool


def test_expected_jobs_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Một bài báo ngắn.", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"text": "bài {n}"}}\n' for n in range(7)), encoding="utf-8")
    assert expected_jobs([one]) == 1
    assert 7 <= expected_jobs([one, feed]) <= 9  # a last line without its newline still counts
    assert expected_jobs([tmp_path / "missing.jsonl"]) == 1  # reading it reports the error


def test_a_long_txt_counts_its_chunks_and_a_fifo_is_counted_without_waiting(tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("Câu. " * (chunks.LONG_ARTICLE_CHARS // 2), encoding="utf-8")  # about 2.5 times the threshold
    assert expected_jobs([long]) >= 4  # one article in several chunks: worth a pool
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    assert expected_jobs([fifo]) == 1  # never opened for reading: reading reports it


def test_one_short_file_or_one_worker_never_starts_a_pool() -> None:
    for workers, jobs in ((4, 1), (2, 3), (1, 500)):
        pool = WorkerPool(workers, jobs)
        try:
            assert not pool.parallel
        finally:
            pool.close()
