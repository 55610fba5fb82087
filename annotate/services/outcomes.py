"""What ReviewService hands back: the article as a reviewer sees it, and what one decision changed.

A decision returns a Change (the spans it wrote, the ones it deleted, the new
status or boundary and its log entry) instead of the whole article, so a front
end updates the few lines the decision touched without reading everything again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from annotate.models import ArticleRecord, DecisionRecord, SpanRecord


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the review screen shows: the article, this annotator's spans, progress and decision log."""

    article: ArticleRecord
    spans: list[SpanRecord]
    status: str
    position: int | None = None
    """Where the reviewer's cursor was when they last left the article (None: never left it)."""
    history: list[DecisionRecord] = field(default_factory=list)
    """This annotator's decisions on the article, oldest first (what undo and redo walk)."""

    def counts(self) -> dict[str, int]:
        result = {"suggested": 0, "accepted": 0, "rejected": 0, "edited": 0}
        for span in self.spans:
            result[span.status] += 1
        return result


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed decision changed (nothing at all when action is None)."""

    action: str | None
    """The decision-log action written ('accept', 'add', 'undo', ...); None when nothing changed."""
    spans: tuple[SpanRecord, ...] = ()
    """Every span the decision wrote, as stored afterwards (the decided one first)."""
    removed: tuple[int, ...] = ()
    """Ids of spans the decision deleted (an undone add)."""
    status: str | None = None
    """The article's review status afterwards, when the decision changed it."""
    region: tuple[int, int] | None = None
    """The article boundary afterwards, when the decision moved it."""
    entry: DecisionRecord | None = None
    """The decision-log entry written for this decision."""
    reverted: DecisionRecord | None = None
    """For undo and redo: the decision undone or done again."""
    count: int = 0
    """For accept-all and finishing: how many suggestions were decided at once."""
    next_article: int | None = None
    """For finishing from a queue: the next article not done (None at the end of the queue)."""

    @property
    def span(self) -> SpanRecord | None:
        """The span the decision was about (the created one for an add)."""
        return self.spans[0] if self.spans else None

    @property
    def changed(self) -> bool:
        return self.action is not None


NOTHING = Change(None)
"""A decision that found nothing to change (accepting an accepted span, undo with an empty log)."""
