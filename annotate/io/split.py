"""`--split 80/10/10 --seed S`: train, dev and test files by article, the same every time they are made.

An article's split is a hash of the seed and the article, never of which
other articles happen to be exported, so exporting again after more reviews
never moves an article: a model scored on test never trained on it. Versions
of one article (a changed file re-ingested; the versions the store links, or
that share their origin) follow the first version, so they never straddle
splits. The price is that shares are approximate on small sets; the dataset
card (card.py) prints the real counts next to the files.

Each split goes where the format would put `-o FOLDER/<split><suffix>`
(train.jsonl, dev.conll, test.spacy, a brat folder per split); the Hugging
Face format writes one DatasetDict with `train`, `validation` and `test`.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from sqlite_utils import Database

from annotate.errors import OptionError
from annotate.io.export import ExportRequest, finish, view_ids
from annotate.io.formats.base import Destination, ExportDocument, Format, WriteOptions, WriteReport
from annotate.schema import Schema
from annotate.store import articles as article_store
from annotate.store.database import read_snapshot

NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}
HF_NAMES = {"train": "train", "dev": "validation", "test": "test"}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class SplitSpec:
    """The shares of each split (they sum to 1) and the seed that places articles."""

    names: tuple[str, ...]
    shares: tuple[float, ...]
    seed: int = 0

    @classmethod
    def parse(cls, text: str, seed: int = 0) -> "SplitSpec":
        """'80/10/10' (train/dev/test) or '90/10' (train/test), in percent or as fractions of 1."""
        parts = text.split("/")
        if len(parts) not in NAMES or not all(_NUMBER.match(p.strip()) for p in parts):
            raise OptionError(f"--split {text!r}: give two or three shares such as 80/10/10 (train/dev/test) or 90/10 (train/test)")
        values = [float(p) for p in parts]
        total = sum(values)
        if not (abs(total - 100) < 1e-6 or abs(total - 1) < 1e-9):
            raise OptionError(f"--split {text!r}: the shares add up to {total:g}, not 100")
        return cls(NAMES[len(parts)], tuple(v / total for v in values), seed)

    def __str__(self) -> str:
        return "/".join(f"{share * 100:g}" for share in self.shares)

    def place(self, key: str) -> str:
        """The split of the article whose version key this is: a hash in [0, 1) against the cumulative shares."""
        digest = hashlib.sha256(f"{self.seed}\x1f{key}".encode("utf-8")).digest()
        point = int.from_bytes(digest[:8], "big") / 2**64
        cumulative = 0.0
        for name, share in zip(self.names, self.shares):
            cumulative += share
            if point < cumulative:
                return name
        return [name for name, share in zip(self.names, self.shares) if share > 0][-1]  # rounding at the very top


def version_keys(rows: Iterable[tuple[int, str, int | None, str, str]]) -> dict[int, str]:
    """For each article id, the content hash of its group's first version (groups: linked versions, one origin)."""
    rows = list(rows)
    parent = {row[0]: row[0] for row in rows}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(left: int, right: int) -> None:
        parent[root(left)] = root(right)

    first_of_origin: dict[str, int] = {}
    for article_id, origin, newer, _, _ in rows:
        if newer is not None and newer in parent:
            join(article_id, newer)
        join(article_id, first_of_origin.setdefault(origin, article_id))
    first: dict[int, tuple[str, str]] = {}
    for article_id, _, _, digest, created in rows:
        group = root(article_id)
        first[group] = min(first.get(group, (created, digest)), (created, digest))
    return {row[0]: first[root(row[0])][1] for row in rows}


def assign(db: Database, spec: SplitSpec, request: ExportRequest) -> dict[str, list[int]]:
    """The view's article ids, split by spec (each list in id order)."""
    keys = version_keys(article_store.lineage(db))
    placed: dict[str, list[int]] = {name: [] for name in spec.names}
    for article_id in view_ids(db, request.view, request.annotator, request.include_unfinished):
        placed[spec.place(keys[article_id])].append(article_id)
    return placed


@dataclass
class SplitCounts:
    """What one split's file holds: articles and spans by label (spans not written already taken off)."""

    articles: int = 0
    labels: Counter = field(default_factory=Counter)

    @property
    def spans(self) -> int:
        return sum(self.labels.values())


@dataclass
class SplitResult:
    """A split export: where each split went, what it holds, and the merged report of every file."""

    spec: SplitSpec
    files: dict[str, str]
    counts: dict[str, SplitCounts]
    report: WriteReport
    ids: dict[str, list[int]]


def _tallied(documents: Iterable[ExportDocument], counts: SplitCounts) -> Iterator[ExportDocument]:
    for doc in documents:
        counts.articles += 1
        counts.labels.update(span.label for span in doc.spans)
        yield doc


def _target(folder: Path, name: str, suffix: str) -> Path:
    return folder / f"{name}{suffix}"


def export_split(
    db: Database, folder: Path, spec: SplitSpec, request: ExportRequest, schema: Schema | None = None,
) -> SplitResult:
    """Write each split of the view into folder; every span not written is in the report, and taken off the counts."""
    chosen = request.check()
    if folder.exists() and not folder.is_dir():
        raise OptionError(f"{folder}: --split writes a folder of files, and this is a file")
    folder.mkdir(parents=True, exist_ok=True)
    with read_snapshot(db):
        return _write(db, folder, spec, request, chosen, request.options(schema))


def _write(db: Database, folder: Path, spec: SplitSpec, request: ExportRequest, chosen: Format, options: WriteOptions) -> SplitResult:
    ids = assign(db, spec, request)
    counts = {name: SplitCounts() for name in spec.names}
    selection = WriteReport()
    streams = {name: _tallied(request.documents(db, selection, ids[name]), counts[name]) for name in spec.names}
    if hasattr(chosen, "write_splits"):
        written = chosen.write_splits({HF_NAMES[name]: stream for name, stream in streams.items()}, Destination(path=folder), options)
        files = {name: HF_NAMES[name] for name in spec.names}
    else:
        written, files = WriteReport(), {}
        for name, stream in streams.items():
            target = _target(folder, name, chosen.suffix)
            written.merge(chosen.write(stream, Destination(path=target), options))
            files[name] = target.name
    split_of = {article_id: name for name, members in ids.items() for article_id in members}
    for skip in written.skipped:
        counts[split_of[skip.article_id]].labels[skip.label] -= 1
    return SplitResult(spec, files, counts, finish(written, selection, request), ids)

