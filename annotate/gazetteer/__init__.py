"""Gazetteers: Chinese and Vietnamese localities, countries, titles and officials."""
from __future__ import annotations

from .choose import choose
from .entries import LEVELS, Country, PlaceEntry
from .index import PlaceIndex, default_index
from .people import Official, OfficialIndex, TitleLexicon, default_officials, default_titles

__all__ = [
    "LEVELS", "Country", "PlaceEntry", "PlaceIndex", "choose", "default_index",
    "Official", "OfficialIndex", "TitleLexicon", "default_officials", "default_titles",
]
