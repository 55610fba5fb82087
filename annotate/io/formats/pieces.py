"""`--max-tokens N`: sentences longer than a transformer's window are cut into pieces, never inside a span.

A model with a 512-piece window truncates a longer sequence and silently
loses the labels at its end, and our sentences are sometimes whole
paragraphs. Each sentence of more than N tokens is cut into pieces of at most
N: at the last punctuation mark (comma, semicolon, colon, dash, bracket) in
the second half of the window, else at the last token boundary that no span
crosses. A span longer than N tokens cannot fit any piece: its piece is
written longer than N, and a note names it. N counts our tokens (syllables);
subword tokenisers make more pieces of them, so leave room.
"""
from __future__ import annotations

from annotate.io.formats.align import AlignedDocument
from annotate.io.formats.base import WriteReport

CUT_AFTER = frozenset(",;:-–—)]}…")


def _allowed_cuts(aligned: AlignedDocument, first: int, last: int) -> list[bool]:
    """allowed[p - first] is True when a cut before token p (first < p < last) splits no span."""
    allowed = [True] * (last - first)
    allowed[0] = False
    for token_span in aligned.spans:
        for inside in range(max(token_span.first + 1, first + 1), min(token_span.last, last)):
            allowed[inside - first] = False
    return allowed


def _cut(aligned: AlignedDocument, first: int, last: int, max_tokens: int) -> tuple[list[tuple[int, int]], int]:
    """Pieces of the sentence first..last, and the length of the longest piece a span forced over the limit (0 if none)."""
    grid = aligned.grid
    allowed = _allowed_cuts(aligned, first, last)
    pieces, start, forced = [], first, 0
    while last - start > max_tokens:
        window = range(start + max_tokens, start, -1)
        cuts = [p for p in window if allowed[p - first]]
        punctuated = [p for p in cuts if p - start >= max_tokens // 2 and grid.token(p - 1) in CUT_AFTER]
        if punctuated or cuts:
            cut = (punctuated or cuts)[0]
        else:
            later = [p for p in range(start + max_tokens + 1, last) if allowed[p - first]]
            if not later:
                break
            cut = later[0]
            forced = max(forced, cut - start)
        pieces.append((start, cut))
        start = cut
    if last - start > max_tokens:
        forced = max(forced, last - start)
    pieces.append((start, last))
    return pieces, forced


def cut_long_sentences(aligned: AlignedDocument, max_tokens: int | None, report: WriteReport) -> None:
    """Make every written sentence of the document at most max_tokens long (None: leave them as they are)."""
    if max_tokens is None:
        return
    sentences: list[tuple[int, int]] = []
    for first, last in aligned.grid.sentences:
        if last - first <= max_tokens:
            sentences.append((first, last))
            continue
        pieces, forced = _cut(aligned, first, last, max_tokens)
        report.long_sentences += 1
        report.pieces += len(pieces)
        if forced:
            article = aligned.document.article
            start, end = aligned.grid.starts[first], aligned.grid.ends[last - 1]
            report.notes.append(
                f"article {article.id} ({article.source}) {start}-{end}: a span is longer than --max-tokens {max_tokens}, "
                f"so its piece has {forced} tokens"
            )
        sentences += pieces
    aligned.grid.sentences = sentences
