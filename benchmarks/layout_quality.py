"""How well the tool finds the article on a page, against the hand-marked region and furniture.

Each gold file is read as `annotate ingest` reads it (annotate.text.readers.read_articles:
decoding, NFC, layout) and its layout compared with the gold meta:

- region exact: the tool's (start, end) equals the gold one; otherwise how far each end is off;
- furniture: gold ranges found exactly, and characters (not counting white space) wrongly
  hidden (article text the tool leaves outside its region or puts in its furniture) or
  wrongly shown (page text or furniture the tool hands to reviewers);
- what reviewers lose: the gold spans that fall outside the tool's region or touch its furniture.

    python benchmarks/layout_quality.py                     # real dev + the older sets
    python benchmarks/layout_quality.py --sets real-dev --show 120

The real holdout set is never part of the default: it is scored once, at the end of a round.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.text.readers import RawArticle, read_articles  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {
    "real-dev": (DATA / "real" / "dev_gold.jsonl", DATA / "real" / "dev", "real news"),
    "real-holdout": (DATA / "real" / "holdout_gold.jsonl", DATA / "real" / "holdout", "real news"),
    "seeds": (DATA / "dev_gold.jsonl", ROOT / "annotate" / "samples", "real news (the bundled samples)"),
    "heldout": (DATA / "heldout_gold.jsonl", DATA / "heldout", "written for the test"),
    "heldout2": (DATA / "heldout2_gold.jsonl", DATA / "heldout2", "written for the test"),
    "heldout3": (DATA / "heldout3_gold.jsonl", DATA / "heldout3", "written for the test"),
}
DEFAULT_SETS = ("real-dev", "seeds", "heldout", "heldout2", "heldout3")
Range = tuple[int, int]


@dataclass
class PageResult:
    """One page's comparison; the mismatch lines say what differs in words."""

    source: str
    region_exact: bool
    start_off: int
    end_off: int
    furniture_gold: int
    furniture_found: int
    furniture_spurious: int
    hidden: int
    shown: int
    spans: int
    spans_lost: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def visible_chars(text: str, region: Range, furniture: list[Range]) -> set[int]:
    """Offsets of the non-space characters a reviewer sees: the region minus its furniture."""
    hidden = {i for start, end in furniture for i in range(start, end)}
    return {i for i in range(*region) if i not in hidden and not text[i].isspace()}


def compare_page(doc: dict, raw: RawArticle, show: int) -> PageResult:
    """The tool's layout of one page against its gold meta."""
    text = raw.text
    gold_region = tuple(doc["meta"]["article"])
    gold_furniture = [tuple(f) for f in doc["meta"].get("furniture_inside") or ()]
    tool_region = tuple(raw.layout.article)
    tool_furniture = [tuple(f) for f in raw.layout.furniture]
    gold_seen = visible_chars(text, gold_region, gold_furniture)
    tool_seen = visible_chars(text, tool_region, tool_furniture)
    hidden_by_tool = {i for start, end in tool_furniture for i in range(start, end)}
    lost = [
        span for span in doc["spans"]
        if span["start"] < tool_region[0] or span["end"] > tool_region[1]
        or hidden_by_tool & set(range(span["start"], span["end"]))
    ]
    result = PageResult(
        source=doc["meta"]["source"],
        region_exact=tool_region == gold_region,
        start_off=tool_region[0] - gold_region[0],
        end_off=tool_region[1] - gold_region[1],
        furniture_gold=len(gold_furniture),
        furniture_found=len(set(gold_furniture) & set(tool_furniture)),
        furniture_spurious=len(set(tool_furniture) - set(gold_furniture)),
        hidden=len(gold_seen - tool_seen),
        shown=len(tool_seen - gold_seen),
        spans=len(doc["spans"]),
        spans_lost=lost,
    )
    result.notes = _mismatch_notes(text, gold_region, tool_region, gold_furniture, tool_furniture, show)
    return result


