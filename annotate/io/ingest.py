"""Load article files into the database with machine suggestions, idempotently.

Reading and storing happen in this process; pre-annotation (underthesea plus
our sources) runs in a process pool, one model per core (io.pool); a long
article is split into chunks across the pool (io.chunks). Articles stream
through: a bounded number are in flight at once, so a batch of any size
costs memory for a few articles, and finished ones are committed in short
transactions (store.ingest_batches) so a reviewer's decision never waits
long for the write lock. Identity is the text itself (a content hash): the
same text is never stored twice, and a changed file never touches spans a
reviewer has already worked on. A bad file, line or article costs one line
in the report; Ctrl+C keeps what was committed (io.interrupts).
"""
from __future__ import annotations

import time
from collections import deque
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from annotate.io import chunks
from annotate.io.interrupts import sigint_held
from annotate.io.pool import WorkerFailed, WorkerPool, default_workers, result
from annotate.models import Span
from annotate.store import ingest_batches as batches
from annotate.store.articles import content_hash
from annotate.store.database import ensure_writable, open_database
from annotate.store.gazetteer import user_gazetteers
from annotate.text.files import InputFileError, open_regular
from annotate.text.readers import RawArticle, ReadError, ReadWarning, expand_paths, read_articles

__all__ = ["IngestReport", "default_workers", "ingest"]

Progress = Callable[[int, int], None]
ChunkProgress = Callable[[str, int, int], None]
BATCH_ARTICLES = 16  # articles per write transaction
BATCH_SPANS = 2000  # or this many suggestions, whichever comes first
BATCH_SECONDS = 0.5  # and never hold finished work longer than this
IN_FLIGHT_PER_WORKER = 3  # tasks queued per worker: enough to keep it busy, few enough to bound memory


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and the exit code."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[ReadError] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    spans: int = 0
    interrupted: bool = False
    stopped: str | None = None  # why the run could not go on (a worker could not start or died)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted and self.stopped is None

    @property
    def stored(self) -> int:
        """Articles written by this run (new or refreshed)."""
        return len(self.added) + len(self.updated)

    def summary(self) -> str:
        warned = f", {len(self.warnings)} warnings" if self.warnings else ""
        return (
            f"ingested {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"failed {len(self.failed)} ({self.spans} suggestions){warned}"
        )


def ingest(
    args: Iterable[str],
    db_path: str | Path | None = None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    preannotate: bool = True,
    chunk_progress: ChunkProgress | None = None,
) -> IngestReport:
    """Read, clean, pre-annotate and store articles; one bad input never stops the rest."""
    from annotate.schema import cached_schema

    cached_schema()  # a broken schema.yaml or gazetteer file stops the run before anything is touched
    report = IngestReport()
    db = pool = None
    try:
        paths, errors = expand_paths(list(args))
        report.failed.extend(errors)
        db = open_database(db_path)
        ensure_writable(db)  # a newer or damaged database stops the run before any file is read
        records = count_records(paths)
        if preannotate:
            user = user_gazetteers(db)  # the same files and confirmed places the review screen's `g` sees
            pool = WorkerPool(workers or default_workers(), expected_jobs(paths, records), (list(user.place_files), list(user.places)))
        _Pipeline(db, pool, report, progress, chunk_progress).run(paths, records)
    except KeyboardInterrupt:
        report.interrupted = True
    except WorkerFailed as error:
        report.stopped = str(error)
    finally:
        with sigint_held():
            if pool is not None:
                pool.close()
            if db is not None:
                db.close()
    return report


