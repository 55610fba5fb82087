"""Agreement on span attributes (title, side, canonical, value, ...) over span pairs already matched by boundary and label."""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Iterable, Sequence

from annotate.models import Span

DEFAULT_KEYS: tuple[str, ...] = ("canonical", "side", "value", "title", "unit", "country", "level")
REL_TOL = 1e-9

# GUIDELINES: canonical names are compared without a leading unit word
# ("Tỉnh Bình Dương" == "Bình Dương", "TP. Hồ Chí Minh" == "Hồ Chí Minh").
# Matched on casefolded NFC text and only before a space: a fused "TP.HCM" is one name.
_UNIT_PREFIX = re.compile(r"^(?:thành phố|thị xã|thị trấn|đặc khu|tỉnh|quận|huyện|phường|xã|tp\.?)\s+")


def normalise_text(value: str) -> str:
    """NFC, casefold and collapse whitespace, so case and typing noise do not count as disagreement."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def normalise_canonical(value: str) -> str:
    """Normalised name without one leading administrative unit word, as GUIDELINES asks."""
    text = normalise_text(value)
    stripped = _UNIT_PREFIX.sub("", text, count=1)
    return stripped or text


def _as_number(value: Any) -> float | None:
    """A float for ints, floats and numeric strings (values may arrive as text from storage); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def values_agree(key: str, a: Any, b: Any) -> bool:
    """Equality after normalisation: floats within REL_TOL, strings normalised (canonical without unit word)."""
    x, y = _as_number(a), _as_number(b)
    if x is not None and y is not None:
        return math.isclose(x, y, rel_tol=REL_TOL)
    if isinstance(a, str) and isinstance(b, str):
        if key == "canonical":
            return normalise_canonical(a) == normalise_canonical(b)
        return normalise_text(a) == normalise_text(b)
    return a == b


def attribute_agreement(
    matched: Iterable[tuple[Span, Span]], keys: Sequence[str] = DEFAULT_KEYS
) -> dict[str, tuple[int, int]]:
    """(agree, total) per key over pairs where at least one side has the key; a key on one side only counts as disagreement.

    A key whose value is None counts as absent. Every requested key is in the
    result, (0, 0) when no pair carries it.
    """
    counts = {key: [0, 0] for key in keys}
    for left, right in matched:
        for key in keys:
            a, b = left.attrs.get(key), right.attrs.get(key)
            if a is None and b is None:
                continue
            counts[key][1] += 1
            if a is not None and b is not None and values_agree(key, a, b):
                counts[key][0] += 1
    return {key: (agree, total) for key, (agree, total) in counts.items()}
