"""An Input for data: its value is edited exactly, but shown with control characters as placeholders.

Textual's Input writes its value to the terminal as it is, so an attribute value
or a mention holding `ESC ]0;…BEL` retitles the terminal the moment the form
opens. SafeInput draws annotate.text.visible.same_length(value) instead: one
placeholder per hidden character, so the cursor, the selection and mouse clicks
still land on the character they point at, and what is saved is the value,
untouched unless the reviewer edits it.
"""
from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.widgets import Input

from annotate.text.visible import same_length


class SafeInput(Input):
    """Input whose rendering (not its value) replaces control and bidi characters with visible placeholders."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(same_length(self.value, multiline=False), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        return cell_len(same_length(self.value[:position], multiline=False))

    def _cell_offset_to_index(self, offset: int) -> int:
        scroll_x, _ = self.scroll_offset
        offset += scroll_x
        cell_offset = 0
        for index, char in enumerate(same_length(self.value, multiline=False)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))
