"""Where the review cursor and a new span's selection go when a key moves them, a word at a time.

Pure functions over annotate.text.words.WordGrid, so the rules (selections
stay on word boundaries, a span is skipped as one word) read and test
without a screen.
"""
from __future__ import annotations

import bisect

from annotate.models import SpanRecord
from annotate.text.words import WordGrid


def move_selection_edge(grid: WordGrid, selection: tuple[int, int], edge: str) -> tuple[int, int]:
    """The selection with one edge moved a word: start_left, start_right, end_left or end_right."""
    start, end = selection
    if edge == "start_left":
        return grid.start_left(start), end
    if edge == "start_right":
        return grid.start_right(start, end), end
    if edge == "end_left":
        return start, grid.end_left(start, end)
    if edge == "end_right":
        return start, grid.end_right(end)
    raise KeyError(edge)


def stretch_selection(grid: WordGrid, selection: tuple[int, int], direction: str) -> tuple[int, int] | None:
    """right: take in the next word; left: let go of the last one, or take in the previous one when one word is left.

    None for directions that do not change a selection (up, down, pages).
    """
    start, end = selection
    if direction == "right":
        return start, grid.end_right(end)
    if direction == "left":
        shrunk = grid.end_left(start, end)
        return (start, shrunk) if shrunk != end else (grid.start_left(start), end)
    return None


def next_word_start(grid: WordGrid, cursor: int, span: SpanRecord | None, direction: str) -> int:
    """The start of the word right or left of the cursor; the current span counts as one word."""
    if direction == "right":
        index = bisect.bisect_left(grid.starts, span.end if span else cursor + 1)
    else:
        index = bisect.bisect_left(grid.starts, span.start if span else cursor) - 1
    return grid.starts[max(0, min(len(grid.starts) - 1, index))]
