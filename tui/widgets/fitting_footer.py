"""A footer that keeps every key on screen at 80 columns: compact, and without the palette hint, when narrow.

Textual's footer cuts the last keys (often esc, ? and q) when the terminal is
narrower than the keys need. Below `narrow` columns this one drops the margins
between keys and the "^p palette" hint (ctrl+p still opens it, F1 lists every
key), which is what makes the queue, agreement and adjudication footers fit
at 80x24.
"""
from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

NARROW = 110
"""Below this width the footer is compact and leaves out the palette hint."""


class FittingFooter(Footer):
    """Footer that goes compact below `narrow` columns."""

    def __init__(self, narrow: int = NARROW, **kwargs):
        super().__init__(**kwargs)
        self.narrow = narrow

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < self.narrow
        if self.compact != narrow:
            self.compact = narrow
            self.show_command_palette = not narrow
