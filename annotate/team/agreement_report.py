"""What an agreement computation produces: cells of the matrix, pairs, articles, the report."""
from __future__ import annotations

from dataclasses import dataclass, field

from annotate.metrics import MICRO, PRF

ALL = MICRO  # the key of the all-labels (micro) entry in every per-label mapping


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
