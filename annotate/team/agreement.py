"""Inter-annotator agreement over a database: who agrees with whom, on what, and where not.

Only finished work counts: a human's layer on an article is compared once their
review of it is 'done', and only their accepted or edited spans (rejected and
undecided suggestions are not annotations). The pre-annotator '@machine' is
counted as one more annotator over every article a selected human finished, with
all of its spans, so the matrix also shows how much the team corrects it.

Headline numbers are micro-averaged: true/false positives and negatives are
summed over the articles a pair both finished, then turned into F1. Token-level
kappa and alpha use BIO tags over underthesea's word segmentation of the
article region (cached per article text for the life of the process).
"""
from __future__ import annotations

import csv
import io
import json
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Callable, Iterable, Sequence

from sqlite_utils import Database

from annotate.metrics import (
    ALPHA_NOTE,
    KAPPA_NOTE,
    MICRO,
    PRF,
    attribute_agreement,
    bio_labels,
    cohen_kappa,
    krippendorff_alpha,
    match_spans,
    span_prf,
)
from annotate.models import Span
from annotate.store import articles as article_store
from annotate.store.database import MACHINE
from annotate.models import ArticleRecord

HUMAN_KEPT = ("accepted", "edited")
HEADLINE_ATTRIBUTES = ("canonical", "side", "value")
ATTRIBUTE_KEYS = ("canonical", "side", "value", "title", "unit", "country", "level", "now")
TokenFn = Callable[[ArticleRecord], list[tuple[int, int]]]

ALL = MICRO  # the key of the all-labels (micro) entry in every per-label mapping


# ---------------------------------------------------------------- tokens

_TOKEN_CACHE: OrderedDict[tuple[str, int, int, tuple[tuple[int, int], ...]], list[tuple[int, int]]] = OrderedDict()
_TOKEN_CACHE_SIZE = 4096
_TOKEN_LOCK = threading.Lock()


def _segment_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """underthesea words of text[start:end] as offsets; syllables when alignment would drift."""
    from underthesea import word_tokenize  # deferred: loading costs ~0.5 s

    from annotate.preannotate.tokens import align_words
    from annotate.text.words import WordGrid

    segment = text[start:end]
    if not segment.strip():
        return []
    words = word_tokenize(segment)
    wanted = sum(1 for ch in segment if not ch.isspace())
    if sum(1 for w in words for ch in w if not ch.isspace()) == wanted:
        return [(s, e) for s, e in align_words(text, start, words) if e > s]
    grid = WordGrid(segment)  # underthesea changed the character count: never misalign
    return [(start + s, start + e) for s, e in zip(grid.starts, grid.ends)]


def article_tokens(article: ArticleRecord) -> list[tuple[int, int]]:
    """Word tokens of the article region, furniture left out; cached per text and layout."""
    from annotate.preannotate.tokens import sentence_ranges

    key = (article.content_hash, article.region_start, article.region_end, tuple(tuple(r) for r in article.furniture))
    with _TOKEN_LOCK:
        if key in _TOKEN_CACHE:
            _TOKEN_CACHE.move_to_end(key)
            return _TOKEN_CACHE[key]
    tokens: list[tuple[int, int]] = []
    for start, end in sentence_ranges(article.text, article.region_start, article.region_end):
        tokens.extend(_segment_tokens(article.text, start, end))
    furniture = [tuple(r) for r in article.furniture]
    if furniture:
        tokens = [t for t in tokens if not any(f[0] < t[1] and t[0] < f[1] for f in furniture)]
    with _TOKEN_LOCK:
        _TOKEN_CACHE[key] = tokens
        while len(_TOKEN_CACHE) > _TOKEN_CACHE_SIZE:
            _TOKEN_CACHE.popitem(last=False)
    return tokens


# ---------------------------------------------------------------- report types


