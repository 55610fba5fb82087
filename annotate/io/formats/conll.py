"""CoNLL-2003 columns: `token POS chunk NER`, one sentence a block, documents after `-DOCSTART- -X- -X- O`.

spaCy's converter splits documents only on its own line `-DOCSTART- -X- O O`
and reads CoNLL-2003's as a word, so `--docstart spacy` writes spaCy's line.

Only the article proper is written (furniture and text outside the region are
left out); tokens are our syllable tokens, tags strict IOB2. We have no POS or
chunk tags, so those columns hold `_`. On import the text is rebuilt from the
tokens (spaces between tokens, a line end between sentences) and, where a
stored article has the same tokens, the spans go back onto its real text.
Tags may be IOB1, IOB2 or BIOES; only the last column is read.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from annotate.io.formats.align import align
from annotate.io.formats.base import Destination, ExportDocument, LineError, ReadItem, Sample, WriteOptions, WriteReport, has_attrs
from annotate.io.formats.pieces import cut_long_sentences
from annotate.io.formats.tagged import rebuilt_document
from annotate.io.formats.tokens import article_grid

DOCSTART = {"conll2003": "-DOCSTART- -X- -X- O", "spacy": "-DOCSTART- -X- O O"}
EMPTY = "_"
_TAG = re.compile(r"^(?:O|[BIESLU]-\S+)$")


def write_document(aligned_tags: list[str], grid_text: str, starts: list[int], ends: list[int], sentences: list[tuple[int, int]], docstart: str = "conll2003") -> str:
    """One article: its document line, then one block of `token _ _ TAG` lines a sentence."""
    lines = [DOCSTART[docstart], ""]
    for first, last in sentences:
        lines += [f"{grid_text[start:end]} {EMPTY} {EMPTY} {tag}" for start, end, tag in zip(starts[first:last], ends[first:last], aligned_tags[first:last])]
        lines.append("")
    return "\n".join(lines) + "\n"


class ConllFormat:
    name = "conll"
    suffix = ".conll"
    carries_status = False
    has_sentences = True
    description = "CoNLL-2003 columns, one sentence a block, the article region only"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report, with_attrs = WriteReport(), 0
        with destination.text() as out:
            for doc in documents:
                aligned = align(doc, article_grid(doc.article), options.align, report)
                cut_long_sentences(aligned, options.max_tokens, report)
                grid = aligned.grid
                out.write(write_document(aligned.tags(), grid.text, grid.starts, grid.ends, grid.sentences, options.docstart))
                report.articles += 1
                report.spans += len(aligned.spans)
                with_attrs += sum(1 for t in aligned.spans if has_attrs(t.span))
        if with_attrs:
            report.notes.append(f"conll holds no attributes: those of {with_attrs} spans are not in the file (jsonl, spacy, hf, brat keep them)")
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        reader = _Reader()
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff") if number == 1 else raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    reader.fail(LineError(f"line {number}", f"not UTF-8 (byte {error.start + 1})"))
                    continue
                yield from reader.line(number, line.rstrip("\r\n"))
        yield from reader.finish()

    def sniff(self, sample: Sample) -> bool:
        lines = [line.strip() for line in sample.head_text.splitlines()[:50] if line.strip()]
        if not lines or sample.first_json is not None:
            return False
        if lines[0].startswith("-DOCSTART-"):
            return True
        rows = [line.split() for line in lines[:-1] or lines]
        return all(len(r) >= 2 and _TAG.match(r[-1]) for r in rows)


class _Reader:
    """Builds one document at a time from CoNLL lines: tokens, sentence breaks, tags."""

    def __init__(self) -> None:
        self.start_line = 0
        self.sentences: list[list[tuple[str, str]]] = [[]]
        self.error: LineError | None = None

    def fail(self, error: LineError) -> None:
        self.error = self.error or error

    def line(self, number: int, line: str) -> Iterator[ReadItem]:
        stripped = line.strip()
        if stripped.startswith("-DOCSTART-"):
            yield from self.finish()
            self.start_line = number
            return
        if not self.start_line:
            self.start_line = number
        if not stripped:
            if self.sentences[-1]:
                self.sentences.append([])
            return
        columns = stripped.split()
        if len(columns) < 2:
            self.fail(LineError(f"line {number}", f"needs a token and a tag, found {stripped!r}"))
        elif not _TAG.match(columns[-1]):
            self.fail(LineError(f"line {number}", f"tag {columns[-1]!r} is not O, B-X, I-X (or E-, S-)"))
        else:
            self.sentences[-1].append((columns[0], columns[-1]))

    def finish(self) -> Iterator[ReadItem]:
        sentences = [s for s in self.sentences if s]
        if self.error is not None:
            yield self.error
        elif sentences:
            yield rebuilt_document(f"line {self.start_line}", sentences)
        self.sentences, self.error, self.start_line = [[]], None, 0
