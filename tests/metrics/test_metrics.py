"""Hand-computed checks for annotate.metrics; the arithmetic is in the comments so it can be redone on paper."""
from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from annotate.metrics import (
    ALPHA_NOTE,
    KAPPA_NOTE,
    MICRO,
    PRF,
    attribute_agreement,
    bio_labels,
    cohen_kappa,
    compare_documents,
    diff_spans,
    krippendorff_alpha,
    match_spans,
    normalise_canonical,
    span_prf,
)
from annotate.models import Span


def S(start: int, end: int, label: str, **attrs: object) -> Span:
    return Span(start, end, label, dict(attrs))


# Three reference spans; the candidate gets one exact, one with a shifted
# start (same label), and one with the right boundaries but the wrong label.
REF = [S(0, 10, "LOCALITY"), S(20, 30, "OFFICIAL"), S(40, 45, "FIGURE")]
CAND = [S(0, 10, "LOCALITY"), S(22, 30, "OFFICIAL"), S(40, 45, "LOCALITY")]


# ---------------------------------------------------------------- PRF


def test_prf_rates_and_zero_conventions() -> None:
    p = PRF(tp=2, fp=1, fn=3)
    assert p.precision == pytest.approx(2 / 3)
    assert p.recall == pytest.approx(2 / 5)
    # F1 = 2*2 / (2*2 + 1 + 3) = 4/8
    assert p.f1 == pytest.approx(0.5)
    # Nothing to find and nothing found: perfect agreement.
    assert (PRF().precision, PRF().recall, PRF().f1) == (1.0, 1.0, 1.0)
    # Empty candidate vs non-empty reference: 0/0 precision is 0.0, not 1.0.
    assert (PRF(0, 0, 4).precision, PRF(0, 0, 4).recall, PRF(0, 0, 4).f1) == (0.0, 0.0, 0.0)
    assert (PRF(0, 4, 0).precision, PRF(0, 4, 0).recall, PRF(0, 4, 0).f1) == (0.0, 0.0, 0.0)


def test_prf_add_and_sum() -> None:
    assert PRF(1, 2, 3) + PRF(10, 20, 30) == PRF(11, 22, 33)
    assert sum([PRF(1, 0, 0), PRF(0, 1, 0)]) == PRF(1, 1, 0)


# ---------------------------------------------------------------- matching


def test_strict_vs_overlap_three_spans() -> None:
    strict = span_prf(REF, CAND, "strict")
    # strict: only LOCALITY[0,10) matches -> tp=1; fp = 3-1 = 2; fn = 3-1 = 2
    # P = 1/3, R = 1/3, F1 = 2*1/(2+2+2) = 1/3
    assert strict[MICRO] == PRF(1, 2, 2)
    assert strict[MICRO].f1 == pytest.approx(1 / 3)
    # per label: LOCALITY tp1 fp1 (the mislabelled [40,45)) fn0 -> F1 = 2/(2+1) = 2/3
    assert strict["LOCALITY"] == PRF(1, 1, 0)
    assert strict["LOCALITY"].f1 == pytest.approx(2 / 3)
    assert strict["OFFICIAL"] == PRF(0, 1, 1)
    assert strict["FIGURE"] == PRF(0, 0, 1)
    assert strict["FIGURE"].f1 == 0.0

    overlap = span_prf(REF, CAND, "overlap")
    # overlap: OFFICIAL [20,30) ~ [22,30) shares 8 code points -> tp=2; the
    # FIGURE/LOCALITY pair never matches (labels differ). fp=1, fn=1
    # P = R = 2/3, F1 = 4/(4+1+1) = 2/3
    assert overlap[MICRO] == PRF(2, 1, 1)
    assert overlap[MICRO].f1 == pytest.approx(2 / 3)
    assert overlap["OFFICIAL"] == PRF(1, 0, 0)


def test_match_spans_pairs() -> None:
    assert match_spans(REF, CAND, "strict") == [(REF[0], CAND[0])]
    assert match_spans(REF, CAND, "overlap") == [(REF[0], CAND[0]), (REF[1], CAND[1])]


