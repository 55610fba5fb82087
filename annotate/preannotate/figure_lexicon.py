"""The figure finder's word lists, read once from data/figures.yaml (units, counted nouns, qualifiers, cues).

Data only, lowercase, so the rules in figures.py stay short and the lists can
grow without touching the logic.
"""
from __future__ import annotations

from pathlib import Path

from annotate.gazetteer.yamlio import load_yaml

DATA_PATH = Path(__file__).resolve().parent / "data" / "figures.yaml"
_DATA = load_yaml(DATA_PATH)


def _words(key: str) -> frozenset[str]:
    """One list of data/figures.yaml as a set."""
    return frozenset(_DATA[key])


CURRENCIES: dict[str, str] = dict(_DATA["currencies"])  # spelling -> ISO 4217 code
COUNTED_NOUNS = _words("counted_nouns")
NOT_UNITS = _words("not_units")
QUALIFIERS = _words("qualifiers")
WEAK_QUALIFIERS = _words("weak_qualifiers")
COMPARATIVES = _words("comparatives")
MEASURE_UNITS = _words("measure_units")
LABEL_WORDS = _words("label_words")
EVENT_WORDS = _words("event_words")
WEEKDAY_CUES = _words("weekday_cues")
WEEKDAY_CUES_AFTER = _words("weekday_cues_after")
PERIOD_CUES = _words("period_cues")
PERIOD_NOUNS = _words("period_nouns")
SPAN_NOUNS = _words("span_nouns")
SPAN_CUES_AFTER = _words("span_cues_after")
SPAN_CUES_BEFORE = _words("span_cues_before")
RELATIONSHIP_CUES: tuple[str, ...] = tuple(_DATA["relationship_cues"])
FRACTION_CUES = _words("fraction_cues")
FRACTION_OF = _words("fraction_of")
NUMBER_IDIOMS = _words("number_idioms")
COMPOUND_HEADS = _words("compound_heads")
PAIR_NOUNS = _words("pair_nouns")
PERSON_WORDS = _words("person_words")
YEAR_CUES = _words("year_cues")
WORD_IDIOMS = _words("word_idioms")
GLUED_UNITS = _words("glued_units")
SCALE_BLOCKERS = _words("scale_blockers")
NOT_COUNTED_NOUNS = _words("not_counted_nouns")
CLOCK_CUES_BEFORE = _words("clock_cues_before")
CLOCK_CUES_AFTER = _words("clock_cues_after")
THING_CUES = _words("thing_cues")
DATE_CUES = _words("date_cues")
PERIOD_WORDS_BEFORE = _words("period_words_before")
NOUN_COORDINATORS = _words("noun_coordinators")
RANK_CUES = _words("rank_cues")
PER_UNITS = _words("per_units")
# counted noun -> its coordination group
COORDINATION_GROUP: dict[str, int] = {noun: k for k, group in enumerate(_DATA["coordinated_groups"]) for noun in group}
