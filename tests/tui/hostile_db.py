"""A database whose every displayed string is hostile: Rich/Textual markup, terminal escapes, C1, bidi, NUL.

What a hostile tester stored (issue 10, items 1 and 2): titles, sources, annotator
names, span texts, attribute values and gazetteer names holding `[/]` (a markup
error), `[@click=app.quit]` (an action), `[link=…]` and `[bold red]` (styling),
ESC sequences that clear the screen and retitle the terminal, C1 codes (8-bit CSI
and OSC), CR/BS that overwrite, bidi overrides and NUL. None of it may act on the
app or the terminal; all of it must be shown as placeholders or literal brackets.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from annotate.models import Span
from annotate.store import gazetteer as gazetteer_store
from annotate.store import layers, reviews
from annotate.store.database import open_database, write_transaction
from annotate.text.visible import has_hidden
from tests.tui.helpers import ANNOTATOR, add_article

MARKUP = "[/][@click=app.quit]Q[/][link=file:///etc/passwd]pw[/link][bold red]red"
ESCAPES = "\x1b[2J\x1b]0;PWN\x07\x1b[31m"
C1 = "\x9b2J\x9d0;PWN\x9c\x85"
OVERWRITE = "\rX\bY"
BIDI = "\u202egnp.exe\u202c\u2066i\u2069"
NUL = "\x00"
HOSTILE = MARKUP + ESCAPES + C1 + OVERWRITE + BIDI + NUL
"""Every payload in one string: what titles, sources and attribute values hold."""

HOSTILE_ANNOTATOR = "[@click=app.quit]lan[/]\x1b]0;PWN\x07\x1b[1m\u202e"
"""A second annotator (agreement, adjudication) named to attack."""
PLAIN_ANNOTATOR = "minh"

OFFICIAL_TEXT = "Hoàng[@click=app.quit]Q[/]Văn"
PLACE_TEXT = "Nam\u202eNinh\x1b[2J"
FIGURE_TEXT = "12\x9b2J tỷ USD"
BODY = (
    "[/] Bí thư Tỉnh ủy Lạng Sơn " + OFFICIAL_TEXT + " tiếp đoàn tại thành phố " + PLACE_TEXT + ".\n"
    "Kim ngạch đạt " + FIGURE_TEXT + "," + ESCAPES + " tăng " + NUL + "mạnh " + BIDI + ".\n"
    "Dòng cuối [link=file:///etc/passwd]đọc thêm[/link]" + OVERWRITE + "."
)
QUIT_TITLE = "[/]"
"""The title that crashed the app on start for everyone on the database."""
TITLE = "Tít " + ESCAPES + C1 + BIDI + NUL + MARKUP + OVERWRITE
"""The hostile article's title: escapes first, so that the queue's clipped cell shows them too."""
CLICK_TITLE = "[@click=app.quit]Q[/]"
"""The title whose cell quit the app when clicked."""


def phrase(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def hostile_spans() -> list[Span]:
    """Spans over the hostile phrases, with hostile attribute values."""
    return [
        Span(*phrase(BODY, OFFICIAL_TEXT), "OFFICIAL", {"title": HOSTILE, "side": "VN"}),
        Span(*phrase(BODY, PLACE_TEXT), "LOCALITY", {"country": "CN", "canonical": HOSTILE, "level": "city\x1b[2J"}),
        Span(*phrase(BODY, FIGURE_TEXT), "FIGURE", {"value": 12, "unit": HOSTILE}),
    ]


@dataclass
class HostileFixture:
    path: Path
    hostile_id: int
    """Title, source, body, spans and attributes all hostile."""
    quit_id: int
    """Titled `[/]`, the one-character crash."""
    click_id: int
    """Titled `[@click=app.quit]Q[/]`."""


def build_hostile(path: Path) -> HostileFixture:
    """Two articles, a finished layer each for a hostile and a plain annotator, a hostile user gazetteer entry."""
    db = open_database(path)
    try:
        quit_id = add_article(db, QUIT_TITLE, "Đoàn Quảng Ninh thăm Nam Ninh.", [], source=HOSTILE + ".txt")
        hostile_id = add_article(db, TITLE, BODY, hostile_spans(), source="src" + HOSTILE + ".txt")
        click_id = add_article(db, CLICK_TITLE, "Bí thư Quảng Ninh gặp đoàn Nam Ninh.", [], source=CLICK_TITLE)
        spans = hostile_spans()
        with write_transaction(db):
            layers.insert_spans(db, hostile_id, HOSTILE_ANNOTATOR, spans, "accepted")
            layers.insert_spans(db, hostile_id, PLAIN_ANNOTATOR, spans[:1] + [Span(*phrase(BODY, "Lạng Sơn"), "LOCALITY", {"canonical": HOSTILE})], "accepted")
            for name in (HOSTILE_ANNOTATOR, PLAIN_ANNOTATOR):
                reviews.set_review(db, hostile_id, name, status="done", opened=1)
        gazetteer_store.add_place(db, PLACE_TEXT, HOSTILE, "CN", "city", HOSTILE, HOSTILE_ANNOTATOR)
    finally:
        db.close()
    return HostileFixture(path, hostile_id, quit_id, click_id)


def screen_text(app) -> str:
    """Every character the app would write to the terminal for the current screen (modals over their background).

    The same composition App.export_screenshot makes, as plain text: a control
    character in it would have reached the terminal.
    """
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def assert_displayed_safely(app) -> str:
    """The screen holds no control or bidi character (newlines aside); returns its text for more checks."""
    text = screen_text(app)
    hidden = sorted({f"U+{ord(c):04X}" for c in text if c != "\n" and has_hidden(c)})
    assert not hidden, f"reached the terminal: {hidden}"
    return text


def snapshot_of(path: Path) -> dict:
    """Every table's rows, to prove that nothing a hostile string could trigger wrote to the database."""
    db = open_database(path)
    try:
        return {table: list(db.query(f"SELECT * FROM [{table}]")) for table in db.table_names() if not table.startswith("sqlite_")}
    finally:
        db.close()


__all__ = ["ANNOTATOR", "HOSTILE", "HostileFixture", "assert_displayed_safely", "build_hostile", "screen_text", "snapshot_of"]
