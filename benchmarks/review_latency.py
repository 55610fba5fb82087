"""Key-press latency of the review screen on a long article (20,000 characters, 300 spans).

Builds the article in a temporary database, drives the app with Pilot through about
200 key presses (accept, reject, navigate, relabel, move edges, undo) and prints p50/p95
milliseconds per key, measured from posting the key event to the first screen refresh
that shows its effect (the decision committed by the service, the screen updated and
the compositor's update rendered to terminal bytes).

    python benchmarks/review_latency.py [--keys 200] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402

from annotate.models import Span  # noqa: E402
from annotate.store import articles as article_store  # noqa: E402
from annotate.store import layers  # noqa: E402
from annotate.store.database import MACHINE, open_database, write_transaction  # noqa: E402
from tui.app import make_app  # noqa: E402
from tui.screens.review import ReviewScreen  # noqa: E402

SENTENCES = [
    ("Phó Thủ tướng {o} tiếp đoàn đại biểu tỉnh {l} do ông {o2} dẫn đầu, kim ngạch đạt {f}. ", ("o", "l", "o2", "f")),
    ("Trong năm qua, thương mại giữa {l} và {l2} tăng {f}, với {f2} được ký kết tại hội nghị. ", ("l", "l2", "f", "f2")),
    ("Đại sứ {o} cho biết các doanh nghiệp của {l} đã đầu tư vào nhiều lĩnh vực quan trọng. ", ("o", "l")),
]
OFFICIALS = ["Trần Hồng Hà", "Cung Chính", "Đặng Minh Khôi", "Hùng Ba", "Ngô Tuấn", "Lam Thiên Lập"]
PLACES = ["Thượng Hải", "Chiết Giang", "Quảng Tây", "Nam Kinh", "Bình Dương", "Hạ Long", "Trùng Khánh"]
FIGURES = ["48,24 tỷ USD", "21,1%", "261 dự án", "15 năm", "hơn 50%", "tám địa phương"]
LABELS = {"o": ("OFFICIAL", OFFICIALS), "o2": ("OFFICIAL", OFFICIALS), "l": ("LOCALITY", PLACES), "l2": ("LOCALITY", PLACES), "f": ("FIGURE", FIGURES), "f2": ("FIGURE", FIGURES)}


def build_article(chars: int = 20_000, span_count: int = 300) -> tuple[str, list[Span]]:
    """A synthetic news text of about chars characters with exactly span_count spans."""
    text, spans, i = "", [], 0
    while len(text) < chars:
        template, slots = SENTENCES[i % len(SENTENCES)]
        values = {slot: LABELS[slot][1][(i + n) % len(LABELS[slot][1])] for n, slot in enumerate(slots)}
        sentence = template
        for slot in slots:
            marker = "{" + slot + "}"
            at = len(text) + sentence.index(marker)
            sentence = sentence.replace(marker, values[slot], 1)
            if len(spans) < span_count:
                spans.append(Span(at, at + len(values[slot]), LABELS[slot][0], {}))
        text += sentence
        if i % 4 == 3:
            text += "\n\n"
        i += 1
    text = text[:chars]
    spans = [s for s in spans if s.end <= len(text)]
    assert len(spans) == span_count, len(spans)
    return text, spans


def build_db(path: Path, chars: int, span_count: int) -> int:
    text, spans = build_article(chars, span_count)
    db = open_database(path)
    with write_transaction(db):
        article_id = article_store.insert_article(db, {
            "source_key": "long.txt", "source": "long.txt", "content_hash": article_store.content_hash(text),
            "text": text, "title": "Bài dài", "region_start": 0, "region_end": len(text), "furniture": [],
        })
        layers.insert_spans(db, article_id, MACHINE, spans, "suggested")
    db.close()
    return article_id


KEY_CYCLE = ["a", "a", "x", "tab", "a", "right_square_bracket", "u", "p", "2", "u", "n", "left_curly_bracket", "u", "a", "shift+tab", "x", "a"]


async def measure(db_path: Path, presses: int, size: tuple[int, int]) -> dict:
    app = make_app(db_path, "bench")
    displays: list[float] = []
    original_display = app._display

    def timed_display(screen, renderable):
        if renderable is not None:
            renderable.render_segments(app.console)  # what the terminal would be sent
            displays.append(time.perf_counter())
        return original_display(screen, renderable)

    app._display = timed_display
    latencies: dict[str, list[float]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(200):
            if isinstance(app.screen, ReviewScreen) and not app.screen._switching:
                break
            await asyncio.sleep(0.01)
        screen = app.screen
        synced: list[float] = []
        counts = {"submitted": 0, "handled": 0}
        original_sync, original_submit, original_update, original_notify = screen._sync, screen.submit, screen.text_view.update_spans, screen.notify

        def timed_sync():
            original_sync()
            synced.append(time.perf_counter())

        def counted_submit(decision):
            counts["submitted"] += 1
            original_submit(decision)

        def counted_update(spans):  # runs once per DecisionApplied
            counts["handled"] += 1
            return original_update(spans)

        def counted_notify(message, *args, **kwargs):  # DecisionFailed ends in a "Not saved" notification
            if kwargs.get("title") == "Not saved":
                counts["handled"] += 1
            return original_notify(message, *args, **kwargs)

        screen._sync, screen.submit, screen.notify = timed_sync, counted_submit, counted_notify
        screen.text_view.update_spans = counted_update
        await pilot.pause(0.2)
        assert len(screen.text_view.spans) >= 300
        for n in range(presses):
            key = KEY_CYCLE[n % len(KEY_CYCLE)]
            char = key if len(key) == 1 else None
            del synced[:]
            start = time.perf_counter()
            app.post_message(events.Key(key, char))
            deadline = start + 5
            while time.perf_counter() < deadline:
                # sleep, not spin: a busy loop here would hold the GIL and starve the decision worker
                await asyncio.sleep(0.001)
                # every decision of this key handled (committed, then shown), then a frame after that
                if not synced or counts["handled"] < counts["submitted"]:
                    continue
                if displays and displays[-1] > synced[-1]:
                    break
            latencies.setdefault(key, []).append((displays[-1] - start) * 1000)
            await asyncio.sleep(0.002)
    return latencies


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--spans", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        build_db(path, args.chars, args.spans)
        latencies = asyncio.run(measure(path, args.keys, (120, 40)))
    every = [v for values in latencies.values() for v in values]
    result = {
        "keys": len(every), "p50_ms": round(statistics.median(every), 1), "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
        "per_key": {k: {"n": len(v), "p50_ms": round(statistics.median(v), 1), "p95_ms": round(percentile(v, 0.95), 1)} for k, v in sorted(latencies.items())},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"review latency, {args.chars:,}-char article with {args.spans} spans, {result['keys']} key presses at 120x40")
    print(f"  all keys: p50 {result['p50_ms']} ms   p95 {result['p95_ms']} ms   max {result['max_ms']} ms")
    for key, row in result["per_key"].items():
        print(f"  {key:<22} n={row['n']:<4} p50 {row['p50_ms']:>6} ms   p95 {row['p95_ms']:>6} ms")


if __name__ == "__main__":
    main()
