"""Reliability bins, expected calibration error and Brier score, checked by hand."""
from __future__ import annotations

import pytest

from annotate.metrics.calibration import (
    brier_score, expected_calibration_error, format_reliability, least_sure_share, reliability,
)


def test_bins_hold_count_mean_confidence_and_precision():
    bins = reliability([0.55, 0.55, 0.96, 0.97, 1.0], [True, False, True, True, True])
    assert [(b.low, b.high, b.count) for b in bins] == [(0.5, 0.6, 2), (0.95, 0.98, 2), (0.99, 1.0, 1)]
    assert bins[0].mean_confidence == pytest.approx(0.55) and bins[0].precision == 0.5
    assert bins[2].precision == 1.0  # 1.0 falls in the last, closed bin


def test_ece_is_the_count_weighted_gap():
    bins = reliability([0.55, 0.55, 0.96, 0.96], [True, False, True, False])
    # bin 1: |0.5 - 0.55| = 0.05; bin 2: |0.5 - 0.96| = 0.46; both weigh 2 of 4
    assert expected_calibration_error(bins) == pytest.approx((0.05 + 0.46) / 2)
    assert expected_calibration_error([]) == 0.0


def test_brier_score():
    assert brier_score([1.0, 0.0], [True, False]) == 0.0
    assert brier_score([0.8, 0.3], [True, False]) == pytest.approx((0.04 + 0.09) / 2)


def test_the_least_sure_share_counts_errors_found_first():
    confidences = [0.2, 0.9, 0.95, 0.99] * 5
    correct = [False, True, True, False] * 5
    assert least_sure_share(confidences, correct) == (1, 10)  # 5% of 20 is one suggestion
    assert least_sure_share(confidences, correct, fraction=0.25) == (5, 10)


def test_the_table_prints_every_non_empty_bin_and_the_totals():
    out = format_reliability([0.55, 0.96, 0.99], [False, True, True])
    assert "[0.50, 0.60)" in out and "[0.99, 1.00]" in out and "[0.00, 0.50)" not in out
    assert "suggestions 3, precision 0.667; ECE" in out


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        reliability([0.5], [True, False])
