"""The article region minus its page furniture: the only text anyone annotates or scores.

Furniture ranges may overlap each other or stick out of the region; they are
clipped to it first, so every caller (pre-annotator, evaluation, benchmarks)
cuts the same pieces.
"""
from __future__ import annotations

from typing import Iterable

Range = tuple[int, int]


def article_segments(region: Range, furniture: Iterable[Range]) -> list[Range]:
    """The region minus the furniture ranges, as ordered (start, end) pieces."""
    start, end = region
    cuts = sorted((max(start, s), min(end, e)) for s, e in furniture if e > start and s < end)
    pieces: list[Range] = []
    cursor = start
    for s, e in cuts:
        if s > cursor:
            pieces.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces
