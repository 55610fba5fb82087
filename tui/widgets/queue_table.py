"""The queue's table: a row-cursor DataTable where home/end go to the first/last loaded row."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class QueueTable(DataTable):
    """DataTable with row keys for home and end (the default scrolls sideways in row mode)."""

    HELP_SECTION = "Table"

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", tooltip="Last loaded row (loads the next page).", show=False),
    ]
