"""Fuzzy gazetteer suggestions and reviewer-confirmed additions."""
from __future__ import annotations

from annotate.store.database import open_database
from annotate.services.suggestions import add_place, suggest_places


def test_misspelt_chinese_city_suggests_the_right_entry_first():
    best = suggest_places("Trung Khánh")[0]
    assert (best.canonical, best.country, best.level) == ("Trùng Khánh", "CN", "province")
    assert best.attrs() == {"country": "CN", "canonical": "Trùng Khánh", "level": "province"}


def test_merged_province_carries_now():
    best = suggest_places("Bình Dương")[0]
    assert best.canonical == "Bình Dương" and best.now == "Thành phố Hồ Chí Minh"


def test_empty_query_gives_nothing():
    assert suggest_places("   ") == []


def test_confirmed_name_is_added_once_and_suggested_first(db_path):
    db = open_database(db_path)
    assert add_place(db, "Nara", "Nara", "JP", "province", None, "lan")
    assert not add_place(db, "Nara", "Nara", "JP", "province", None, "minh")
    assert add_place(db, "Pờ Ly Ngài", "Pờ Ly Ngài", "VN", "commune", "Hà Giang", "lan")
    best = suggest_places("Pờ Ly Ngài", db)[0]
    assert (best.canonical, best.source, best.score) == ("Pờ Ly Ngài", "user", 100.0)
