"""Long articles split into chunks across the pool: the same spans as an unsplit run, with per-article progress."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.io import chunks
from annotate.io.export import export_string
from annotate.io.ingest import ingest
from annotate.preannotate.pipeline import Preannotator
from annotate.store.database import open_database
from annotate.text.readers import RawArticle, read_articles
from tests.paths import DATA

REAL_DEV = DATA / "real" / "dev"


def real_long_text(chars: int) -> str:
    """Real news pages (with their menus and captions) back to back until the text is long enough."""
    pages = [item.text for path in sorted(REAL_DEV.glob("*.txt")) for item in read_articles(path) if isinstance(item, RawArticle)]
    text, number = "", 0
    while len(text) < chars:
        text += pages[number % len(pages)] + "\n"
        number += 1
    return text


def as_tuples(spans) -> list[tuple]:
    return [(s.start, s.end, s.label, json.dumps(s.attrs, ensure_ascii=False, sort_keys=True), s.origin) for s in spans]


@pytest.fixture(scope="module")
def preannotator() -> Preannotator:
    return Preannotator()


def test_chunks_cover_exactly_the_sentences_tag_text_would_use():
    from annotate.preannotate.tokens import sentence_ranges
    from annotate.text.segments import article_segments

    text = real_long_text(30_000)
    region, furniture = (120, len(text) - 50), ((3000, 3400), (9000, 9100))
    plan = chunks.plan_chunks(text, region, furniture, chunk_chars=2_000)
    assert len(plan) > 10
    expected = [r for s, e in article_segments(region, furniture) for r in sentence_ranges(text, s, e)]
    assert [(c.base + s, c.base + e) for c in plan for s, e in c.ranges] == expected
    assert all(text[c.base + s : c.base + e] == c.piece[s:e] for c in plan for s, e in c.ranges)


def test_split_spans_are_identical_to_an_unsplit_run(preannotator):
    import annotate.io.pool as pool

    text = real_long_text(25_000)
    region, furniture = (0, len(text)), ((5_000, 5_600),)
    whole = preannotator.annotate(text, region, furniture)
    pool._PREANNOTATOR, pool._START_ERROR = preannotator, None  # the tasks, run here as a worker would
    packs = [chunks.tag_chunk(chunk) for chunk in chunks.plan_chunks(text, region, furniture, chunk_chars=1_500)]
    split = chunks.annotate_with_tokens(text, packs, region, furniture)
    assert len(whole) > 100
    assert as_tuples(split) == as_tuples(whole)


def test_packed_tokens_round_trip(preannotator):
    from annotate.preannotate.tokens import tag_text

    text = real_long_text(3_000)
    tokens = tag_text(text)
    assert chunks.unpack(text, chunks.pack(tokens)) == tokens


def test_ingest_through_a_real_pool_chunks_a_long_article_and_stores_the_same_spans(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    long_text = real_long_text(12_000)
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    for number, path in enumerate(sorted(REAL_DEV.glob("*.txt"))[:3]):
        (folder / f"short{number}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    unsplit = tmp_path / "unsplit.db"
    ingest([str(folder)], unsplit, workers=1)
    monkeypatch.setattr(chunks, "LONG_ARTICLE_CHARS", 5_000)  # planning happens in this process
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 1_500)
    seen: list[tuple[str, int, int]] = []
    split = tmp_path / "split.db"
    report = ingest([str(folder)], split, workers=2, chunk_progress=lambda source, done, total: seen.append((source, done, total)))
    assert (len(report.added), report.failed) == (4, [])
    assert {s for s, _, _ in seen} == {"long.txt"}
    totals = {t for _, _, t in seen}
    assert len(totals) == 1 and totals.pop() > 5
    assert [d for _, d, _ in seen] == list(range(1, len(seen) + 1))
    strip = lambda db: [{k: v for k, v in json.loads(line).items() if k != "meta"} for line in export_string(open_database(db)).splitlines()]
    assert strip(split) == strip(unsplit)
