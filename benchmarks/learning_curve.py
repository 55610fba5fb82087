"""Does the pre-annotator learn from reviewers? Corrections still needed after k reviewed articles.

On the real, hand-annotated dev set (tests/data/real/dev_gold.jsonl, 40 real
news pages; never the holdout): the articles are stored with their gold
article region and the real pre-annotator's suggestions. The first half is
the pool a simulated reviewer works through, the second half is scored. For
each k, a fresh database: the reviewer decides the first k pool articles
through ReviewService exactly as gold says (accept a match, fix its
attributes, reject the rest, add what is missing, mark done), then
`resuggest` runs (learning from those layers), and the scored half's
suggestions are compared with gold: every change a reviewer would still make
(reject, add, boundary, label, attributes) counts as one correction.

    python benchmarks/learning_curve.py                 # k = 0, 5, 10, 20
    python benchmarks/learning_curve.py --ks 0,2,4,8,16,20
    python benchmarks/learning_curve.py --gold tests/data/heldout_gold.jsonl --gold tests/data/heldout2_gold.jsonl

The rules were tuned on every set in tests/data: where they already need no
correction at k = 0 the curve has nothing to fall from, and the script says so.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.errors import SpanError  # noqa: E402
from annotate.preannotate.pipeline import Preannotator  # noqa: E402
from annotate.preannotate.tokens import tag_text  # noqa: E402
from annotate.services.learning import resuggest  # noqa: E402
from annotate.services.review import ReviewService  # noqa: E402
from annotate.store import articles as article_store  # noqa: E402
from annotate.store import layers  # noqa: E402
from annotate.store.database import MACHINE, open_database, write_transaction  # noqa: E402
from annotate.text.segments import article_segments  # noqa: E402

GOLD = ROOT / "tests" / "data" / "real" / "dev_gold.jsonl"
KINDS = ("reject", "add", "boundary", "label", "attributes")


class CachedTokens(Preannotator):
    """The real pre-annotator, with underthesea's tokens kept per text (the model's output never changes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tokens: dict[tuple, list] = {}

    def annotate(self, text, region=None, furniture=()):
        region = region or (0, len(text))
        key = (text, tuple(region), tuple(map(tuple, furniture)))
        if key not in self._tokens:
            self._tokens[key] = [t for s, e in article_segments(region, furniture) for t in tag_text(text, s, e)]
        return self.annotate_tokens(text, self._tokens[key], region, furniture)


def build(db_path: Path, docs: list[dict], pre: CachedTokens) -> list[int]:
    """Store every gold text with its gold region and the machine's suggestions (no learning yet)."""
    db = open_database(db_path)
    ids = []
    with write_transaction(db):
        for n, doc in enumerate(docs):
            meta = doc["meta"]
            region = tuple(meta.get("article") or (0, len(doc["text"])))
            furniture = [tuple(r) for r in meta.get("furniture_inside", [])]
            aid = article_store.insert_article(db, {
                "source_key": meta["source"], "source": meta["source"], "content_hash": article_store.content_hash(doc["text"]),
                "text": doc["text"], "title": meta.get("title") or meta["source"], "region_start": region[0],
                "region_end": region[1], "furniture": furniture,
            })
            pre.learned = None
            layers.insert_spans(db, aid, MACHINE, pre.annotate(doc["text"], region, furniture), "suggested")
            ids.append(aid)
    db.close()
    return ids


def review_as_gold(service: ReviewService, article_id: int, gold: list[dict]) -> None:
    """One simulated reviewer: decide every suggestion as gold says, add what gold has and the machine missed."""
    wanted = {(g["start"], g["end"], g["label"]): g for g in gold}
    matched = set()
    for span in service.open_article(article_id).spans:
        key = (span.start, span.end, span.label)
        if key in wanted:
            matched.add(key)
            if span.attrs == wanted[key].get("attrs", {}):
                service.accept(span.id)
            else:
                service.set_attrs(span.id, wanted[key].get("attrs", {}))
        else:
            service.reject(span.id)
    for key, g in wanted.items():
        if key not in matched:
            try:
                added = service.add_span(article_id, g["start"], g["end"], g["label"])
                service.set_attrs(added.id, g.get("attrs", {}))
            except SpanError as error:
                print(f"  article {article_id}: gold span {key} not added: {error}", file=sys.stderr)
    service.mark_done(article_id)