def test_overlap_is_one_to_one_and_greedy_by_largest_overlap() -> None:
    ref = [S(0, 10, "LOCALITY")]
    cand = [S(0, 3, "LOCALITY"), S(2, 10, "LOCALITY")]
    # overlaps: 3 and 8 -> the 8-code-point candidate wins, the other is spurious.
    assert match_spans(ref, cand, "overlap") == [(ref[0], cand[1])]
    assert span_prf(ref, cand, "overlap")[MICRO] == PRF(1, 1, 0)


def test_overlap_prefers_exact_match_on_ties() -> None:
    # cand [0,10) overlaps both refs by 10; ref [0,10) is the exact one (smaller union).
    ref = [S(0, 12, "LOCALITY"), S(0, 10, "LOCALITY")]
    cand = [S(0, 10, "LOCALITY")]
    assert match_spans(ref, cand, "overlap") == [(ref[1], cand[0])]


def test_adjacent_spans_do_not_overlap() -> None:
    assert match_spans([S(0, 5, "FIGURE")], [S(5, 9, "FIGURE")], "overlap") == []


def test_strict_handles_duplicates_one_to_one() -> None:
    ref = [S(0, 5, "FIGURE")]
    cand = [S(0, 5, "FIGURE"), S(0, 5, "FIGURE")]
    assert span_prf(ref, cand, "strict")[MICRO] == PRF(1, 1, 0)


def test_unknown_mode_raises() -> None:
    with pytest.raises(ValueError):
        span_prf(REF, CAND, "fuzzy")  # type: ignore[arg-type]


def test_labels_filter_and_zero_rows() -> None:
    result = span_prf(REF, CAND, "strict", labels=["OFFICIAL", "FIGURE"])
    assert set(result) == {"OFFICIAL", "FIGURE", MICRO}
    # OFFICIAL tp0 fp1 fn1 + FIGURE tp0 fp0 fn1; the LOCALITY spans are ignored.
    assert result[MICRO] == PRF(0, 1, 2)
    assert span_prf([], [], "strict", labels=["FIGURE"])["FIGURE"].f1 == 1.0


def test_single_label() -> None:
    ref = [S(0, 4, "FIGURE"), S(10, 14, "FIGURE")]
    cand = [S(0, 4, "FIGURE")]
    result = span_prf(ref, cand, "strict")
    assert set(result) == {"FIGURE", MICRO}
    # tp1 fp0 fn1: P=1, R=1/2, F1=2/(2+1)=2/3
    assert result["FIGURE"] == result[MICRO] == PRF(1, 0, 1)
    assert result[MICRO].f1 == pytest.approx(2 / 3)


def test_empty_annotators() -> None:
    assert span_prf([], [], "strict") == {MICRO: PRF(0, 0, 0)}
    assert span_prf([], [], "overlap")[MICRO].f1 == 1.0
    assert span_prf(REF, [], "strict")[MICRO].f1 == 0.0
    assert span_prf([], CAND, "overlap")[MICRO].f1 == 0.0


def test_identical_annotators() -> None:
    for mode in ("strict", "overlap"):
        result = span_prf(REF, list(REF), mode)
        assert all(p.f1 == p.precision == p.recall == 1.0 for p in result.values())


def test_compare_documents_is_micro_over_documents() -> None:
    doc2_ref = [S(0, 5, "OFFICIAL")]
    doc2_cand = [S(0, 5, "OFFICIAL"), S(9, 12, "FIGURE")]
    result = compare_documents([(REF, CAND), (doc2_ref, doc2_cand)], "strict")
    # doc1 strict: tp1 fp2 fn2; doc2: tp1 fp1 fn0 -> sum tp2 fp3 fn2
    # P = 2/5, R = 2/4, F1 = 4/(4+3+2) = 4/9 (the mean of per-doc F1s, (1/3+2/3)/2 = 1/2, is not it)
    assert result[MICRO] == PRF(2, 3, 2)
    assert result[MICRO].f1 == pytest.approx(4 / 9)
    # OFFICIAL: doc1 tp0 fp1 fn1 + doc2 tp1 fp0 fn0
    assert result["OFFICIAL"] == PRF(1, 1, 1)
    # FIGURE: doc1 fn1 + doc2 fp1
    assert result["FIGURE"] == PRF(0, 1, 1)
    assert list(result)[-1] == MICRO


