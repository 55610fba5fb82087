"""Data on screen: every string from a file or the database reaches a widget through here.

Plain `str` is markup to most of Textual and Rich (DataTable cells and column
labels, Static, Label, border titles, Select options, notify, the palette), so a
title `[/]` crashes the app and `[@click=app.quit]` runs an action. A `Text`
built here is never parsed; its characters went through annotate.text.visible,
so control characters and bidi overrides show as placeholders, never reach
the terminal.
"""
from __future__ import annotations

from rich.style import Style
from rich.text import Text

from annotate.text.visible import visible


def safe_text(value: object, style: str | Style = "", *, multiline: bool = False) -> Text:
    """value as literal Text with visible placeholders (newlines kept only if multiline)."""
    return Text(visible(str(value), multiline=multiline), style=style, end="")


def safe_plain(value: object, *, multiline: bool = False) -> str:
    """value as a plain string with visible placeholders, for APIs told markup=False (notify)."""
    return visible(str(value), multiline=multiline)


def safe_line(value: object, width: int, style: str | Style = "") -> Text:
    """One line of at most width characters as literal Text: whitespace runs as one space, placeholders visible, … when cut.

    The placeholders go in before the whitespace is folded, so U+001C–U+001F and U+0085
    (whitespace to str.split) are shown, not folded away.
    """
    line = " ".join(visible(str(value)).split())
    if len(line) > width:
        line = line[: max(0, width - 1)] + "…"
    return Text(line, style=style, end="")
