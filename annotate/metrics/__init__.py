"""Pure agreement and evaluation metrics over plain spans: no storage, no UI."""
from annotate.metrics.attributes import attribute_agreement, normalise_canonical, values_agree
from annotate.metrics.spans import (
    MICRO,
    PRF,
    SpanError,
    compare_documents,
    diff_spans,
    match_spans,
    span_prf,
)
from annotate.metrics.tokens import ALPHA_NOTE, KAPPA_NOTE, bio_labels, cohen_kappa, krippendorff_alpha

__all__ = [
    "ALPHA_NOTE",
    "KAPPA_NOTE",
    "MICRO",
    "PRF",
    "SpanError",
    "attribute_agreement",
    "bio_labels",
    "cohen_kappa",
    "compare_documents",
    "diff_spans",
    "krippendorff_alpha",
    "match_spans",
    "normalise_canonical",
    "span_prf",
    "values_agree",
]