@dataclass(frozen=True, slots=True)
class Cell:
    """One pair of annotators on one label (or ALL): what the matrix shows."""

    articles: int
    strict: PRF
    overlap: PRF
    kappa: float | None

    @property
    def f1_strict(self) -> float | None:
        """None when the pair shares no finished article (there is nothing to compare)."""
        return self.strict.f1 if self.articles else None

    @property
    def f1_overlap(self) -> float | None:
        return self.overlap.f1 if self.articles else None


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators over the articles both finished; a is the reference side of P and R."""

    a: str
    b: str
    articles: list[int]
    strict: dict[str, PRF]
    overlap: dict[str, PRF]
    kappa: dict[str, float | None]
    attributes: dict[str, tuple[int, int]]
    by_article: dict[int, tuple[PRF, PRF]]

    def cell(self, label: str = ALL) -> Cell:
        return Cell(len(self.articles), self.strict.get(label, PRF()), self.overlap.get(label, PRF()), self.kappa.get(label))

    @property
    def f1_strict(self) -> float | None:
        return self.cell().f1_strict

    @property
    def f1_overlap(self) -> float | None:
        return self.cell().f1_overlap


@dataclass(frozen=True)
class ArticleAgreement:
    """One article finished by two or more annotators, for the lowest-agreement-first list."""

    article_id: int
    title: str
    annotators: list[str]
    f1_strict: float
    f1_overlap: float
    worst_pair: tuple[str, str]
    worst_f1: float
    spans: dict[str, int]
    machine_f1: float | None


@dataclass
class AgreementReport:
    """Everything `annotate agreement` and the agreement screen show."""

    annotators: list[str]
    labels: list[str]
    finished: dict[str, int]
    pairs: list[PairAgreement]
    per_label: dict[str, dict[tuple[str, str], Cell]]
    alpha: dict[str, float | None]
    per_article: list[ArticleAgreement]
    notes: list[str] = field(default_factory=list)

    def pair(self, a: str, b: str) -> PairAgreement | None:
        for pair in self.pairs:
            if {pair.a, pair.b} == {a, b}:
                return pair
        return None

    def cell(self, label: str, a: str, b: str) -> Cell | None:
        """The symmetric matrix entry; None on the diagonal or for unknown names."""
        matrix = self.per_label.get(label, {})
        return matrix.get((a, b)) or matrix.get((b, a))


# ---------------------------------------------------------------- loading


def _finished(db: Database) -> dict[str, set[int]]:
    done: dict[str, set[int]] = defaultdict(set)
    for annotator, article_id in db.execute("SELECT annotator, article_id FROM reviews WHERE status = 'done'").fetchall():
        done[annotator].add(article_id)
    return done


def _load_spans(db: Database, annotator: str, article_ids: set[int], labels: set[str] | None) -> dict[int, list[Span]]:
    """Counted spans of one layer, by article: human layers keep accepted/edited, the machine everything."""
    sql = 'SELECT article_id, start, "end", label, attrs, origin FROM spans WHERE annotator = ?'
    params: list[Any] = [annotator]
    if annotator != MACHINE:
        sql += f" AND status IN ({','.join('?' * len(HUMAN_KEPT))})"
        params += list(HUMAN_KEPT)
    result: dict[int, list[Span]] = {aid: [] for aid in article_ids}
    for aid, start, end, label, attrs, origin in db.execute(sql + ' ORDER BY article_id, start, "end", id', params).fetchall():
        if aid in result and (labels is None or label in labels):
            result[aid].append(Span(start, end, label, json.loads(attrs or "{}"), origin))
    return result


def _order(names: Iterable[str]) -> list[str]:
    """People alphabetically, reserved layers ('@...') after them."""
    return sorted(set(names), key=lambda n: (n.startswith("@"), n))


def _safe_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    try:
        return cohen_kappa(a, b)
    except ValueError:
        return None


def _safe_alpha(units: Sequence[Sequence[str | None]]) -> float | None:
    try:
        return krippendorff_alpha(units)
    except ValueError:
        return None


def overlap_matches(reference: Sequence[Span], candidate: Sequence[Span]) -> list[tuple[Span, Span]]:
    """match_spans(..., "overlap"), run on each run of overlapping spans separately.

    The greedy matcher compares every pair of spans, which is quadratic in an
    article's span count; pairs only ever form inside a run of overlapping spans,
    and order within a run is kept, so matching run by run gives the same pairs.
    """
    items = sorted([(s.start, s.end, 0, i) for i, s in enumerate(reference)] + [(s.start, s.end, 1, j) for j, s in enumerate(candidate)])
    result: list[tuple[Span, Span]] = []
    run: list[tuple[int, int, int, int]] = []
    run_end = -1

    def flush() -> None:
        refs = [reference[i] for _, _, side, i in sorted(run, key=lambda r: (r[2], r[3])) if side == 0]
        cands = [candidate[j] for _, _, side, j in sorted(run, key=lambda r: (r[2], r[3])) if side == 1]
        if refs and cands:
            result.extend(match_spans(refs, cands, "overlap"))

    for item in items:
        if run and item[0] >= run_end:
            flush()
            run = []
        run.append(item)
        run_end = max(run_end, item[1]) if len(run) > 1 else item[1]
    if run:
        flush()
    result.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return result


def _overlap_prf(reference: Sequence[Span], candidate: Sequence[Span], matched: Sequence[tuple[Span, Span]], keys: Sequence[str]) -> dict[str, PRF]:
    """Per-label and micro counts from overlap matches (the same numbers span_prf gives in overlap mode)."""
    result = {}
    for k in keys:
        tp = sum(1 for r, _ in matched if k == ALL or r.label == k)
        n_ref = sum(1 for s in reference if k == ALL or s.label == k)
        n_cand = sum(1 for s in candidate if k == ALL or s.label == k)
        result[k] = PRF(tp, n_cand - tp, n_ref - tp)
    return result


def _only(spans: Sequence[Span], label: str) -> list[Span]:
    return list(spans) if label == ALL else [s for s in spans if s.label == label]


# ---------------------------------------------------------------- computation


def compute_agreement(
    db: Database,
    labels: Sequence[str] | None = None,
    annotators: Sequence[str] | None = None,
    *,
    include_machine: bool | None = None,
    tokenize: TokenFn | None = None,
) -> AgreementReport:
    """Pairwise span F1, token kappa and alpha, attribute agreement and the worst articles.

    annotators: whom to compare (default: every human who finished an article,
    plus '@machine' when the database holds machine predictions; include_machine
    overrides that). labels: restrict every number to these labels.
    tokenize: a replacement for the underthesea tokens (tests, other languages).
    """
    tokenize = tokenize or article_tokens
    label_filter = set(labels) if labels else None
    done = _finished(db)
    if annotators:
        selected = _order(annotators)
    else:
        selected = _order(n for n, ids in done.items() if ids and not n.startswith("@"))
        if include_machine is None:
            include_machine = bool(db.execute("SELECT EXISTS(SELECT 1 FROM spans WHERE annotator = ?)", [MACHINE]).fetchone()[0])
        if include_machine and selected:
            selected.append(MACHINE)
    people = [n for n in selected if n != MACHINE]
    finished: dict[str, set[int]] = {n: set(done.get(n, set())) for n in people}
    scope = set().union(*finished.values()) if finished else set()
    if MACHINE in selected:
        finished[MACHINE] = set(scope)

    articles = {a.id: a for a in article_store.iter_articles(db, scope, include_superseded=True)}
    spans = {n: _load_spans(db, n, finished[n], label_filter) for n in selected}
    label_list = sorted(label_filter) if label_filter else sorted({s.label for layer in spans.values() for doc in layer.values() for s in doc})
    keys = [*label_list, ALL]

    rated = {aid for aid in scope if sum(aid in finished[n] for n in selected) >= 2}
    tokens = {aid: tokenize(articles[aid]) for aid in sorted(rated)}

    span_counts = {}
    for a, b in combinations(selected, 2):
        shared = sorted(finished[a] & finished[b])
        strict: dict[str, PRF] = {k: PRF() for k in keys}
        overlap: dict[str, PRF] = {k: PRF() for k in keys}
        by_article: dict[int, tuple[PRF, PRF]] = {}
        matched: list[tuple[Span, Span]] = []
        for aid in shared:
            left, right = spans[a][aid], spans[b][aid]
            pairs_here = overlap_matches(left, right)
            s_counts = span_prf(left, right, "strict", label_list)
            o_counts = _overlap_prf(left, right, pairs_here, keys)
            for k in keys:
                strict[k] += s_counts[k]
                overlap[k] += o_counts[k]
            by_article[aid] = (s_counts[MICRO], o_counts[MICRO])
            matched += pairs_here
        span_counts[(a, b)] = (shared, strict, overlap, by_article, attribute_agreement(matched, ATTRIBUTE_KEYS))

    # token statistics one label at a time, so only one set of BIO tags is held in memory
    kappa: dict[tuple[str, str], dict[str, float | None]] = {pair: {} for pair in span_counts}
    alpha: dict[str, float | None] = {}
    for k in keys:
        tags = {(n, aid): bio_labels(tokens[aid], _only(spans[n][aid], k)) for n in selected for aid in sorted(rated) if aid in finished[n]}
        for (a, b), (shared, *_) in span_counts.items():
            left_tags = [t for aid in shared for t in tags.get((a, aid), [])]
            right_tags = [t for aid in shared for t in tags.get((b, aid), [])]
            kappa[(a, b)][k] = _safe_kappa(left_tags, right_tags)
        rows: list[list[str | None]] = [[] for _ in selected]
        for aid in sorted(rated):
            for row, name in zip(rows, selected):
                row.extend(tags[(name, aid)] if aid in finished[name] else [None] * len(tokens[aid]))
        alpha[k] = _safe_alpha(rows) if rows and rows[0] else None

    pairs = [
        PairAgreement(a, b, shared, strict, overlap, kappa[(a, b)], attributes, by_article)
        for (a, b), (shared, strict, overlap, by_article, attributes) in span_counts.items()
    ]
    per_label = {k: {(p.a, p.b): p.cell(k) for p in pairs} for k in keys}

    per_article = _article_rows(selected, finished, spans, articles, pairs)
    notes = _notes(selected, finished, pairs, rated)
    used = {s.label for layer in spans.values() for doc in layer.values() for s in doc}
    notes += [f"Label {label} occurs in no counted span." for label in label_list if label not in used]
    return AgreementReport(selected, label_list, {n: len(finished[n]) for n in selected}, pairs, per_label, alpha, per_article, notes)


def _article_rows(
    selected: list[str],
    finished: dict[str, set[int]],
    spans: dict[str, dict[int, list[Span]]],
    articles: dict[int, ArticleRecord],
    pairs: list[PairAgreement],
) -> list[ArticleAgreement]:
    """Articles two raters finished, lowest strict F1 first; raters are the humans when there are two or more."""
    people = [n for n in selected if not n.startswith("@")]
    raters = people if len(people) >= 2 else selected
    by_pair = {(p.a, p.b): p for p in pairs}
    rows = []
    for aid in sorted(articles):
        who = [n for n in raters if aid in finished[n]]
        if len(who) < 2:
            continue
        strict, overlap = PRF(), PRF()
        worst: tuple[float, tuple[str, str]] | None = None
        for a, b in combinations(who, 2):
            s, o = by_pair[(a, b)].by_article[aid]
            strict, overlap = strict + s, overlap + o
            if worst is None or s.f1 < worst[0]:
                worst = (s.f1, (a, b))
        machine_f1 = None
        if MACHINE in selected and MACHINE not in raters:
            total = sum((by_pair[(n, MACHINE)].by_article[aid][0] for n in who), PRF())
            machine_f1 = total.f1
        assert worst is not None
        rows.append(
            ArticleAgreement(
                aid, articles[aid].title or "", who, strict.f1, overlap.f1, worst[1], worst[0],
                {n: len(spans[n][aid]) for n in who}, machine_f1,
            )
        )
    rows.sort(key=lambda r: (r.f1_strict, r.f1_overlap, r.article_id))
    return rows


def _notes(selected: list[str], finished: dict[str, set[int]], pairs: list[PairAgreement], rated: set[int]) -> list[str]:
    notes = [
        "Spans counted: accepted and edited ones in human layers (rejected and undecided suggestions are not), every span of '@machine'.",
        "Span F1 is micro-averaged: counts summed over the articles both annotators finished, then F1 (symmetric, so the pair order does not matter).",
    ]
    if MACHINE in selected:
        notes.append("'@machine' is counted as an annotator who finished every article a selected human finished.")
    for name in selected:
        if not finished[name]:
            notes.append(f"{name} has finished no article; their pairs are empty.")
    for pair in pairs:
        if not pair.articles and finished[pair.a] and finished[pair.b]:
            notes.append(f"{pair.a} and {pair.b} share no finished article.")
    if not rated:
        notes.append("No article was finished by two annotators: there is nothing to compare yet.")
    notes += [
        "Tokens for kappa and alpha: underthesea word segmentation of the article region, BIO tags, furniture left out.",
        KAPPA_NOTE,
        ALPHA_NOTE,
        "Attributes are compared on span pairs matched by overlap and label, after normalisation (case, NFC, canonical without a leading unit word, numbers as numbers).",
    ]
    return notes


# ---------------------------------------------------------------- output


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _label_name(label: str) -> str:
    return "all" if label == ALL else label


def _attr(counts: tuple[int, int]) -> str:
    agree, total = counts
    return "—" if not total else f"{agree}/{total}"


def format_table(report: AgreementReport, articles: int = 10) -> str:
    """Plain-text report: pairs, per-label matrices, alpha, worst articles, notes."""
    if len(report.annotators) < 2:
        return "Agreement needs two annotators who finished articles; found: " + (", ".join(report.annotators) or "none") + "."
    lines = [
        "Annotators: " + ", ".join(f"{n} ({report.finished[n]} finished)" for n in report.annotators),
        "Labels: " + (", ".join(report.labels) or "none"),
        "",
        "Pairs (micro over shared finished articles)",
    ]
    width = max(len(f"{p.a} × {p.b}") for p in report.pairs)
    head = f"{'pair':<{width}}  articles  F1 strict  F1 overlap  kappa  " + "  ".join(f"{k:>9}" for k in HEADLINE_ATTRIBUTES)
    lines.append(head)
    for p in report.pairs:
        cell = p.cell()
        lines.append(
            f"{p.a + ' × ' + p.b:<{width}}  {len(p.articles):>8}  {_num(cell.f1_strict):>9}  {_num(cell.f1_overlap):>10}  {_num(cell.kappa):>5}  "
            + "  ".join(f"{_attr(p.attributes.get(k, (0, 0))):>9}" for k in HEADLINE_ATTRIBUTES)
        )
    lines += ["", "Per label: F1 strict / F1 overlap / kappa"]
    names = report.annotators
    col = max(18, *(len(n) for n in names))
    for label in [*report.labels, ALL]:
        lines.append(f"{_label_name(label)}")
        lines.append(" " * col + "".join(f"{n:>{col}}" for n in names))
        for a in names:
            row = f"{a:<{col}}"
            for b in names:
                cell = report.cell(label, a, b)
                text = "·" if cell is None else f"{_num(cell.f1_strict, 2)}/{_num(cell.f1_overlap, 2)}/{_num(cell.kappa, 2)}"
                row += f"{text:>{col}}"
            lines.append(row)
    lines += ["", "Krippendorff's alpha: " + ", ".join(f"{_label_name(k)} {_num(v)}" for k, v in report.alpha.items())]
    lines += ["", f"Lowest agreement first ({min(articles, len(report.per_article))} of {len(report.per_article)} articles)"]
    lines.append(f"{'article':>7}  F1 strict  F1 overlap  machine F1  worst pair            title")
    for row in report.per_article[:articles]:
        worst = f"{row.worst_pair[0]} × {row.worst_pair[1]}"
        lines.append(f"{row.article_id:>7}  {_num(row.f1_strict):>9}  {_num(row.f1_overlap):>10}  {_num(row.machine_f1):>10}  {worst:<20}  {row.title[:60]}")
    lines += ["", "Notes:"] + [f"- {note}" for note in report.notes]
    return "\n".join(lines)


def _prf(prf: PRF) -> dict[str, Any]:
    return {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def report_to_dict(report: AgreementReport) -> dict[str, Any]:
    """Plain data for JSON (labels keyed by name, 'micro' for all labels)."""
    return {
        "annotators": report.annotators,
        "labels": report.labels,
        "finished": report.finished,
        "pairs": [
            {
                "a": p.a,
                "b": p.b,
                "articles": p.articles,
                "labels": {
                    k: {
                        "strict": _prf(p.strict[k]) if p.articles else None,
                        "overlap": _prf(p.overlap[k]) if p.articles else None,
                        "kappa": p.kappa[k],
                    }
                    for k in p.strict
                },
                "attributes": {k: {"agree": v[0], "total": v[1]} for k, v in p.attributes.items() if v[1]},
                "by_article": [
                    {"article_id": aid, "f1_strict": s.f1, "f1_overlap": o.f1, "strict": _prf(s)} for aid, (s, o) in p.by_article.items()
                ],
            }
            for p in report.pairs
        ],
        "alpha": report.alpha,
        "per_article": [
            {
                "article_id": r.article_id,
                "title": r.title,
                "annotators": r.annotators,
                "f1_strict": r.f1_strict,
                "f1_overlap": r.f1_overlap,
                "worst_pair": list(r.worst_pair),
                "worst_f1": r.worst_f1,
                "spans": r.spans,
                "machine_f1": r.machine_f1,
            }
            for r in report.per_article
        ],
        "notes": report.notes,
    }


def to_json(report: AgreementReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)


CSV_COLUMNS = ["kind", "a", "b", "label", "article_id", "articles", "tp", "fp", "fn", "f1_strict", "f1_overlap", "kappa", "alpha", "machine_f1"]


def to_csv(report: AgreementReport) -> str:
    """Long format: one row per pair and label, per label alpha, then per article (worst first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()

    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:.6f}"

    for p in report.pairs:
        for k in p.strict:
            cell = p.cell(k)
            writer.writerow(
                {"kind": "pair", "a": p.a, "b": p.b, "label": k, "articles": len(p.articles), "tp": cell.strict.tp, "fp": cell.strict.fp,
                 "fn": cell.strict.fn, "f1_strict": fmt(cell.f1_strict), "f1_overlap": fmt(cell.f1_overlap), "kappa": fmt(cell.kappa)}
            )
    for k, value in report.alpha.items():
        writer.writerow({"kind": "alpha", "label": k, "alpha": fmt(value)})
    for r in report.per_article:
        writer.writerow(
            {"kind": "article", "a": r.worst_pair[0], "b": r.worst_pair[1], "label": MICRO, "article_id": r.article_id,
             "articles": 1, "f1_strict": fmt(r.f1_strict), "f1_overlap": fmt(r.f1_overlap), "machine_f1": fmt(r.machine_f1)}
        )
    return out.getvalue()
