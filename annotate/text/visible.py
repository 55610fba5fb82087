"""Data strings made safe to show: control characters and bidi controls become visible placeholders.

Titles, sources, names, span texts and attribute values come from files other
people wrote. Written to a terminal as they are, ESC sequences clear the screen
or retitle the window, C1 codes (U+0080–U+009F) act as 8-bit escapes on some
terminals, CR and BS overwrite what was shown, and bidi overrides reorder the
characters around them. Shown here they become placeholders instead:

| character | placeholder |
| :- | :- |
| C0 (U+0000–U+001F), DEL | its Control Picture: ␀ … ␛ … ␟, ␡ |
| C1, bidi controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), U+2028/9, lone surrogates | ⟨U+202E⟩ |
| newline, tab | a space on one line; a kept newline in multi-line output |

`same_length` is the form for text whose offsets must keep their meaning (the
article body under the reviewer's cursor): one placeholder per code point,
the Control Picture or �. Only what is shown changes; stored text never does.
"""
from __future__ import annotations

import re

BIDI_CONTROLS = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates."""
SEPARATORS = (0x2028, 0x2029)
"""Line and paragraph separator: line breaks to some renderers, invisible to others."""
COMPACT_MARK = "\ufffd"
"""The one-cell placeholder of a hidden character without a Control Picture (same_length)."""


def _picture(code: int) -> str:
    return chr(0x2421) if code == 0x7F else chr(0x2400 + code)


def _hidden_codes() -> list[int]:
    return [*range(0x20), 0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS, *SEPARATORS, *range(0xD800, 0xE000)]


def _long_form(code: int) -> str:
    return _picture(code) if code < 0x20 or code == 0x7F else f"⟨U+{code:04X}⟩"


def _same_length_form(code: int) -> str:
    return _picture(code) if code < 0x20 or code == 0x7F else COMPACT_MARK


_ONE_LINE = {code: _long_form(code) for code in _hidden_codes()} | {0x0A: " ", 0x09: " "}
_MULTI_LINE = _ONE_LINE | {0x0A: "\n"}
_SAME_LENGTH_ONE_LINE = {code: _same_length_form(code) for code in _hidden_codes()} | {0x09: " "}
_SAME_LENGTH = _SAME_LENGTH_ONE_LINE | {0x0A: "\n"}
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def has_hidden(text: str) -> bool:
    """Whether text holds a character that visible() would replace (a newline or tab counts)."""
    return _HIDDEN.search(text) is not None


def visible(text: str, *, multiline: bool = False) -> str:
    """text with every control and bidi character shown as a placeholder (newlines kept if multiline)."""
    if not has_hidden(text):
        return text
    return text.translate(_MULTI_LINE if multiline else _ONE_LINE)


def same_length(text: str, *, multiline: bool = True) -> str:
    """One placeholder character per hidden code point, so an offset into text indexes the result too.

    Newlines stay line breaks when multiline (the article body), else show as ␊ (a one-line field).
    """
    if not has_hidden(text):
        return text
    return text.translate(_SAME_LENGTH if multiline else _SAME_LENGTH_ONE_LINE)


def for_stream(text: str, stream: object) -> str:
    """Human-readable output: placeholders when stream is a terminal, the exact text otherwise (files, pipes)."""
    isatty = getattr(stream, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except (OSError, ValueError):
        terminal = False
    return visible(text, multiline=True) if terminal else text
