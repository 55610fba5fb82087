"""The queue's table: a row-cursor DataTable whose columns always fit the terminal.

Widths are worked out from the screen width, so at 80 columns every column is
still on screen (the title and the file name share what the fixed columns
leave, the file name never more than a third of it), and nothing scrolls
sideways. home and end go to the first and last article of the whole queue,
not only of the rows read so far (the screen reads the pages they need).
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.widgets import DataTable

CELL_PADDING = 1
"""Blank columns on each side of every cell (DataTable's cell_padding)."""
CHROME = 4
"""Columns the table cannot use: its margin (1 each side) and the vertical scrollbar (2)."""
NARROW = 100
"""Below this width the Chars column goes: the counts matter more than the length."""
WIDE_WITH = 120
"""From this width the With column shows 14 characters of names, below it 8."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    numeric: bool = False


def queue_columns(screen_width: int, id_digits: int, with_others: bool = False) -> list[Column]:
    """The queue's columns for this screen width, adding up to what fits (title at least 8 wide).

    with_others: another session is live, so the With column (who else has the
    article open) is there; alone, its columns go to the title and file name.
    """
    fixed = [
        Column("id", "#", max(1, id_digits), True),
        Column("status", "Status", len("in progress")),
        *([Column("with", "With", 14 if screen_width >= WIDE_WITH else 8)] if with_others else []),
        Column("lowest", "Low", 5, True),
        Column("suggested", "Sugg", 4, True),
        Column("accepted", "Acc", 4, True),
        Column("rejected", "Rej", 4, True),
    ]
    if screen_width >= NARROW:
        fixed.append(Column("length", "Chars", 7, True))
    used = sum(c.width for c in fixed) + 2 * CELL_PADDING * (len(fixed) + 2) + CHROME
    flexible = max(16, screen_width - used)
    source = max(8, min(24, flexible // 3))
    title = flexible - source
    return [fixed[0], Column("title", "Title", title), Column("source", "Source", source), *fixed[1:]]


class QueueTable(DataTable):
    """DataTable with row keys for the whole queue: home and end, and the page keys of a row cursor."""

    HELP_SECTION = "Table"

    BINDINGS = [
        Binding("home,ctrl+home", "screen.first_row", "First article", tooltip="The first article of the queue (reads it if needed).", show=False),
        Binding("end,ctrl+end", "screen.last_row", "Last article", tooltip="The last article of the queue (reads the last page, not every page).", show=False),
    ]
