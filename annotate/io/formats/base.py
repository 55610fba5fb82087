"""What every interchange format shares: the protocol, the options and the reports.

A format writes a stream of ExportDocument (one article with the spans of one
view) and says what it could not write (WriteReport), and reads a file into
ImportedDocument values or LineError values, one per bad item, so a bad line
never costs the rest of the file. Offsets are code points into the stored NFC
text everywhere here; a format that counts differently converts at its edge.
"""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Protocol, TextIO

from annotate.errors import OptionError
from annotate.models import ArticleRecord, SpanRecord

ALIGN_POLICIES = ("strict", "expand", "contract")
STATUS_POLICIES = ("decided", "all")
DOCSTART_STYLES = ("conll2003", "spacy")
DECIDED = ("accepted", "edited")


@dataclass(frozen=True)
class WriteOptions:
    """How to write: spans off token boundaries, whether undecided spans travel, the label order, sentence length, CoNLL's document line."""

    align: str = "strict"
    status: str = "decided"
    labels: tuple[str, ...] = ()
    max_tokens: int | None = None
    docstart: str = "conll2003"

    @property
    def carry_status(self) -> bool:
        return self.status == "all"


@dataclass(frozen=True)
class ExportDocument:
    """One article and the spans a view gives it, sorted by position."""

    article: ArticleRecord
    spans: tuple[SpanRecord, ...]
    view: str = "predicted"
    annotator: str | None = None

    @property
    def predicted(self) -> bool:
        """True for the machine's suggestions: tools that tell predictions from annotations get predictions."""
        return self.view == "predicted"


@dataclass(frozen=True)
class Skip:
    """A span that was not written as it is stored (left out, or moved to token boundaries), and why."""

    article_id: int
    source: str
    start: int
    end: int
    label: str
    reason: str

    def __str__(self) -> str:
        return f"article {self.article_id} ({self.source}) {self.start}-{self.end} {self.label}: {self.reason}"


@dataclass
class WriteReport:
    """What an export wrote and, span by span, what it could not write as stored."""

    articles: int = 0
    spans: int = 0
    skipped: list[Skip] = field(default_factory=list)
    adjusted: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    long_sentences: int = 0
    pieces: int = 0

    def skip(self, document: ExportDocument, span: SpanRecord, reason: str) -> None:
        self.skipped.append(Skip(document.article.id, document.article.source, span.start, span.end, span.label, reason))

    def adjust(self, document: ExportDocument, span: SpanRecord, reason: str) -> None:
        self.adjusted.append(Skip(document.article.id, document.article.source, span.start, span.end, span.label, reason))

    def merge(self, other: "WriteReport") -> "WriteReport":
        """Add another report's counts (one export written as several files)."""
        self.articles += other.articles
        self.spans += other.spans
        self.skipped += other.skipped
        self.adjusted += other.adjusted
        self.notes += other.notes
        self.long_sentences += other.long_sentences
        self.pieces += other.pieces
        return self

    def summary(self) -> str:
        return f"wrote {self.articles} articles, {self.spans} spans ({len(self.skipped)} skipped)"


def has_attrs(span: Any) -> bool:
    """Whether a span has attributes, without decoding the stored JSON of a LayerSpan."""
    stored = getattr(span, "attrs_json", None)
    return stored not in ("{}", "") if stored is not None else bool(span.attrs)


class Destination:
    """Where an export goes: an open text stream (stdout), or a path for a file or a directory."""

    def __init__(self, path: Path | str | None = None, stream: TextIO | None = None):
        self.path = Path(path) if path is not None else None
        self.stream = stream

    def describe(self) -> str:
        return str(self.path) if self.path is not None else "standard output"

    @contextlib.contextmanager
    def text(self) -> Iterator[TextIO]:
        """A text stream with "\\n" line ends; a given stream is left open."""
        if self.stream is not None:
            yield self.stream
            return
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w", encoding="utf-8", newline="\n") as out:
            yield out

    @contextlib.contextmanager
    def binary(self) -> Iterator[IO[bytes]]:
        """A byte stream: the file, or the binary side of the given stream (stdout)."""
        if self.stream is not None:
            buffer = getattr(self.stream, "buffer", None) or sys.stdout.buffer
            self.stream.flush()
            yield buffer
            buffer.flush()
            return
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("wb") as out:
            yield out

    def directory(self, format_name: str) -> Path:
        """The folder a multi-file format writes into (created); a stream cannot hold one."""
        if self.path is None:
            raise OptionError(f"--format {format_name} writes a folder: give -o FOLDER")
        if self.path.exists() and not self.path.is_dir():
            raise OptionError(f"{self.path}: --format {format_name} writes a folder, and this is a file")
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path


@dataclass
class ImportedSpan:
    """A span as another tool gave it: offsets into the ImportedDocument's text as read (not yet NFC)."""

    start: int
    end: int
    label: Any
    attrs: Any = field(default_factory=dict)
    status: str = "accepted"
    text: str | None = None
    provenance: Any = None
    """The sources that made a suggestion ([{kind, name, entry?}]), where the format carries them (ours)."""
    confidence: Any = None


@dataclass
class ImportedDocument:
    """One article's annotations as read from a file, before it is checked against the schema and stored.

    token_offsets is set when the text was rebuilt from tokens (CoNLL, a token
    dataset): the importer then looks for a stored article with the same
    tokens and moves the spans onto its text.
    """

    where: str
    text: Any
    spans: list[ImportedSpan] = field(default_factory=list)
    meta: Any = None
    annotator: str | None = None
    answer: str = "accept"
    token_offsets: list[tuple[int, int]] | None = None
    warnings: list[str] = field(default_factory=list)


class LineError(ValueError):
    """One item of a file cannot be imported: where it is (line, task, file) and why.

    Readers yield it in place of a document; checks raise it; either way the
    rest of the file goes on.
    """

    def __init__(self, where: str, cause: str):
        super().__init__(f"{where}: {cause}" if where else cause)
        self.where, self.cause = where, cause


ReadItem = ImportedDocument | LineError


@dataclass(frozen=True)
class Sample:
    """What format detection looks at: the path, its first bytes, and its first JSON value if it has one."""

    path: Path
    head: bytes
    first_json: Any
    names: tuple[str, ...] = ()

    @property
    def is_dir(self) -> bool:
        return self.path.is_dir()

    @property
    def head_text(self) -> str:
        return self.head.decode("utf-8", errors="replace").lstrip("\ufeff")


class Format(Protocol):
    """One interchange format: a name, a file suffix, a writer, a reader and a detector."""

    name: str
    suffix: str
    carries_status: bool
    description: str

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport: ...

    def read(self, path: Path) -> Iterator[ReadItem]: ...

    def sniff(self, sample: Sample) -> bool: ...
