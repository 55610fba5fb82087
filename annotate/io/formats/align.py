"""Put spans on token boundaries, or say why one cannot go: the `--align` policy.

strict (the default) writes a span only when it starts and ends on token
boundaries, lies wholly in written tokens and within one sentence; anything
else is left out and reported. expand widens a span to the tokens it touches
and joins the sentences it crosses; contract narrows it to the whole tokens
inside it, the written part, the longest piece within one sentence. Both
report every span they moved, so nothing changes silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from annotate.io.formats.base import ExportDocument, WriteReport
from annotate.io.formats.tokens import TokenGrid
from annotate.models import SpanRecord


JOINED = "sentences joined to keep it whole"


@dataclass
class TokenSpan:
    """A span as token indexes [first, last) into its grid."""

    first: int
    last: int
    span: SpanRecord


@dataclass
class AlignedDocument:
    """What a token format writes for one article: its grid (sentences possibly joined) and its token spans."""

    document: ExportDocument
    grid: TokenGrid
    spans: list[TokenSpan] = field(default_factory=list)

    def tags(self) -> list[str]:
        """A strict IOB2 tag for every token of the grid."""
        tags = ["O"] * len(self.grid)
        for token_span in self.spans:
            tags[token_span.first] = f"B-{token_span.span.label}"
            for index in range(token_span.first + 1, token_span.last):
                tags[index] = f"I-{token_span.span.label}"
        return tags


def _quote(grid: TokenGrid, index: int) -> str:
    return repr(grid.token(index))


def _boundaries(grid: TokenGrid, span: SpanRecord, policy: str) -> tuple[int, int, str | None] | str:
    """Token range for the span's edges under the policy; a string is why it cannot be written."""
    first, last = grid.overlapping(span.start, span.end)
    if first >= last:
        return "covers no token"
    clean_start = grid.starts[first] == span.start
    clean_end = grid.ends[last - 1] == span.end
    if clean_start and clean_end:
        return first, last, None
    where = _quote(grid, first) if not clean_start else _quote(grid, last - 1)
    if policy == "strict":
        return f"not on token boundaries (cuts the token {where}; --align expand or contract moves it)"
    if policy == "expand":
        return first, last, f"widened to token boundaries ({grid.starts[first]}-{grid.ends[last - 1]})"
    first += 0 if grid.starts[first] >= span.start else 1
    last -= 0 if grid.ends[last - 1] <= span.end else 1
    if first >= last:
        return "holds no whole token (--align expand widens it)"
    return first, last, f"narrowed to whole tokens ({grid.starts[first]}-{grid.ends[last - 1]})"


def _longest_run(indexes: list[int], key: list[int]) -> tuple[int, int]:
    """The longest run of consecutive indexes sharing one key value (first of equals), as [first, last)."""
    runs, run = [], [indexes[0]]
    for index in indexes[1:]:
        if index == run[-1] + 1 and key[index] == key[run[-1]]:
            run.append(index)
        else:
            runs.append(run)
            run = [index]
    runs.append(run)
    best = max(runs, key=len)
    return best[0], best[-1] + 1


def _inside(grid: TokenGrid, owner: list[int], first: int, last: int, policy: str) -> tuple[int, int, str | None] | str:
    """Keep the range inside written tokens and one sentence, as the policy allows."""
    indexes = list(range(first, last))
    written = [i for i in indexes if grid.written[i]]
    note = None
    if not written:
        return "outside the article region (page furniture or outside the boundary)"
    if len(written) < len(indexes):
        if policy != "contract":
            return "partly outside the article region (--align contract keeps the part inside)"
        first, last = _longest_run(written, [0] * len(grid))
        note = f"narrowed to the part inside the article ({grid.starts[first]}-{grid.ends[last - 1]})"
    if owner[first] != owner[last - 1]:
        if policy == "strict":
            return f"crosses a sentence break after {_quote(grid, first)} (--align expand joins the sentences)"
        if policy == "contract":
            first, last = _longest_run(list(range(first, last)), owner)
            note = f"narrowed to one sentence ({grid.starts[first]}-{grid.ends[last - 1]})"
        else:
            note = JOINED
    return first, last, note


def _join(grid: TokenGrid, first: int, last: int) -> None:
    """Make the sentences holding tokens first..last-1 one sentence."""
    apart = [s for s in grid.sentences if s[1] <= first or s[0] >= last]
    touched = [s for s in grid.sentences if not (s[1] <= first or s[0] >= last)]
    grid.sentences = sorted(apart + [(touched[0][0], touched[-1][1])])


def align(document: ExportDocument, grid: TokenGrid, policy: str, report: WriteReport) -> AlignedDocument:
    """Token spans for a document's spans; every span left out or moved goes into the report."""
    aligned = AlignedDocument(document, grid)
    owner = grid.sentence_of()
    for span in document.spans:
        edges = _boundaries(grid, span, policy)
        if isinstance(edges, str):
            report.skip(document, span, edges)
            continue
        inside = _inside(grid, owner, edges[0], edges[1], policy)
        if isinstance(inside, str):
            report.skip(document, span, inside)
            continue
        first, last, note = inside
        if aligned.spans and first < aligned.spans[-1].last:
            before = aligned.spans[-1].span
            report.skip(document, span, f"would overlap {before.start}-{before.end} {before.label} on token boundaries")
            continue
        if note == JOINED:
            _join(grid, first, last)
            owner = grid.sentence_of()
        for reason in (edges[2], note):
            if reason:
                report.adjust(document, span, reason)
        aligned.spans.append(TokenSpan(first, last, span))
    return aligned
