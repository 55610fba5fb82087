"""What showing data safely costs (issue 10, items 1 and 2): annotate.text.visible and tui.safe_text per call.

Every queue cell, side-panel row and header goes through visible()/safe_text(),
and the article body through same_length() once per article. Prints µs per call
on clean and on hostile strings, and the ratio to building the plain rich Text
the screens built before.

    python benchmarks/display_safety.py [--repeat 20000] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.text import Text  # noqa: E402

from annotate.text.visible import same_length, visible  # noqa: E402
from tui.safe_text import safe_line, safe_text  # noqa: E402

TITLE = "Thúc đẩy hợp tác giữa tỉnh Lạng Sơn và Khu tự trị dân tộc Choang Quảng Tây, kim ngạch đạt 12,5 tỷ USD"
HOSTILE = "Tít \x1b[2J\x1b]0;PWN\x07\x9b2J\u202egnp.exe\u202c[/][@click=app.quit]Q[/]\x00"
SENTENCE = "Phó Thủ tướng Trần Hồng Hà tiếp đoàn đại biểu tỉnh Chiết Giang, kim ngạch đạt 48,24 tỷ USD. "


def per_call_us(call, repeat: int) -> float:
    return min(timeit.repeat(call, number=repeat, repeat=3)) / repeat * 1e6


def measure(repeat: int) -> dict[str, float]:
    article = (SENTENCE * (20_000 // len(SENTENCE) + 1))[:20_000]
    hostile_article = article[:10_000] + HOSTILE + article[10_000 + len(HOSTILE):]
    figures = {
        "Text(title) before, µs": per_call_us(lambda: Text(TITLE), repeat),
        "visible(title), µs": per_call_us(lambda: visible(TITLE), repeat),
        "safe_text(title), µs": per_call_us(lambda: safe_text(TITLE), repeat),
        "safe_line(title, 40), µs": per_call_us(lambda: safe_line(TITLE, 40), repeat),
        "safe_text(hostile title), µs": per_call_us(lambda: safe_text(HOSTILE), repeat),
        "same_length(20,000-char article), µs": per_call_us(lambda: same_length(article), max(1, repeat // 100)),
        "same_length(20,000 chars, one hostile run), µs": per_call_us(lambda: same_length(hostile_article), max(1, repeat // 100)),
    }
    figures["safe_text / Text ratio"] = figures["safe_text(title), µs"] / figures["Text(title) before, µs"]
    figures["queue page of 40 rows x 3 data cells, ms"] = 120 * figures["safe_line(title, 40), µs"] / 1000
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.repeat)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for name, value in figures.items():
        print(f"{name:<52} {value:10.3f}")


if __name__ == "__main__":
    main()