def corrections(suggested: list, gold: list[dict]) -> Counter:
    """The edits a reviewer still makes to turn these suggestions into gold, by kind."""
    out: Counter = Counter()
    covered = set()
    by_key = {(g["start"], g["end"], g["label"]): i for i, g in enumerate(gold)}
    for s in suggested:
        i = by_key.get((s.start, s.end, s.label))
        if i is not None:
            covered.add(i)
            out["attributes"] += s.attrs != gold[i].get("attrs", {})
            continue
        near = [j for j, g in enumerate(gold) if j not in covered and s.start < g["end"] and g["start"] < s.end]
        if near:
            covered.add(near[0])
            out["boundary" if gold[near[0]]["label"] == s.label else "label"] += 1
        else:
            out["reject"] += 1
    out["add"] += len(gold) - len(covered)
    return out


def run_k(k: int, docs: list[dict], pre: CachedTokens, workdir: Path) -> tuple[Counter, int, str, float]:
    """A fresh database, k reviewed pool articles, resuggest, then the scored half's corrections."""
    db_path = workdir / f"k{k}.db"
    ids = build(db_path, docs, pre)
    half = len(docs) // 2
    service = ReviewService(db_path, "reviewer")
    for aid, doc in zip(ids[:k], docs[:k]):
        review_as_gold(service, aid, doc["spans"])
    service.close()
    started = time.perf_counter()
    report = resuggest(db_path, preannotator=pre)
    seconds = time.perf_counter() - started
    db = open_database(db_path)
    total: Counter = Counter()
    gold_spans = 0
    for aid, doc in zip(ids[half:], docs[half:]):
        total += corrections(layers.layer(db, aid, MACHINE), doc["spans"])
        gold_spans += len(doc["spans"])
    db.close()
    return total, gold_spans, report.format(), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ks", default="0,5,10,20", help="Pool articles reviewed before resuggest, comma-separated.")
    parser.add_argument("--gold", action="append", type=Path, default=None,
                        help="Gold JSONL (export format) to use instead of the real dev set; repeat to join sets.")
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    files = args.gold or [GOLD]
    docs = [json.loads(line) for path in files for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    half = len(docs) // 2
    if max(ks) > half:
        sys.exit(f"k at most {half}: the second half is what gets scored")
    names = ", ".join(str(p.resolve().relative_to(ROOT)) if p.resolve().is_relative_to(ROOT) else str(p) for p in files)
    kind = "real news pages, hand-annotated" if files == [GOLD] else "articles"
    print(f"data: {names} ({len(docs)} {kind}); pool = first {half}, scored = last {len(docs) - half}")
    pre = CachedTokens()
    print(f"{'k':>3} {'corrections/100 spans':>22} " + " ".join(f"{kind:>10}" for kind in KINDS) + "  resuggest")
    with tempfile.TemporaryDirectory() as tmp:
        baseline = None
        for k in ks:
            total, gold_spans, summary, seconds = run_k(k, docs, pre, Path(tmp))
            rate = 100 * sum(total.values()) / gold_spans
            baseline = rate if baseline is None else baseline
            ratio = f"{rate / baseline:.2f}" if baseline else "— (nothing to correct at the start)"
            print(f"{k:>3} {rate:>22.1f} " + " ".join(f"{total[kind]:>10}" for kind in KINDS)
                  + f"  {seconds:.1f}s, ratio to k={ks[0]}: {ratio}")
            print(f"      {summary}")


if __name__ == "__main__":
    main()
