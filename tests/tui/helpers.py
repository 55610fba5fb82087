"""Throwaway databases with known articles, a bare host app for one screen, and helpers to drive them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen

from annotate.models import Source, Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import MACHINE, open_database, write_transaction

ANNOTATOR = "tester"

# Article 1: three suggested spans, page furniture before and after the article.
HEAD = "Trang chủ | Tin tức\n\n"
BODY = (
    "Phó Thủ tướng Trần Hồng Hà tiếp Thị trưởng thành phố Thượng Hải Cung Chính.\n"
    "Kim ngạch thương mại giữa Việt Nam và tỉnh Chiết Giang đạt 48,24 tỷ USD, tăng 21,1%.\n"
    "Đoàn công tác cũng làm việc với lãnh đạo TPHCM về 261 dự án."
)
TAIL = "\n\nTin bài liên quan\nĐọc thêm"
TEXT_1 = HEAD + BODY + TAIL


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


@dataclass
class Fixture:
    """A database file with known articles; ids and expected offsets for assertions."""

    path: Path
    ids: list[int] = field(default_factory=list)

    def db(self):
        return open_database(self.path)

    def spans(self, article_id: int, annotator: str = ANNOTATOR) -> list:
        db = self.db()
        try:
            return layers.layer(db, article_id, annotator)
        finally:
            db.close()

    def review_status(self, article_id: int, annotator: str = ANNOTATOR) -> str:
        db = self.db()
        try:
            return reviews.review_status(db, article_id, annotator)
        finally:
            db.close()

    def region(self, article_id: int) -> tuple[int, int]:
        db = self.db()
        try:
            return article_store.get_article(db, article_id).region
        finally:
            db.close()


def add_article(db, title: str, text: str, spans: list[Span], region: tuple[int, int] | None = None, furniture: list[tuple[int, int]] = (), source: str | None = None) -> int:
    """Insert one article and its machine layer (inside a transaction)."""
    with write_transaction(db):
        article_id = article_store.insert_article(db, {
            "source_key": source or f"{title}.txt", "source": source or f"{title[:20]}.txt", "path": None,
            "content_hash": article_store.content_hash(text), "text": text, "title": title,
            "region_start": region[0] if region else 0, "region_end": region[1] if region else len(text),
            "furniture": list(furniture),
        })
        layers.insert_spans(db, article_id, MACHINE, spans, "suggested")
    return article_id


def _why(rule: str, confidence: float, entry: str | None = None, tag: str | None = None) -> dict:
    """Span keyword arguments for a suggestion's provenance and confidence, as the pre-annotator records them."""
    sources = [Source("rule", rule)]
    if entry:
        sources.append(Source("gazetteer", "cn_places.yaml", entry))
    if tag:
        sources.append(Source("model", tag))
    return {"provenance": tuple(sources), "confidence": confidence}


def standard_spans() -> list[Span]:
    t = TEXT_1
    return [
        Span(*find(t, "Trần Hồng Hà"), "OFFICIAL", {"title": "Phó Thủ tướng", "side": "VN"}, **_why("title-before-name", 0.991, tag="B-PER")),
        Span(*find(t, "Thượng Hải"), "LOCALITY", {"country": "CN"}, **_why("place-in-title", 0.999, "cn-310000", "B-LOC")),
        Span(*find(t, "Cung Chính"), "OFFICIAL", {"title": "Thị trưởng thành phố Thượng Hải"}, **_why("title-before-name", 0.62)),
        Span(*find(t, "Chiết Giang"), "LOCALITY", {}, **_why("place-after-unit-word", 0.999, "cn-330000", "I-LOC")),
        Span(*find(t, "48,24 tỷ USD"), "FIGURE", {"value": 48240000000, "unit": "USD"}, **_why("figure-digits", 0.999)),
        Span(*find(t, "21,1%"), "FIGURE", {"value": 21.1, "unit": "%"}, **_why("figure-digits", 0.999)),
        Span(*find(t, "TPHCM"), "LOCALITY", {}, **_why("place-abbreviation", 0.999)),
    ]


