"""annotate.text.visible: every hidden character becomes a placeholder; nothing else changes."""
from __future__ import annotations

import os
import unicodedata

import pytest

from annotate.text.visible import BIDI_CONTROLS, COMPACT_MARK, for_stream, has_hidden, same_length, visible

HIDDEN = [*range(0x20), 0x7F, *range(0x80, 0xA0), *BIDI_CONTROLS, 0x2028, 0x2029]


def test_plain_vietnamese_and_markup_brackets_are_left_alone():
    text = "Bí thư Tỉnh ủy Lạng Sơn [/] [@click=app.quit]Q[/] 48,24 tỷ USD – “Thượng Hải” 中国"
    assert visible(text) == text
    assert same_length(text) == text
    assert not has_hidden(text)


def test_the_issue_title_shows_its_escapes():
    assert visible("\x1b[2J\x1b]0;PWN\x07") == "␛[2J␛]0;PWN␇"


@pytest.mark.parametrize("code", HIDDEN)
def test_every_control_and_bidi_character_is_replaced(code):
    text = f"a{chr(code)}b"
    for shown in (visible(text), same_length(text, multiline=False)):
        assert not has_hidden(shown), (hex(code), shown)
    for shown in (visible(text, multiline=True), same_length(text)):
        assert not has_hidden(shown.replace("\n", "")), (hex(code), shown)
        assert ("\n" in shown) == (code == 0x0A)
    for shown in (visible(text), visible(text, multiline=True), same_length(text)):
        assert shown[0] == "a" and shown[-1] == "b"
        assert all(unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in shown if c != "\n")


@pytest.mark.parametrize("code, shown", [(0x00, "␀"), (0x1B, "␛"), (0x07, "␇"), (0x0D, "␍"), (0x08, "␈"), (0x7F, "␡"),
                                         (0x9B, "⟨U+009B⟩"), (0x85, "⟨U+0085⟩"), (0x202E, "⟨U+202E⟩"), (0x2066, "⟨U+2066⟩"),
                                         (0x200F, "⟨U+200F⟩"), (0x2028, "⟨U+2028⟩")])
def test_placeholders_name_the_character(code, shown):
    assert visible(chr(code)) == shown


def test_newlines_and_tabs_per_context():
    assert visible("a\nb\tc") == "a b c"
    assert visible("a\nb\tc", multiline=True) == "a\nb c"
    assert same_length("a\nb\tc") == "a\nb c"
    assert same_length("a\nb", multiline=False) == "a␊b"


def test_same_length_keeps_every_offset():
    text = "Nam\u202eNinh\x1b[2J tỷ\x9b USD\x00\r\n[/]\u2069."
    shown = same_length(text)
    assert len(shown) == len(text)
    for offset, (before, after) in enumerate(zip(text, shown)):
        if has_hidden(before) and before != "\n":
            assert after in (COMPACT_MARK, " ") or 0x2400 <= ord(after) <= 0x2421, offset
        else:
            assert after == before, offset


def test_lone_surrogates_cannot_reach_an_encoder():
    assert visible("a\ud800b") == "a⟨U+D800⟩b"
    visible("a\udfffb").encode("utf-8")


def test_stored_text_is_a_different_object_only_when_something_changed():
    text = "Hà Nội"
    assert visible(text) is text
    assert same_length(text) is text


def test_for_stream_only_changes_terminal_output(tmp_path):
    master, slave = os.openpty()
    try:
        with open(slave, "w", closefd=False) as terminal:
            assert for_stream("a\x1bb\nc", terminal) == "a␛b\nc"
    finally:
        os.close(master)
        os.close(slave)
    with open(tmp_path / "out.txt", "w") as file:
        assert for_stream("a\x1bb\nc", file) == "a\x1bb\nc"
    assert for_stream("a\x1bb", object()) == "a\x1bb"
