"""Counts for `annotate stats`: articles, and spans by label, status and annotator."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from annotate.store import stats as counts


@dataclass(frozen=True)
class Stats:
    articles: int
    superseded: int
    spans: list[tuple[str, str, str, int]]
    reviews: list[tuple[str, str, int]]

    def format(self) -> str:
        lines = [f"articles: {self.articles} (+{self.superseded} superseded versions)"]
        lines.append("spans by annotator / label / status:")
        if not self.spans:
            lines.append("  (none)")
        for annotator, label, status, count in self.spans:
            lines.append(f"  {annotator:<16} {label:<10} {status:<10} {count:>7}")
        if self.reviews:
            lines.append("articles by annotator / review status:")
            for annotator, status, count in self.reviews:
                lines.append(f"  {annotator:<16} {status:<12} {count:>7}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "superseded": self.superseded,
            "spans": [dict(zip(("annotator", "label", "status", "count"), row)) for row in self.spans],
            "reviews": [dict(zip(("annotator", "status", "count"), row)) for row in self.reviews],
        }


def collect(db: Database) -> Stats:
    """What the database holds right now."""
    articles, superseded = counts.article_counts(db)
    return Stats(articles, superseded, counts.span_counts(db), counts.review_counts(db))
