"""Word-wrap a text into visual lines given as character offsets, so a span maps to lines by bisect."""
from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")


def _hard_split(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut text[start:end] (one over-long word) into pieces of at most width cells."""
    pieces = []
    piece_start, used = start, 0
    for offset in range(start, end):
        cells = cell_len(text[offset])
        if used and used + cells > width:
            pieces.append((piece_start, offset))
            piece_start, used = offset, 0
        used += cells
    pieces.append((piece_start, end))
    return pieces


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of every visual line; end excludes the newline, trailing spaces stay on the line."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    para_start = 0
    for para in text.split("\n"):
        para_end = para_start + len(para)
        if para_start == para_end:
            lines.append((para_start, para_start))
        else:
            line_start, used = para_start, 0
            for match in _TOKEN.finditer(para):
                token_start = para_start + match.start()
                token = match.group()
                word = token.rstrip()
                word_cells = cell_len(word)
                if used and used + word_cells > width:
                    lines.append((line_start, token_start))
                    line_start, used = token_start, 0
                if word_cells > width:
                    pieces = _hard_split(text, token_start, token_start + len(word), width)
                    lines.extend(pieces[:-1])
                    line_start = pieces[-1][0]
                    used = cell_len(text[line_start : token_start + len(token)])
                else:
                    used += cell_len(token)
            lines.append((line_start, para_end))
        para_start = para_end + 1
    return lines
