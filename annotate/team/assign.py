"""Hand out articles: k annotators each round robin, or a shared fraction plus one each.

Only unassigned articles are handed out, so re-running after an ingest deals out
the new ones and changes nothing else.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Sequence

from sqlite_utils import Database

from annotate.store import articles as article_store
from annotate.store import reviews
from annotate.store.database import write_transaction


@dataclass
class AssignReport:
    annotators: list[str]
    articles: int = 0
    already_assigned: int = 0
    shared: list[int] = field(default_factory=list)
    per_annotator: dict[str, int] = field(default_factory=dict)
    assignments: dict[int, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {self.per_annotator.get(n, 0)}" for n in self.annotators)
        shared = f", {len(self.shared)} to everyone" if self.shared else ""
        return f"assigned {self.articles} articles{shared}; per annotator: {counts}; already assigned before: {self.already_assigned}"


def assign(db: Database, annotators: Sequence[str], k: int = 1, overlap: float | None = None, seed: int = 0) -> AssignReport:
    """Give each unassigned article to k annotators round robin, or a fraction `overlap` to everyone and the rest to one each.

    Only articles no one is assigned yet are handed out, so re-running after
    an ingest distributes the new ones and changes nothing else. Review status
    and decisions are never touched: only reviews.assigned is set.
    """
    names = list(dict.fromkeys(a.strip() for a in annotators if a.strip()))
    if not names:
        raise ValueError("assign needs at least one annotator")
    reserved = [n for n in names if n.startswith("@")]
    if reserved:
        raise ValueError(f"{reserved[0]!r} is a reserved layer name, not an annotator")
    if overlap is not None:
        if not 0.0 <= overlap <= 1.0:
            raise ValueError(f"overlap must be a fraction between 0 and 1, got {overlap}")
        if k != 1:
            raise ValueError("use either k or overlap, not both")
    elif not 1 <= k <= len(names):
        raise ValueError(f"k must be between 1 and the number of annotators ({len(names)}), got {k}")
    report = AssignReport(names, per_annotator={n: 0 for n in names})
    with write_transaction(db):
        current = article_store.current_ids(db)
        taken = reviews.assigned_articles(db)
        todo = [a for a in current if a not in taken]
        report.already_assigned = len(current) - len(todo)
        rng = random.Random(seed)
        order = list(todo)
        rng.shuffle(order)
        shared: set[int] = set()
        if overlap is not None:
            shared = set(order[: round(overlap * len(order))])
        rest = [a for a in order if a not in shared]
        width = 1 if overlap is not None else k
        offset = rng.randrange(len(names))
        for article_id in sorted(shared):
            report.assignments[article_id] = list(names)
        for i, article_id in enumerate(rest):
            report.assignments[article_id] = [names[(offset + i * width + j) % len(names)] for j in range(width)]
        for article_id in sorted(report.assignments):
            for name in report.assignments[article_id]:
                reviews.set_review(db, article_id, name, assigned=1)
                report.per_annotator[name] += 1
        report.shared = sorted(shared)
        report.articles = len(report.assignments)
    return report