def test_compare_documents_empty_and_labels() -> None:
    assert compare_documents([], "strict") == {MICRO: PRF()}
    assert compare_documents([], "strict", labels=["FIGURE"]) == {"FIGURE": PRF(), MICRO: PRF()}


# ---------------------------------------------------------------- diff


def test_diff_spans_kinds() -> None:
    ref = REF + [S(50, 55, "OFFICIAL")]
    cand = CAND + [S(60, 62, "FIGURE")]
    errors = diff_spans(ref, cand)
    assert [(e.kind, e.reference, e.candidate) for e in errors] == [
        ("wrong_boundary", ref[1], cand[1]),
        ("wrong_label", ref[2], cand[2]),
        ("missing", ref[3], None),
        ("spurious", None, cand[3]),
    ]


def test_diff_spans_consistent_with_strict_counts() -> None:
    ref = REF + [S(50, 55, "OFFICIAL")]
    cand = CAND + [S(60, 62, "FIGURE"), S(51, 53, "FIGURE")]
    errors = diff_spans(ref, cand)
    kinds = [e.kind for e in errors]
    wrong = kinds.count("wrong_boundary") + kinds.count("wrong_label")
    micro = span_prf(ref, cand, "strict")[MICRO]
    assert micro.fp == wrong + kinds.count("spurious")
    assert micro.fn == wrong + kinds.count("missing")
    assert diff_spans(ref, list(ref)) == []


# ---------------------------------------------------------------- BIO


def test_bio_labels_partial_cover_counts_inside() -> None:
    # text: "tỉnh Chiết Giang và TPHCM" (token offsets below)
    tokens = [(0, 4), (5, 10), (11, 16), (17, 19), (20, 25)]
    spans = [S(5, 16, "LOCALITY"), S(21, 25, "LOCALITY")]  # second starts inside token 5
    assert bio_labels(tokens, spans) == ["O", "B-LOCALITY", "I-LOCALITY", "O", "B-LOCALITY"]


def test_bio_labels_adjacent_spans_restart_with_b() -> None:
    tokens = [(0, 3), (4, 7), (8, 11)]
    spans = [S(0, 3, "OFFICIAL"), S(4, 11, "OFFICIAL")]
    assert bio_labels(tokens, spans) == ["B-OFFICIAL", "B-OFFICIAL", "I-OFFICIAL"]


def test_bio_labels_token_touching_two_spans_takes_larger_share() -> None:
    tokens = [(0, 10)]
    assert bio_labels(tokens, [S(0, 3, "FIGURE"), S(3, 10, "LOCALITY")]) == ["B-LOCALITY"]
    # tie (5 and 5): the earlier span
    assert bio_labels(tokens, [S(5, 10, "LOCALITY"), S(0, 5, "FIGURE")]) == ["B-FIGURE"]
    assert bio_labels(tokens, []) == ["O"]


# ---------------------------------------------------------------- kappa

A10 = ["O", "O", "O", "O", "B", "I", "O", "B", "O", "O"]
B10 = ["O", "O", "O", "B", "B", "I", "O", "O", "O", "B"]


def test_cohen_kappa_ten_tokens() -> None:
    # agreements at positions 0,1,2,4,5,6,8 -> p_o = 7/10
    # marginals a: O7 B2 I1; b: O6 B3 I1
    # p_e = (7*6 + 2*3 + 1*1) / 100 = 49/100
    # kappa = (0.70 - 0.49) / (1 - 0.49) = 0.21 / 0.51 = 7/17
    assert cohen_kappa(A10, B10) == pytest.approx(7 / 17)
    assert cohen_kappa(A10, B10) == pytest.approx(cohen_kappa(B10, A10))


def test_cohen_kappa_identical_and_degenerate() -> None:
    assert cohen_kappa(A10, A10) == pytest.approx(1.0)
    # one identical category everywhere: p_e = 1, defined as 1.0
    assert cohen_kappa(["O"] * 5, ["O"] * 5) == 1.0


