"""Times gazetteer index building and per-mention lookup/link/fuzzy, printing p50/p95 in ms.

Run: cd /work/main && PYTHONPATH=. /work/venv/bin/python benchmarks/gazetteer_lookup.py
"""
from __future__ import annotations

import random
import statistics
import time
from typing import Callable

from annotate.gazetteer.index import PlaceIndex

EXACT = [
    "TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh", "tỉnh Chiết Giang", "Thượng Hải", "Bình Dương", "Hà Nội",
    "thành phố Trùng Khánh", "Khu tự trị dân tộc Choang Quảng Tây", "châu Hồng Hà", "Phòng Thành Cảng",
    "Bà Rịa-Vũng Tàu", "Nam Kinh", "Thâm Quyến", "Quận 1", "Ba Đình", "Đông Hưng", "Hà Khẩu",
]
FUZZY = ["Trung Khánh", "Quang Tay", "Chiết Giamg", "Trung Quốc", "Việt Nam", "Ha Noi", "Tham Quyen", "Hang Chau"]


def percentiles(fn: Callable[[str], object], mentions: list[str], rounds: int = 30) -> tuple[float, float]:
    """p50 and p95 in milliseconds over shuffled repeated calls."""
    calls = mentions * rounds
    random.Random(0).shuffle(calls)
    times = []
    for mention in calls:
        t0 = time.perf_counter()
        fn(mention)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    """Build once, then time each operation."""
    t0 = time.perf_counter()
    index = PlaceIndex()
    print(f"build: {time.perf_counter() - t0:.3f} s, {len(index)} entries")
    for label, fn, mentions in (
        ("lookup exact", index.lookup, EXACT),
        ("link exact", index.link, EXACT),
        ("link fuzzy/none", index.link, FUZZY),
        ("fuzzy(limit=10)", index.fuzzy, EXACT + FUZZY),
    ):
        p50, p95 = percentiles(fn, mentions)
        print(f"{label:18s} p50 {p50:.3f} ms  p95 {p95:.3f} ms")
    text = "Phó Chủ tịch UBND Thành phố Hồ Chí Minh tiếp Phó Thị trưởng thành phố Trùng Khánh (Trung Quốc). " * 20
    p50, p95 = percentiles(lambda t: index.scan(t), [text], rounds=20)
    print(f"scan {len(text)} chars p50 {p50:.3f} ms  p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
