"""What the desk wants to know about its own work, read from the decision log (`annotate stats --annotators`).

Definitions (every figure per annotator and overall, undone decisions left out):
- active time: the gaps between one annotator's consecutive decisions, where a
  gap over IDLE_GAP (2 minutes) counts as idle (nothing); each gap is the time
  spent on the article of the decision that ends it;
- articles decided: articles whose last done/reopen decision is `done`;
  spans decided: distinct spans any decision changed;
- time per article: mean active time over the articles decided;
- suggestions: spans the log first saw as the machine's suggestion. Their
  final state is accepted unchanged, corrected (boundary, label, attributes;
  one span may count under several) or rejected; spans added by hand are the
  reviewer's own;
- gold, where it exists (@gold finished): strict span F1 of the annotator's
  kept spans on the articles both finished, and the automation-bias figure:
  of the suggestions the annotator accepted unchanged on gold articles, the
  share gold does not have.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from sqlite_utils import Database

from annotate.models import DecisionRecord
from annotate.store import decision_log

IDLE_GAP = 120.0
"""Seconds between two decisions above which the reviewer was away."""
OVERALL = "(all)"
KEPT = ("accepted", "edited")


@dataclass
class SpanStory:
    """One span as the log saw it: its first state, its last, and when it was last decided."""

    first: dict[str, Any]
    last: dict[str, Any]
    day: str
    by_hand: bool = False


@dataclass
class Tally:
    """Counts for one annotator (or everyone, or one day) before they become a row."""

    decisions: int = 0
    active: float = 0.0
    article_seconds: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    done: set = field(default_factory=set)
    spans: dict[tuple[int, int], SpanStory] = field(default_factory=dict)


@dataclass(frozen=True)
class DeskRow:
    """One line of `annotate stats --annotators`; shares are of suggestions decided, rates per active hour."""

    annotator: str
    decisions: int
    active_hours: float
    articles: int
    spans: int
    articles_per_hour: float | None
    spans_per_hour: float | None
    seconds_per_article: float | None
    suggestions: int
    accepted: int
    corrected: int
    corrected_boundary: int
    corrected_label: int
    corrected_attributes: int
    rejected: int
    added_by_hand: int
    gold_articles: int
    gold_f1: float | None
    accepted_on_gold: int
    accepted_gold_rejects: int

    @property
    def automation_bias(self) -> float | None:
        return self.accepted_gold_rejects / self.accepted_on_gold if self.accepted_on_gold else None

    def share(self, count: int) -> float | None:
        return count / self.suggestions if self.suggestions else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["automation_bias"] = self.automation_bias
        for key in ("accepted", "corrected", "rejected"):
            data[f"{key}_share"] = self.share(getattr(self, key))
        return data


@dataclass(frozen=True)
class DayRow:
    """One annotator's day: decisions, acceptance rate of the suggestions decided, time per article decided."""

    annotator: str
    day: str
    decisions: int
    suggestions: int
    accepted: int
    articles: int
    seconds_per_article: float | None

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.suggestions if self.suggestions else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "acceptance_rate": self.acceptance_rate}


@dataclass(frozen=True)
class DeskStats:
    rows: list[DeskRow]
    days: list[DayRow]


