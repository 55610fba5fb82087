"""The region minus furniture: clipped, merged, in order."""
from __future__ import annotations

from annotate.text.segments import article_segments


def test_furniture_is_cut_out_of_the_region():
    assert article_segments((0, 100), [(10, 20), (15, 30), (90, 120)]) == [(0, 10), (30, 90)]
    assert article_segments((5, 8), []) == [(5, 8)]


def test_furniture_outside_the_region_changes_nothing():
    assert article_segments((10, 50), [(0, 5), (60, 70)]) == [(10, 50)]
    assert article_segments((10, 50), [(0, 50)]) == []