def expected_jobs(paths: Sequence[Path], records: int | None = None) -> int:
    """Roughly how many tasks to pre-annotate, to decide whether a pool pays for one model per worker.

    Each article is a task (a .jsonl file one a line, so one short file is
    annotated right here); a long .txt article is as many tasks as it has
    chunks, so one 5 MB article is spread over every core too.
    """
    articles = count_records(paths) if records is None else records
    return articles + sum(max(0, _size(p) - chunks.LONG_ARTICLE_CHARS) // chunks.CHUNK_CHARS for p in paths if p.suffix.lower() != ".jsonl")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def count_records(paths: Iterable[Path]) -> int:
    """Articles the paths will give, for the progress bar: one per .txt, one per line of a .jsonl."""
    total = 0
    for path in paths:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            handle, _size = open_regular(path)
        except InputFileError:
            total += 1
            continue
        with handle:
            lines, last = 0, b"\n"
            for block in iter(lambda: handle.read(1 << 20), b""):
                lines += block.count(b"\n")
                last = block[-1:]
            total += max(1, lines + (last != b"\n"))
    return total


@dataclass
class _Work:
    """One article on its way: read, maybe being pre-annotated, not yet stored."""

    raw: RawArticle
    digest: str
    futures: list[Future]
    long: bool = False

    def pending(self) -> int:
        return sum(1 for f in self.futures if not f.done())


class _Pipeline:
    """Streams articles from the files through the pool into the database, in order."""

    def __init__(self, db, pool: WorkerPool | None, report: IngestReport, progress: Progress | None, chunk_progress: ChunkProgress | None):
        self.db, self.pool, self.report = db, pool, report
        self.progress, self.chunk_progress = progress, chunk_progress
        self.queue: deque[_Work] = deque()
        self.batch: list[tuple[RawArticle, batches.PreparedArticle]] = []
        self.batch_started = 0.0
        self.seen: set[str] = set()
        self.done = self.total = 0
        self.window = IN_FLIGHT_PER_WORKER * (pool.workers if pool is not None and pool.parallel else 1)

    def run(self, paths: list[Path], records: int) -> None:
        self.total = records
        self._tick(0)
        for item in _read_all(paths):
            if isinstance(item, ReadWarning):
                self.report.warnings.append(item)
                continue
            if isinstance(item, ReadError):
                self.report.failed.append(item)
                self._tick()
            else:
                self._admit(item)
            self._drain(self.window)
        self._drain(0)
        self._flush()
        self.total = self.done
        self._tick(0)

    def _tick(self, step: int = 1) -> None:
        self.done += step
        self.total = max(self.total, self.done)
        if self.progress:
            self.progress(self.done, self.total)

    def _admit(self, raw: RawArticle) -> None:
        """Skip what is stored already, bring back an earlier version, or start pre-annotating."""
        digest = content_hash(raw.text)
        state = batches.hash_state(self.db, digest)
        if digest in self.seen or (state is not None and state.current):
            self.report.unchanged.append(raw.key)
            self._tick()
        elif state is not None:  # the file went back to an earlier version
            batches.reinstate(self.db, state.article_id)
            self.report.updated.append(raw.key)
            self._tick()
        else:
            self.seen.add(digest)
            self.queue.append(self._start(raw, digest))

    def _start(self, raw: RawArticle, digest: str) -> _Work:
        if self.pool is None:
            return _Work(raw, digest, [])
        job = (raw.text, raw.layout.article, tuple(raw.layout.furniture))
        if not chunks.is_long(*job):
            return _Work(raw, digest, [self.pool.submit(chunks.annotate_whole, *job)])
        plan = chunks.plan_chunks(*job)
        futures = []
        for number, chunk in enumerate(plan, start=1):
            futures.append(self.pool.submit(chunks.tag_chunk, chunk))
            if not self.pool.parallel and self.chunk_progress:  # here, each chunk is done when submitted
                self.chunk_progress(raw.source, number, len(plan) + 1)
        return _Work(raw, digest, futures, long=True)

    def _drain(self, limit: int) -> None:
        """Finish articles from the front while too much is in flight, or while the front is ready."""
        while self.queue and (sum(w.pending() for w in self.queue) > limit or self.queue[0].pending() == 0):
            self._finish(self.queue.popleft())
        if self.batch and time.monotonic() - self.batch_started > BATCH_SECONDS:
            self._flush()

    def _finish(self, work: _Work) -> None:
        """Wait for the article's suggestions, then queue its rows for the next write batch."""
        try:
            spans = self._spans(work)
        except WorkerFailed:
            raise
        except Exception as error:  # noqa: BLE001 - one article's failure is one line
            self.report.failed.append(ReadError(_where(work.raw), f"pre-annotation failed: {type(error).__name__}: {error}"))
            self._tick()
            return
        if not self.batch:
            self.batch_started = time.monotonic()
        self.batch.append((work.raw, batches.prepare(_fields(work.raw, work.digest), spans)))
        if len(self.batch) >= BATCH_ARTICLES or sum(p.span_count for _, p in self.batch) >= BATCH_SPANS:
            self._flush()

    def _spans(self, work: _Work) -> list[Span]:
        if not work.futures:
            return []
        if not work.long:
            return result(work.futures[0])
        total = len(work.futures) + 1
        for number, _ in enumerate(as_completed(work.futures), start=1):
            if self.pool.parallel and self.chunk_progress:
                self.chunk_progress(work.raw.source, number, total)
        packs = [result(f) for f in work.futures]
        text, layout = work.raw.text, work.raw.layout
        spans = result(self.pool.submit(chunks.annotate_with_tokens, text, packs, layout.article, tuple(layout.furniture)))
        if self.chunk_progress:
            self.chunk_progress(work.raw.source, total, total)
        return spans

    def _flush(self) -> None:
        """Store the finished articles in one short transaction, then count them."""
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        outcomes = batches.store_batch(self.db, [prepared for _, prepared in batch])
        for (raw, prepared), outcome in zip(batch, outcomes):
            getattr(self.report, outcome).append(raw.key)
            if outcome != "unchanged":
                self.report.spans += prepared.span_count
            self._tick()


def _read_all(paths: Iterable[Path]) -> Iterator[RawArticle | ReadError | ReadWarning]:
    for path in paths:
        yield from read_articles(path)


def _where(raw: RawArticle) -> str:
    """How a failure names the article: its file, and its record for a JSONL line."""
    return f"{raw.path}#{raw.key.rsplit('#', 1)[1]}" if raw.path.lower().endswith(".jsonl") else raw.path


def _fields(raw: RawArticle, digest: str) -> dict:
    return {
        "source_key": raw.key,
        "source": raw.source,
        "path": raw.path,
        "content_hash": digest,
        "text": raw.text,
        "title": raw.title,
        "url": raw.url,
        "ext_id": raw.ext_id,
        "encoding": raw.encoding,
        "region_start": raw.layout.article[0],
        "region_end": raw.layout.article[1],
        "furniture": list(raw.layout.furniture),
    }