def build_standard(path: Path) -> Fixture:
    """Three articles: the first with seven suggestions and furniture, two short ones."""
    db = open_database(path)
    fixture = Fixture(path)
    region = (len(HEAD), len(HEAD) + len(BODY))
    fixture.ids.append(add_article(db, "Thượng Hải và Chiết Giang thúc đẩy hợp tác", TEXT_1, standard_spans(), region, [find(TEXT_1, "Trang chủ | Tin tức")], "001_thuong_hai.txt"))
    text2 = "Đoàn đại biểu tỉnh Quảng Ninh thăm Nam Kinh, ký 15 thỏa thuận hợp tác."
    fixture.ids.append(add_article(db, "Quảng Ninh thăm Nam Kinh", text2, [
        Span(*find(text2, "Quảng Ninh"), "LOCALITY", {}, **_why("place-after-unit-word", 0.999)),
        Span(*find(text2, "Nam Kinh"), "LOCALITY", {}, **_why("place-bare-name", 0.97)),
        Span(*find(text2, "15 thỏa thuận"), "FIGURE", {}, **_why("figure-digits", 0.35)),
    ], source="002_quang_ninh.txt"))
    text3 = "Bộ trưởng Ngoại giao gặp Đại sứ Hùng Ba tại Hà Nội để bàn về hợp tác biên giới."
    fixture.ids.append(add_article(db, "Gặp Đại sứ Hùng Ba", text3, [Span(*find(text3, "Hùng Ba"), "OFFICIAL", {}, **_why("title-before-name", 0.9))], source="003_dai_su.txt"))
    db.close()
    return fixture


class Host(App[None]):
    """A bare app that shows one screen or modal and keeps what it was dismissed with (result)."""

    def __init__(self, screen: Screen):
        super().__init__()
        self.shown = screen
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.shown, callback=self._dismissed)

    def _dismissed(self, result: Any) -> None:
        self.result = result


UNSET = object()
"""Host.result before the screen was dismissed."""


async def wait_workers(app) -> None:
    """Await every worker; cancelled ones (overtaken by a newer keystroke) and failed ones (shown as notifications) count as done."""
    from textual.worker import WorkerCancelled, WorkerFailed

    # a modal's caller (group "modal") waits for the modal itself: not for us to await
    for worker in [w for w in app.workers if w.group != "modal"]:
        try:
            await worker.wait()
        except (WorkerCancelled, WorkerFailed):
            pass


async def settle(pilot) -> None:
    """Wait for every worker (decisions, loads) and the messages they posted, and the workers those started."""
    await pilot.pause()
    for _ in range(5):
        await wait_workers(pilot.app)
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers if w.group != "modal"):
            break


async def wait_for_matches(pilot, modal, query: str) -> None:
    """Wait until the suggestions modal shows the results for query (its lookups are debounced)."""
    for _ in range(100):
        await pilot.pause(0.05)
        await wait_workers(pilot.app)
        if modal._shown_query == query:
            return
    raise AssertionError(f"no results for {query!r}")


def text_of(fixture: Fixture, article_id: int, span) -> str:
    db = fixture.db()
    try:
        return article_store.get_article(db, article_id).text[span.start : span.end]
    finally:
        db.close()


def by_text(fixture: Fixture, article_id: int, needle: str, annotator: str = ANNOTATOR):
    """The annotator's spans whose text is needle (usually one)."""
    db = fixture.db()
    try:
        text = article_store.get_article(db, article_id).text
        return [s for s in layers.layer(db, article_id, annotator) if text[s.start : s.end] == needle]
    finally:
        db.close()


async def open_review(pilot, row: int = 0):
    """From the queue, open the row-th article and wait until it is shown."""
    await settle(pilot)
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]