def _time(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _follow(tally: Tally, decision: DecisionRecord) -> None:
    """One decision into its annotator's tally: span stories and done articles."""
    payload = decision.payload
    befores = {s["id"]: s for s in payload.get("before", []) if isinstance(s, dict) and "id" in s}
    created = set(payload.get("created", []))
    for after in payload.get("after", []):
        if not isinstance(after, dict) or "id" not in after:
            continue
        key = (decision.article_id, after["id"])
        story = tally.spans.get(key)
        if story is None:
            first = befores.get(after["id"], after)
            story = tally.spans[key] = SpanStory(first, after, decision.at[:10], after["id"] in created)
        story.last, story.day = after, decision.at[:10]
    if decision.action == "done":
        tally.done.add(decision.article_id)
    elif decision.action == "reopen":
        tally.done.discard(decision.article_id)


def _tallies(decisions: Iterable[DecisionRecord]) -> dict[str, Tally]:
    """Per annotator: spans, done articles and active time, from the log in order."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    last_at: dict[str, dt.datetime] = {}
    for decision in decisions:
        tally = tallies[decision.annotator]
        tally.decisions += 1
        at = _time(decision.at)
        previous = last_at.get(decision.annotator)
        if previous is not None and 0 <= (at - previous).total_seconds() <= IDLE_GAP:
            gap = (at - previous).total_seconds()
            tally.active += gap
            tally.article_seconds[decision.article_id] += gap
        last_at[decision.annotator] = at
        _follow(tally, decision)
    return tallies


def outcome(story: SpanStory) -> tuple[str, set[str]]:
    """'added', 'rejected', 'accepted', 'corrected' (with what: boundary, label, attributes) or 'pending'."""
    first, last = story.first, story.last
    if story.by_hand or first.get("origin") == "human":
        return ("added" if last.get("status") in KEPT else "pending"), set()
    if last.get("status") == "rejected":
        return "rejected", set()
    if last.get("status") not in KEPT:
        return "pending", set()
    changes = set()
    if (first["start"], first["end"]) != (last["start"], last["end"]):
        changes.add("boundary")
    if first["label"] != last["label"]:
        changes.add("label")
    elif first.get("attrs") != last.get("attrs"):
        changes.add("attributes")
    return ("corrected" if changes else "accepted"), changes


def _gold_figures(tally: Tally, gold: dict[int, set]) -> tuple[int, float | None, int, int]:
    """(articles with gold the annotator finished, strict F1 there, accepted-unchanged on gold, of them not in gold)."""
    articles = tally.done & set(gold)
    kept: dict[int, set] = defaultdict(set)
    accepted_on_gold = accepted_rejected = 0
    for (aid, _), story in tally.spans.items():
        if aid not in gold:
            continue
        kind, _ = outcome(story)
        key = (story.last["start"], story.last["end"], story.last["label"])
        if kind == "accepted":
            accepted_on_gold += 1
            accepted_rejected += key not in gold[aid]
        if aid in articles and kind in ("accepted", "corrected", "added"):
            kept[aid].add(key)
    if not articles:
        return 0, None, accepted_on_gold, accepted_rejected
    tp = sum(len(kept[a] & gold[a]) for a in articles)
    predicted, expected = sum(len(kept[a]) for a in articles), sum(len(gold[a]) for a in articles)
    f1 = 2 * tp / (predicted + expected) if predicted + expected else 1.0
    return len(articles), f1, accepted_on_gold, accepted_rejected


def _row(name: str, tally: Tally, gold: dict[int, set]) -> DeskRow:
    """A tally as one line of the report."""
    counts: dict[str, int] = defaultdict(int)
    for story in tally.spans.values():
        kind, changes = outcome(story)
        counts[kind] += 1
        for change in changes:
            counts[change] += 1
    hours = tally.active / 3600
    done_seconds = [tally.article_seconds.get(a, 0.0) for a in tally.done]
    gold_articles, f1, on_gold, gold_rejects = _gold_figures(tally, gold)
    return DeskRow(
        annotator=name, decisions=tally.decisions, active_hours=round(hours, 4), articles=len(tally.done),
        spans=len(tally.spans), articles_per_hour=len(tally.done) / hours if hours else None,
        spans_per_hour=len(tally.spans) / hours if hours else None,
        seconds_per_article=sum(done_seconds) / len(done_seconds) if done_seconds else None,
        suggestions=counts["accepted"] + counts["corrected"] + counts["rejected"], accepted=counts["accepted"],
        corrected=counts["corrected"], corrected_boundary=counts["boundary"], corrected_label=counts["label"],
        corrected_attributes=counts["attributes"], rejected=counts["rejected"], added_by_hand=counts["added"],
        gold_articles=gold_articles, gold_f1=f1, accepted_on_gold=on_gold, accepted_gold_rejects=gold_rejects,
    )


def _merge(tallies: Iterable[tuple[str, Tally]]) -> Tally:
    """Everyone's tallies as one (articles and spans keyed by annotator so two layers never collapse)."""
    total = Tally()
    for name, tally in tallies:
        total.decisions += tally.decisions
        total.active += tally.active
        for aid, seconds in tally.article_seconds.items():
            total.article_seconds[(name, aid)] += seconds
        total.done |= {(name, aid) for aid in tally.done}
        total.spans.update({((name, aid), sid): story for (aid, sid), story in tally.spans.items()})
    return total


def _days(name: str, tally: Tally, decisions: list[DecisionRecord]) -> list[DayRow]:
    """One annotator's figures per calendar day (UTC) of the decisions."""
    per_day: dict[str, int] = defaultdict(int)
    done_day: dict[int, str] = {}
    for d in decisions:
        per_day[d.at[:10]] += 1
        if d.action == "done":
            done_day[d.article_id] = d.at[:10]
    suggestions: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for story in tally.spans.values():
        kind, _ = outcome(story)
        if kind in ("accepted", "corrected", "rejected"):
            suggestions[story.day][0] += 1
            suggestions[story.day][1] += kind == "accepted"
    rows = []
    for day in sorted(per_day):
        articles = [a for a in tally.done if done_day.get(a) == day]
        seconds = [tally.article_seconds.get(a, 0.0) for a in articles]
        n, accepted = suggestions[day]
        rows.append(DayRow(name, day, per_day[day], n, accepted, len(articles), sum(seconds) / len(seconds) if seconds else None))
    return rows


def desk_stats(db: Database) -> DeskStats:
    """Every annotator's figures, everyone's together, and each annotator's days."""
    decisions = list(decision_log.live_decisions(db))
    gold = decision_log.gold_keys(db)
    tallies = _tallies(decisions)
    rows = [_row(name, tallies[name], gold) for name in sorted(tallies)]
    if tallies:
        total = _merge(tallies.items())
        gold_total = {(name, aid): keys for name in tallies for aid, keys in gold.items()}
        rows.append(_row(OVERALL, total, gold_total))
    days = [day for name in sorted(tallies) for day in _days(name, tallies[name], [d for d in decisions if d.annotator == name])]
    return DeskStats(rows, days)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


TABLE_COLUMNS = (
    ("annotator", lambda r: r.annotator), ("active h", lambda r: _num(r.active_hours, 2)),
    ("articles", lambda r: str(r.articles)), ("spans", lambda r: str(r.spans)),
    ("art/h", lambda r: _num(r.articles_per_hour)), ("spans/h", lambda r: _num(r.spans_per_hour)),
    ("s/article", lambda r: _num(r.seconds_per_article, 0)), ("sugg.", lambda r: str(r.suggestions)),
    ("accepted", lambda r: _pct(r.share(r.accepted))), ("corrected", lambda r: _pct(r.share(r.corrected))),
    ("bound", lambda r: str(r.corrected_boundary)), ("label", lambda r: str(r.corrected_label)),
    ("attrs", lambda r: str(r.corrected_attributes)), ("rejected", lambda r: _pct(r.share(r.rejected))),
    ("added", lambda r: str(r.added_by_hand)), ("gold F1", lambda r: _num(r.gold_f1, 3)),
    ("bias", lambda r: _pct(r.automation_bias)),
)


def format_table(stats: DeskStats) -> str:
    """The report for people: one line per annotator and everyone, then the definitions in one line each."""
    if not stats.rows:
        return "no decisions in the log yet"
    cells = [[name for name, _ in TABLE_COLUMNS]] + [[get(row) for _, get in TABLE_COLUMNS] for row in stats.rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths))) for line in cells]
    lines += [
        "",
        f"active time: gaps between decisions of {IDLE_GAP / 60:.0f} min or less; articles: marked done",
        "accepted / corrected / rejected: shares of the suggestions decided; bound, label, attrs: what was corrected",
        "gold F1: strict, on finished articles that have gold; bias: accepted-unchanged suggestions gold does not have",
    ]
    return "\n".join(lines)


def to_json(stats: DeskStats) -> str:
    import json

    return json.dumps({"annotators": [r.as_dict() for r in stats.rows], "days": [d.as_dict() for d in stats.days]},
                      ensure_ascii=False, indent=2)


def to_csv(stats: DeskStats) -> str:
    """One row per annotator (and everyone), every figure a column."""
    import csv
    import io

    out = io.StringIO()
    rows = [r.as_dict() for r in stats.rows]
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["annotator"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