def test_cohen_kappa_systematic_disagreement() -> None:
    # p_o = 0, p_e = (1*1 + 1*1)/4 = 1/2 -> kappa = -1/2 / 1/2 = -1
    assert cohen_kappa(["O", "B"], ["B", "O"]) == pytest.approx(-1.0)
    # one rater constant, other not: p_o = 1/2, p_e = (2*1)/4 = 1/2 -> 0
    assert cohen_kappa(["O", "O"], ["O", "B"]) == pytest.approx(0.0)


def test_cohen_kappa_errors() -> None:
    with pytest.raises(ValueError):
        cohen_kappa(["O", "O"], ["O"])
    with pytest.raises(ValueError):
        cohen_kappa([], [])


# ---------------------------------------------------------------- alpha

# annotators as rows, 4 units (tokens); None = not annotated
ALPHA_DATA = [
    ["a", "a", "b", "a"],
    ["a", "b", "b", None],
    ["a", "b", "b", "a"],
]


def test_krippendorff_alpha_hand_computed() -> None:
    # Coincidence matrix: each unit with m values adds every ordered pair of
    # values from different annotators, weighted 1/(m-1).
    #   unit 1 (a,a,a), m=3: 6 ordered (a,a) pairs / 2 -> o_aa += 3
    #   unit 2 (a,b,b), m=3: (a,b)x2, (b,a)x2, (b,b)x2, each / 2 -> o_ab += 1, o_ba += 1, o_bb += 1
    #   unit 3 (b,b,b), m=3: o_bb += 3
    #   unit 4 (a,a),   m=2: 2 ordered (a,a) pairs / 1 -> o_aa += 2
    # o_aa=5 o_ab=1 o_ba=1 o_bb=4; n_a=6 n_b=5 n=11
    # nominal: alpha = 1 - (n-1) * (o_ab + o_ba) / (n_a*n_b + n_b*n_a)
    #               = 1 - 10 * 2 / 60 = 2/3
    assert krippendorff_alpha(ALPHA_DATA) == pytest.approx(2 / 3)
    # cross-check with the package on the same integer coding (a=0, b=1)
    raw = np.array([[0, 0, 1, 0], [0, 1, 1, np.nan], [0, 1, 1, 0]], dtype=float)
    assert krippendorff.alpha(reliability_data=raw, level_of_measurement="nominal") == pytest.approx(2 / 3)


def test_krippendorff_alpha_two_raters_ten_tokens() -> None:
    # Same 10 tokens as kappa. Pooled marginals (n = 20): O13 B5 I2.
    # Disagreements: 3 units, each adds 1 to o_ck and o_kc -> sum off-diagonal = 6
    # (all are O/B pairs); expected: sum_{c!=k} n_c n_k = 20^2 - (13^2 + 5^2 + 2^2) = 400 - 198 = 202
    # alpha = 1 - (n-1) * 6 / 202 = 1 - 19*6/202 = 1 - 114/202 = 88/202 = 44/101
    assert krippendorff_alpha([A10, B10]) == pytest.approx(44 / 101)


def test_krippendorff_alpha_identical_and_degenerate() -> None:
    assert krippendorff_alpha([A10, A10, A10]) == pytest.approx(1.0)
    assert krippendorff_alpha([["O"] * 4, ["O"] * 4]) == 1.0
    # "B" appears only in a unit rated once, so every pairable value is O
    assert krippendorff_alpha([["O", "B"], ["O", None]]) == 1.0


def test_krippendorff_alpha_errors() -> None:
    with pytest.raises(ValueError):
        krippendorff_alpha([["O", "O"], ["O"]])
    with pytest.raises(ValueError):
        krippendorff_alpha([])
    with pytest.raises(ValueError):
        krippendorff_alpha([["O", None], [None, "B"]])


def test_notes_exist() -> None:
    assert "two raters" in KAPPA_NOTE and "pooled" in ALPHA_NOTE


# ---------------------------------------------------------------- end to end


