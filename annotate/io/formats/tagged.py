"""Documents that come as tagged tokens (CoNLL, a token dataset): a text rebuilt from them, spans from the tags.

The rebuilt text joins tokens with a space and sentences with a line end; the
token offsets into it let the importer find the stored article with the same
tokens and move the spans onto its real text. Tags may be IOB1, IOB2 or
BIOES (also BILOU's L- and U-).
"""
from __future__ import annotations

from annotate.io.formats.base import ImportedDocument, ImportedSpan


def rebuilt_document(where: str, sentences: list[list[tuple[str, str]]]) -> ImportedDocument:
    """Rebuilt text, token offsets into it, and the spans the tags describe."""
    text_parts, offsets, tags = [], [], []
    cursor = 0
    for number, sentence in enumerate(sentences):
        if number:
            text_parts.append("\n")
            cursor += 1
        for index, (token, tag) in enumerate(sentence):
            if index:
                text_parts.append(" ")
                cursor += 1
            offsets.append((cursor, cursor + len(token)))
            text_parts.append(token)
            cursor += len(token)
            tags.append((tag, index == 0))
    doc = ImportedDocument(where, "".join(text_parts), token_offsets=offsets)
    doc.spans = tag_spans(tags, offsets, doc)
    return doc


def tag_spans(tags: list[tuple[str, bool]], offsets: list[tuple[int, int]], doc: ImportedDocument) -> list[ImportedSpan]:
    """Spans from IOB1/IOB2/BIOES tags; an I- that continues nothing starts a span, with a warning."""
    spans: list[ImportedSpan] = []
    open_label, open_start, previous_end = None, 0, 0
    for (tag, sentence_start), (start, end) in zip(tags, offsets):
        prefix, _, label = tag.partition("-")
        continues = open_label == label and not sentence_start and prefix in ("I", "E", "L")
        if open_label is not None and not continues:
            spans.append(ImportedSpan(open_start, previous_end, open_label))
            open_label = None
        if prefix == "O":
            previous_end = end
            continue
        if open_label is None:
            if prefix in ("I", "E", "L"):
                doc.warnings.append(f"{doc.where}: tag {tag} at token {start}-{end} continues no span: read as the start of one")
            open_label, open_start = label, start
        previous_end = end
        if prefix in ("E", "L", "S", "U"):
            spans.append(ImportedSpan(open_start, end, label))
            open_label = None
    if open_label is not None:
        spans.append(ImportedSpan(open_start, previous_end, open_label))
    return spans
