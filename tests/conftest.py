"""Shared fixtures: throwaway real SQLite databases with known articles."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotate.models import Span
from annotate.store import articles as article_store
from annotate.store import layers
from annotate.store.database import MACHINE, open_database, write_transaction

from tests.paths import SAMPLES  # noqa: F401  (tests import it from here)

SHORT_TEXT = (
    "Ngày 5/3, Bí thư Tỉnh ủy Lạng Sơn Hoàng Văn Nghiệm tiếp Phó Chủ tịch Khu tự trị "
    "dân tộc Choang Quảng Tây Vi Triều Huy tại thành phố Nam Ninh. Kim ngạch đạt 12,5 tỷ USD."
)


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of needle (tests stay readable)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def short_spans(text: str = SHORT_TEXT) -> list[Span]:
    return [
        Span(*find(text, "Lạng Sơn"), "LOCALITY", {"country": "VN", "canonical": "Lạng Sơn", "level": "province"}, "gazetteer"),
        Span(*find(text, "Hoàng Văn Nghiệm"), "OFFICIAL", {"title": "Bí thư Tỉnh ủy Lạng Sơn", "side": "VN"}, "rule"),
        Span(*find(text, "Quảng Tây"), "LOCALITY", {"country": "CN", "canonical": "Quảng Tây", "level": "province"}, "gazetteer"),
        Span(*find(text, "Vi Triều Huy"), "OFFICIAL", {"title": "Phó Chủ tịch Khu tự trị dân tộc Choang Quảng Tây", "side": "CN"}, "rule"),
        Span(*find(text, "Nam Ninh"), "LOCALITY", {"country": "CN", "canonical": "Nam Ninh", "level": "city"}, "gazetteer"),
        Span(*find(text, "12,5 tỷ USD"), "FIGURE", {"value": 12500000000, "unit": "USD"}, "rule"),
    ]


def add_article(db_path: Path, text: str = SHORT_TEXT, spans: list[Span] | None = None, source: str = "short.txt") -> int:
    """Store one article with machine suggestions, without running the model."""
    db = open_database(db_path)
    try:
        with write_transaction(db):
            article_id = article_store.insert_article(
                db,
                {
                    "source_key": source,
                    "source": source,
                    "content_hash": article_store.content_hash(text),
                    "text": text,
                    "title": text.split(".")[0][:60],
                    "region_start": 0,
                    "region_end": len(text),
                    "furniture": [],
                },
            )
            layers.insert_spans(db, article_id, MACHINE, short_spans(text) if spans is None else spans, "suggested")
        return article_id
    finally:
        db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db" / "test.db"


@pytest.fixture
def article(db_path: Path) -> int:
    return add_article(db_path)


@pytest.fixture(scope="session", autouse=True)
def private_gazetteer_cache(tmp_path_factory: pytest.TempPathFactory):
    """The compiled-gazetteer cache of this test run lives in its own temporary folder, never the user's."""
    import os

    saved = os.environ.get("ANNOTATE_CACHE_DIR")
    os.environ["ANNOTATE_CACHE_DIR"] = str(tmp_path_factory.mktemp("gazetteer-cache"))
    yield
    if saved is None:
        os.environ.pop("ANNOTATE_CACHE_DIR", None)
    else:
        os.environ["ANNOTATE_CACHE_DIR"] = saved
