"""Load article files into the database with machine suggestions, idempotently.

Reading and storing happen in this process; pre-annotation (underthesea plus
our sources) runs in a process pool, one model per core. Identity is the text
itself (a content hash): the same text is never stored twice, and a changed
file never touches spans a reviewer has already worked on.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from annotate.models import Span
from annotate.text.readers import RawArticle, ReadError, expand_paths, read_articles
from annotate.store import articles as article_store
from annotate.store import layers
from annotate.store.database import MACHINE, open_database, write_transaction
from annotate.store.gazetteer import user_gazetteers

Progress = Callable[[int, int], None]
BATCH = 64


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and the exit code."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[ReadError] = field(default_factory=list)
    spans: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"ingested {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"failed {len(self.failed)} ({self.spans} suggestions)"
        )


# -- pre-annotation in worker processes ------------------------------------
_PREANNOTATOR = None


def _init_worker(place_files: Sequence[str] = (), place_entries: Sequence = ()) -> None:
    """Build this process's pre-annotator once (model, gazetteers, user additions)."""
    global _PREANNOTATOR
    from annotate.preannotate.pipeline import Preannotator

    _PREANNOTATOR = Preannotator.with_extra_places(place_files, place_entries)


def _annotate(job: tuple[str, tuple[int, int], tuple[tuple[int, int], ...]]) -> list[Span]:
    text, region, furniture = job
    return _PREANNOTATOR.annotate(text, region, furniture)


def expected_jobs(paths: Sequence[Path]) -> int:
    """How many articles these files hold, roughly (a .jsonl file one a line), to decide whether a process
    pool pays for starting one underthesea model per worker: one short file is annotated right here."""
    total = 0
    for path in paths:
        if path.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with open(path, "rb") as handle:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1
        except OSError:
            total += 1  # reading reports it
    return total


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@contextlib.contextmanager
def _real_std_streams() -> Iterator[None]:
    """Spawning passes stdout/stderr descriptors on; a TUI replaces them with objects that have none."""
    saved = sys.stdout, sys.stderr
    try:
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            try:
                valid = stream is not None and stream.fileno() >= 0
            except (AttributeError, OSError, ValueError):
                valid = False
            if not valid:
                setattr(sys, name, getattr(sys, f"__{name}__") or open(os.devnull, "w"))
        yield
    finally:
        sys.stdout, sys.stderr = saved


class PreannotatorPool:
    """Pre-annotates texts in order: in worker processes for big batches, here otherwise.

    The pool is started before the files are read, so loading the model in
    the workers overlaps with reading and cleaning in this process.
    """

    def __init__(self, workers: int, expected_jobs: int, extras: tuple[Sequence[str], Sequence] = ((), ())):
        self.extras = extras
        self.pool = None
        if workers > 1 and expected_jobs >= 2 * workers:
            context = multiprocessing.get_context("spawn")  # fork is unsafe under the TUI's threads
            with _real_std_streams():
                self.pool = context.Pool(workers, initializer=_init_worker, initargs=extras)
        self.workers = workers

    def annotate(self, jobs: Sequence[tuple[str, tuple[int, int], tuple[tuple[int, int], ...]]]) -> Iterator[list[Span]]:
        if not jobs:
            return iter(())
        if self.pool is None:
            _init_worker(*self.extras)
            return (_annotate(job) for job in jobs)
        chunk = max(1, min(8, len(jobs) // (self.workers * 8)))
        return self.pool.imap(_annotate, jobs, chunksize=chunk)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


# -- classification and storage ---------------------------------------------
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


def read_files(paths: Iterable[Path], report: IngestReport) -> list[RawArticle]:
    """Every readable article in these files; failures go to the report."""
    found: list[RawArticle] = []
    for path in paths:
        for item in read_articles(path):
            if isinstance(item, ReadError):
                report.failed.append(item)
            else:
                found.append(item)
    return found


def store_article(db, raw: RawArticle, digest: str, spans: list[Span], report: IngestReport) -> None:
    """Insert or refresh one article and its machine layer (inside a transaction)."""
    if article_store.find_by_hash(db, digest) is not None:
        report.unchanged.append(raw.key)
        return
    previous = article_store.current_by_source_key(db, raw.key)
    fields = _fields(raw, digest)
    if previous is not None and not article_store.has_human_work(db, previous.id):
        article_store.replace_article(db, previous.id, fields)
        layers.delete_layer(db, previous.id, MACHINE)
        layers.insert_spans(db, previous.id, MACHINE, spans, status="suggested")
        report.updated.append(raw.key)
    else:
        new_id = article_store.insert_article(db, fields)
        layers.insert_spans(db, new_id, MACHINE, spans, status="suggested")
        if previous is not None:
            article_store.supersede(db, previous.id, new_id)
            report.updated.append(raw.key)
        else:
            report.added.append(raw.key)
    report.spans += len(spans)


def ingest(
    args: Iterable[str],
    db_path: str | Path | None = None,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    preannotate: bool = True,
) -> IngestReport:
    """Read, clean, pre-annotate and store articles; one bad input never stops the rest."""
    report = IngestReport()
    paths, errors = expand_paths(list(args))
    report.failed.extend(errors)
    db = open_database(db_path)
    pool = None
    try:
        if preannotate:
            expected = expected_jobs(paths)
            user = user_gazetteers(db)  # the same files and confirmed places the review screen's `g` sees
            pool = PreannotatorPool(workers or default_workers(), expected, (list(user.place_files), list(user.places)))
        found = read_files(paths, report)
        todo: list[tuple[RawArticle, str]] = []
        seen: set[str] = set()
        for raw in found:
            digest = article_store.content_hash(raw.text)
            existing = article_store.find_by_hash(db, digest)
            if digest in seen or (existing is not None and existing.superseded_by is None):
                report.unchanged.append(raw.key)
            elif existing is not None:  # the file went back to an earlier version
                with write_transaction(db):
                    article_store.reinstate(db, existing)
                report.updated.append(raw.key)
            else:
                seen.add(digest)
                todo.append((raw, digest))
        total = len(todo)
        if progress:
            progress(0, total)
        jobs = [(raw.text, raw.layout.article, tuple(raw.layout.furniture)) for raw, _ in todo]
        results = pool.annotate(jobs) if pool else ([] for _ in jobs)
        pending: list[tuple[RawArticle, str, list[Span]]] = []
        for done, ((raw, digest), spans) in enumerate(zip(todo, results), start=1):
            pending.append((raw, digest, spans))
            if len(pending) >= BATCH or done == total:
                with write_transaction(db):
                    for item in pending:
                        store_article(db, *item, report)
                pending.clear()
            if progress:
                progress(done, total)
    finally:
        if pool is not None:
            pool.close()
        db.close()
    return report