def test_bio_then_kappa_and_alpha_from_spans() -> None:
    tokens = [(0, 4), (5, 10), (11, 16), (17, 19), (20, 25)]
    a = bio_labels(tokens, [S(5, 16, "LOCALITY")])
    b = bio_labels(tokens, [S(5, 16, "LOCALITY")])
    assert cohen_kappa(a, b) == 1.0 and krippendorff_alpha([a, b]) == pytest.approx(1.0)


# ---------------------------------------------------------------- attributes


def test_normalise_canonical() -> None:
    assert normalise_canonical("Tỉnh Bình Dương") == normalise_canonical("Bình Dương") == "bình dương"
    assert normalise_canonical("TP. Hồ Chí Minh") == normalise_canonical("Thành phố  Hồ Chí Minh")
    assert normalise_canonical("TP.HCM") == "tp.hcm"  # fused abbreviation stays one name
    assert normalise_canonical("Phòng Thành Cảng") == "phòng thành cảng"


def test_attribute_agreement() -> None:
    decomposed = "Bi\u0301 thư Thành ủy Thượng Hải"  # NFD-ish acute on i -> NFC "Bí"
    pairs = [
        # canonical equal after dropping "Tỉnh"; country case-insensitive; level same
        (S(0, 5, "LOCALITY", canonical="Tỉnh Bình Dương", country="VN", level="province"),
         S(0, 5, "LOCALITY", canonical="Bình Dương", country="vn ", level="province")),
        # canonical differs; level only on one side -> disagreement
        (S(9, 14, "LOCALITY", canonical="Trùng Khánh", country="CN"),
         S(9, 14, "LOCALITY", canonical="Thượng Hải", country="CN", level="province")),
        # title after NFC; side differs
        (S(20, 25, "OFFICIAL", title="Bí thư Thành ủy Thượng Hải", side="CN"),
         S(20, 25, "OFFICIAL", title=decomposed, side="VN")),
        # value as float vs int vs text within 1e-9 relative; unit equal; None = absent
        (S(30, 40, "FIGURE", value=48_240_000_000, unit="tỷ USD", title=None),
         S(30, 40, "FIGURE", value=48.24e9 * (1 + 1e-12), unit="Tỷ USD")),
        (S(50, 53, "FIGURE", value="0.125", unit="fraction"),
         S(50, 53, "FIGURE", value=0.126, unit="fraction")),
    ]
    result = attribute_agreement(pairs)
    # canonical: pair1 yes, pair2 no -> (1, 2)
    # country: pair1 yes, pair2 yes -> (2, 2)
    # level: pair1 yes, pair2 one-sided -> (1, 2)
    # title: pair3 yes (pair4's None is absent) -> (1, 1)
    # side: pair3 no -> (0, 1)
    # value: pair4 yes (rel diff 1e-12), pair5 no (0.125 vs 0.126) -> (1, 2)
    # unit: pair4 yes, pair5 yes -> (2, 2)
    assert result == {
        "canonical": (1, 2),
        "side": (0, 1),
        "value": (1, 2),
        "title": (1, 1),
        "unit": (2, 2),
        "country": (2, 2),
        "level": (1, 2),
    }


def test_attribute_agreement_identical_and_empty() -> None:
    spans = [S(0, 5, "LOCALITY", canonical="Thượng Hải", country="CN", level="province"),
             S(9, 12, "FIGURE", value=261, unit="dự án")]
    result = attribute_agreement(zip(spans, spans))
    assert all(agree == total for agree, total in result.values())
    assert result["side"] == (0, 0)
    assert attribute_agreement([], keys=("side",)) == {"side": (0, 0)}


def test_attribute_agreement_over_overlap_matches() -> None:
    ref = [S(20, 30, "OFFICIAL", side="CN"), S(40, 45, "FIGURE", value=5)]
    cand = [S(22, 30, "OFFICIAL", side="CN"), S(40, 45, "FIGURE", value=5.0)]
    result = attribute_agreement(match_spans(ref, cand, "overlap"), keys=("side", "value"))
    assert result == {"side": (1, 1), "value": (1, 1)}
