"""spaCy's DocBin (`.spacy`): our syllable tokens as the Doc's words, so every span aligns.

Each article becomes one Doc whose text is exactly the stored text (gaps that
are not a single space become whitespace tokens, as spaCy's tokenizer makes
them), so `span.start_char`/`end_char` are our offsets. Spans go into
`doc.spans["sc"]` and `doc.ents`; tokens outside the article region or in
furniture are marked *missing* for NER (not `O`: they were never annotated).
Attributes are span extensions stored in `doc.user_data` (register
`Span.set_extension("attrs", default=None)` to read `span._.attrs`; with
`--status all`, `span._.status` too); the article's metadata is
`doc.user_data["meta"]`. Sentences are our sentence ranges (`doc.sents`).
`-o FILE.spacy` writes one DocBin, which spaCy builds in memory; `-o FOLDER`
writes shards of 1,000 articles (`part-00000.spacy`, ...), so a large export
stays flat in memory, and `spacy train --paths.train FOLDER` reads them all.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotate.io.formats.align import align
from annotate.io.formats.base import Destination, ExportDocument, ImportedDocument, ImportedSpan, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.io.formats.extras import require
from annotate.io.formats.jsonl import meta_of
from annotate.io.formats.pieces import cut_long_sentences
from annotate.io.formats.tokens import TokenGrid, article_grid, page_grid

SPAN_KEY = "sc"
EXTENSION = "._."
SHARD_DOCS = 1000
SHARD_NAME = "part-{:05d}.spacy"


def _docbin() -> Any:
    from spacy.tokens import DocBin

    return DocBin(store_user_data=True)


def words_and_spaces(grid: TokenGrid) -> tuple[list[str], list[bool], list[int]]:
    """spaCy words and trailing spaces that rebuild the text exactly, and where each of our tokens went."""
    text = grid.text
    words: list[str] = []
    spaces: list[bool] = []
    where: list[int] = []

    def gap(piece: str) -> None:
        if piece.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            piece = piece[1:]
        if piece:
            words.append(piece)
            spaces.append(False)

    gap(text[: grid.starts[0]] if grid.starts else text)
    for index, (start, end) in enumerate(zip(grid.starts, grid.ends)):
        where.append(len(words))
        words.append(text[start:end])
        spaces.append(False)
        gap(text[end : grid.starts[index + 1] if index + 1 < len(grid.starts) else len(text)])
    return words, spaces, where


def to_doc(vocab: Any, doc: ExportDocument, options: WriteOptions, report: WriteReport) -> Any:
    from spacy.tokens import Doc, Span

    article = doc.article
    aligned = align(doc, page_grid(article.text), options.align, report)
    cut_long_sentences(aligned, options.max_tokens, report)
    words, spaces, where = words_and_spaces(aligned.grid)
    starts = [False] * len(words)
    for first, _ in aligned.grid.sentences:
        starts[where[first]] = True
    starts[0] = True
    spacy_doc = Doc(vocab, words=words, spaces=spaces, sent_starts=starts)
    spans = [Span(spacy_doc, where[t.first], where[t.last - 1] + 1, label=t.span.label) for t in aligned.spans]
    written = article_grid(article).written
    covered = {i for t in aligned.spans for i in range(t.first, t.last)}
    missing = [Span(spacy_doc, where[i], where[i] + 1) for i in range(len(where)) if not written[i] and i not in covered]
    spacy_doc.set_ents(spans, missing=missing, default="outside")
    spacy_doc.spans[SPAN_KEY] = spans
    for token_span, span in zip(aligned.spans, spans):
        spacy_doc.user_data[(EXTENSION, "attrs", span.start_char, span.end_char)] = token_span.span.attrs
        if options.carry_status and not doc.predicted:
            spacy_doc.user_data[(EXTENSION, "status", span.start_char, span.end_char)] = token_span.span.status
    spacy_doc.user_data["meta"] = {**meta_of(article), "view": doc.view, "annotator": doc.annotator}
    report.spans += len(spans)
    return spacy_doc


def _lists(value: Any) -> Any:
    """user_data comes back from msgpack with tuples where we wrote lists."""
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def _imported(where: str, spacy_doc: Any) -> ImportedDocument:
    data = spacy_doc.user_data
    meta = _lists(data.get("meta")) if isinstance(data.get("meta"), dict) else {}
    spans = spacy_doc.spans[SPAN_KEY] if SPAN_KEY in spacy_doc.spans else spacy_doc.ents
    imported = [
        ImportedSpan(
            span.start_char, span.end_char, span.label_,
            _lists(data.get((EXTENSION, "attrs", span.start_char, span.end_char)) or {}),
            data.get((EXTENSION, "status", span.start_char, span.end_char)) or "accepted",
        )
        for span in spans
    ]
    return ImportedDocument(where, spacy_doc.text, imported, {k: v for k, v in meta.items() if k not in ("view", "annotator")})


def docbin(documents: Iterable[ExportDocument], options: WriteOptions, report: WriteReport) -> Any:
    """All documents in one DocBin in memory (what the API hands to code that trains with spaCy)."""
    require("spacy", "spacy")
    from spacy.vocab import Vocab

    vocab, bin_ = Vocab(), _docbin()
    for doc in documents:
        bin_.add(to_doc(vocab, doc, options, report))
        report.articles += 1
    return bin_


class SpacyFormat:
    name = "spacy"
    suffix = ".spacy"
    carries_status = True
    has_sentences = True
    description = "spaCy DocBin: our tokens as words, doc.spans['sc'] and doc.ents, attributes in user_data"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        require("spacy", "spacy")
        from spacy.vocab import Vocab

        report = WriteReport()
        if destination.path is not None and destination.path.suffix != self.suffix:
            return self._write_shards(documents, destination.directory(self.name), Vocab(), options, report)
        whole = docbin(documents, options, report)
        with destination.binary() as out:
            out.write(whole.to_bytes())
        if report.articles > SHARD_DOCS:
            report.notes.append(f"one .spacy file holds all {report.articles} articles in memory (spaCy's DocBin does): -o FOLDER writes shards of {SHARD_DOCS}")
        return report

    def _write_shards(self, documents: Iterable[ExportDocument], folder: Path, vocab: Any, options: WriteOptions, report: WriteReport) -> WriteReport:
        """A folder of DocBins of SHARD_DOCS articles each, so memory stays flat; `spacy train` reads the folder as one corpus."""
        docbin, shard = _docbin(), 0
        for doc in documents:
            docbin.add(to_doc(vocab, doc, options, report))
            report.articles += 1
            if len(docbin) == SHARD_DOCS:
                docbin.to_disk(folder / SHARD_NAME.format(shard))
                docbin, shard = _docbin(), shard + 1
                vocab = type(vocab)()  # a fresh string store a shard, or it would grow with the whole export
        if len(docbin) or not shard:
            docbin.to_disk(folder / SHARD_NAME.format(shard))
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        require("spacy", "spacy")
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab

        files = sorted(path.glob(f"*{self.suffix}")) if path.is_dir() else [path]
        number = 0
        for file in files:
            vocab = Vocab()
            where = f"{file.name} " if path.is_dir() else ""
            try:
                docbin = DocBin(store_user_data=True).from_bytes(file.read_bytes())
            except (ValueError, zlib.error, TypeError, KeyError) as error:
                yield LineError(file.name if path.is_dir() else "file", f"not a spaCy DocBin ({error})")
                continue
            for spacy_doc in docbin.get_docs(vocab):
                number += 1
                yield _imported(f"{where}doc {number}", spacy_doc)
            del docbin

    def sniff(self, sample: Sample) -> bool:
        if sample.is_dir:
            return bool(sample.names) and all(name.endswith(self.suffix) for name in sample.names)
        if sample.head[:1] != b"\x78":
            return False
        try:
            opened = zlib.decompressobj().decompress(sample.head[:4096])
        except zlib.error:
            return False
        return b"attrs" in opened[:200] or sample.path.suffix == ".spacy"
