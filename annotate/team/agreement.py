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

from itertools import combinations
from typing import Callable, Iterable, Sequence

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
from annotate.models import ArticleRecord, Span
from annotate.store import articles as article_store
from annotate.store import layers, reviews
from annotate.store.database import MACHINE
from annotate.team.agreement_report import ALL, AgreementReport, ArticleAgreement, PairAgreement
from annotate.team.tokens import article_tokens

HUMAN_KEPT = ("accepted", "edited")
ATTRIBUTE_KEYS = ("canonical", "side", "value", "title", "unit", "country", "level", "now")
TokenFn = Callable[[ArticleRecord], list[tuple[int, int]]]


# ---------------------------------------------------------------- loading


def _load_spans(db: Database, annotator: str, article_ids: set[int], labels: set[str] | None) -> dict[int, list[Span]]:
    """Counted spans of one layer, by article: human layers keep accepted/edited, the machine everything."""
    by_article = layers.spans_by_article(db, annotator, article_ids, None if annotator == MACHINE else HUMAN_KEPT)
    if labels is None:
        return by_article
    return {aid: [s for s in spans if s.label in labels] for aid, spans in by_article.items()}


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
    selected, finished = _selection(db, annotators, include_machine)
    scope = set().union(*finished.values()) if finished else set()
    articles = {a.id: a for a in article_store.iter_articles(db, scope, include_superseded=True)}
    spans = {n: _load_spans(db, n, finished[n], label_filter) for n in selected}
    label_list = sorted(label_filter) if label_filter else sorted({s.label for layer in spans.values() for doc in layer.values() for s in doc})
    keys = [*label_list, ALL]

    rated = {aid for aid in scope if sum(aid in finished[n] for n in selected) >= 2}
    tokens = {aid: tokenize(articles[aid]) for aid in sorted(rated)}
    span_counts = {(a, b): _pair_counts(sorted(finished[a] & finished[b]), spans[a], spans[b], label_list, keys) for a, b in combinations(selected, 2)}
    kappa, alpha = _token_statistics(selected, finished, spans, tokens, sorted(rated), keys, span_counts)

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


def _selection(db: Database, annotators: Sequence[str] | None, include_machine: bool | None) -> tuple[list[str], dict[str, set[int]]]:
    """Whom to compare, and the articles each finished ('@machine' counts as finishing what the people did)."""
    done = reviews.finished_articles(db)
    if annotators:
        selected = _order(annotators)
    else:
        selected = _order(n for n, ids in done.items() if ids and not n.startswith("@"))
        if include_machine is None:
            include_machine = layers.has_spans(db, MACHINE)
        if include_machine and selected:
            selected.append(MACHINE)
    people = [n for n in selected if n != MACHINE]
    finished: dict[str, set[int]] = {n: set(done.get(n, set())) for n in people}
    scope = set().union(*finished.values()) if finished else set()
    if MACHINE in selected:
        finished[MACHINE] = set(scope)
    return selected, finished


PairCounts = tuple[list[int], dict[str, PRF], dict[str, PRF], dict[int, tuple[PRF, PRF]], dict[str, tuple[int, int]]]


def _pair_counts(shared: list[int], left_layer: dict[int, list[Span]], right_layer: dict[int, list[Span]], label_list: list[str], keys: list[str]) -> PairCounts:
    """One pair over the articles both finished: strict and overlap counts per label, per article, and attributes."""
    strict: dict[str, PRF] = {k: PRF() for k in keys}
    overlap: dict[str, PRF] = {k: PRF() for k in keys}
    by_article: dict[int, tuple[PRF, PRF]] = {}
    matched: list[tuple[Span, Span]] = []
    for aid in shared:
        left, right = left_layer[aid], right_layer[aid]
        pairs_here = overlap_matches(left, right)
        s_counts = span_prf(left, right, "strict", label_list)
        o_counts = _overlap_prf(left, right, pairs_here, keys)
        for k in keys:
            strict[k] += s_counts[k]
            overlap[k] += o_counts[k]
        by_article[aid] = (s_counts[MICRO], o_counts[MICRO])
        matched += pairs_here
    return shared, strict, overlap, by_article, attribute_agreement(matched, ATTRIBUTE_KEYS)


def _token_statistics(
    selected: list[str],
    finished: dict[str, set[int]],
    spans: dict[str, dict[int, list[Span]]],
    tokens: dict[int, list[tuple[int, int]]],
    rated: list[int],
    keys: list[str],
    span_counts: dict[tuple[str, str], PairCounts],
) -> tuple[dict[tuple[str, str], dict[str, float | None]], dict[str, float | None]]:
    """Kappa per pair and alpha over everyone, per label; one label at a time so one set of BIO tags is in memory."""
    kappa: dict[tuple[str, str], dict[str, float | None]] = {pair: {} for pair in span_counts}
    alpha: dict[str, float | None] = {}
    for k in keys:
        tags = {(n, aid): bio_labels(tokens[aid], _only(spans[n][aid], k)) for n in selected for aid in rated if aid in finished[n]}
        for (a, b), (shared, *_) in span_counts.items():
            left_tags = [t for aid in shared for t in tags.get((a, aid), [])]
            right_tags = [t for aid in shared for t in tags.get((b, aid), [])]
            kappa[(a, b)][k] = _safe_kappa(left_tags, right_tags)
        rows: list[list[str | None]] = [[] for _ in selected]
        for aid in rated:
            for row, name in zip(rows, selected):
                row.extend(tags[(name, aid)] if aid in finished[name] else [None] * len(tokens[aid]))
        alpha[k] = _safe_alpha(rows) if rows and rows[0] else None
    return kappa, alpha


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