def _mismatch_notes(
    text: str, gold: Range, tool: Range, gold_furniture: list[Range], tool_furniture: list[Range], show: int
) -> list[str]:
    """Readable lines for each difference, quoting the text at stake (control characters visible)."""
    notes = []
    if tool[0] != gold[0]:
        low, high = sorted((tool[0], gold[0]))
        who = "tool starts late, hides" if tool[0] > gold[0] else "tool starts early, shows"
        notes.append(f"start {tool[0]} vs gold {gold[0]}: {who} {_quote(text[low:high], show)}")
    if tool[1] != gold[1]:
        low, high = sorted((tool[1], gold[1]))
        who = "tool ends early, hides" if tool[1] < gold[1] else "tool ends late, shows"
        notes.append(f"end {tool[1]} vs gold {gold[1]}: {who} {_quote(text[low:high], show)}")
    for start, end in sorted(set(gold_furniture) - set(tool_furniture)):
        notes.append(f"gold furniture not found [{start}, {end}): {_quote(text[start:end], show)}")
    for start, end in sorted(set(tool_furniture) - set(gold_furniture)):
        notes.append(f"tool furniture not in gold [{start}, {end}): {_quote(text[start:end], show)}")
    return notes


def _quote(part: str, show: int) -> str:
    """A piece of page text shown literally, cut to `show` characters at each end."""
    if len(part) > 2 * show:
        part = f"{part[:show]} … {part[-show:]}"
    return json.dumps(part, ensure_ascii=False)


def score_set(name: str, show: int) -> list[PageResult] | None:
    """Every page of one gold set, or None when the set's gold file is absent."""
    gold_path, folder, _ = SETS[name]
    if not gold_path.exists():
        print(f"{name}: no gold at {gold_path}", file=sys.stderr)
        return None
    results = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        path = folder / doc["meta"]["source"]
        raw = next((item for item in read_articles(path) if isinstance(item, RawArticle)), None)
        if raw is None or raw.text != doc["text"]:
            print(f"{path}: unreadable or no longer matches its gold text; skipped", file=sys.stderr)
            continue
        results.append(compare_page(doc, raw, show))
    return results


def print_set(name: str, results: list[PageResult], spans_shown: int) -> str:
    """Per-page mismatches, then the set's totals; returns the one-line summary."""
    print(f"\n=== {name} ({SETS[name][2]}): {len(results)} pages")
    for page in results:
        if page.region_exact and not page.notes and not page.spans_lost:
            continue
        print(f"{page.source}: start {page.start_off:+d} end {page.end_off:+d}  hidden {page.hidden}"
              f"  shown {page.shown}  spans lost {len(page.spans_lost)}/{page.spans}")
        for note in page.notes:
            print(f"    {note}")
        for span in page.spans_lost[:spans_shown]:
            print(f"    lost {span['label']:<8} {json.dumps(span.get('text', ''), ensure_ascii=False)} @{span['start']}")
    return summary_line(name, results)


def summary_line(name: str, results: list[PageResult]) -> str:
    """Totals of one set in one line: exactness, offsets, furniture, characters, spans."""
    pages = len(results) or 1
    exact = sum(page.region_exact for page in results)
    start_exact = sum(page.start_off == 0 for page in results)
    end_exact = sum(page.end_off == 0 for page in results)
    off = sorted(abs(page.start_off) + abs(page.end_off) for page in results)
    gold_furniture = sum(page.furniture_gold for page in results)
    found = sum(page.furniture_found for page in results)
    spurious = sum(page.furniture_spurious for page in results)
    lost = sum(len(page.spans_lost) for page in results)
    spans = sum(page.spans for page in results)
    return (
        f"{name:<12} region exact {exact}/{len(results)} ({exact / pages:.0%})  start {start_exact}  end {end_exact}"
        f"  chars off median {off[len(off) // 2] if off else 0} max {off[-1] if off else 0}"
        f"  furniture {found}/{gold_furniture} exact, {spurious} extra"
        f"  chars hidden {sum(p.hidden for p in results)} shown {sum(p.shown for p in results)}"
        f"  spans lost {lost}/{spans}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS), help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--show", type=int, default=60, help="characters quoted at each end of a difference")
    parser.add_argument("--spans", type=int, default=10, help="lost spans listed per page")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}")
    summaries = []
    for name in names:
        results = score_set(name, args.show)
        if results is not None:
            summaries.append(print_set(name, results, args.spans))
    print("\n=== summary")
    print("\n".join(summaries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
