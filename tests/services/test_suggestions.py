"""Fuzzy gazetteer suggestions and reviewer-confirmed additions, through the service the review screen uses."""
from __future__ import annotations

import threading

import pytest

from annotate.gazetteer.index import default_index
from annotate.schema import cached_schema
from annotate.services.suggestions import SuggestionService, rank_suggestions
from annotate.store.database import open_database
from annotate.store.gazetteer import add_place, confirmed_places


@pytest.fixture
def service(db_path):
    svc = SuggestionService(db_path)
    yield svc
    svc.close()


def test_misspelt_chinese_city_suggests_the_right_entry_first(service):
    best = service.places("Trung Khánh")[0]
    assert (best.canonical, best.country, best.level) == ("Trùng Khánh", "CN", "province")
    assert best.attrs() == {"country": "CN", "canonical": "Trùng Khánh", "level": "province"}


def test_merged_province_carries_now(service):
    best = service.places("Bình Dương")[0]
    assert best.canonical == "Bình Dương" and best.now == "Thành phố Hồ Chí Minh"


def test_empty_query_gives_nothing(service):
    assert service.places("   ") == []
    assert rank_suggestions("", default_index()) == []


def test_confirmed_name_is_added_once_and_suggested_first(db_path, service):
    db = open_database(db_path)
    assert add_place(db, "Nara", "Nara", "JP", "province", None, "lan")
    assert not add_place(db, "Nara", "Nara", "JP", "province", None, "minh")
    assert add_place(db, "Pờ Ly Ngài", "Pờ Ly Ngài", "VN", "commune", "Hà Giang", "lan")
    best = service.places("Pờ Ly Ngài")[0]
    assert (best.canonical, best.source, best.score) == ("Pờ Ly Ngài", "user", 100.0)
    assert [e.name for e in confirmed_places(db)] == ["Nara", "Pờ Ly Ngài"]


def test_remember_stores_once(service, db_path):
    suggestion = service.places("Thượng Hải")[0]
    assert service.remember("Thượng Hải thành phố", suggestion, "lan")
    assert not service.remember("Thượng Hải thành phố", suggestion, "minh")
    assert [(e.name, e.canonical) for e in confirmed_places(open_database(db_path))] == [("Thượng Hải thành phố", "Thượng Hải")]


def test_a_place_in_the_users_gazetteer_file_is_suggested(tmp_path, monkeypatch, db_path):
    """Ingest pre-annotates places of the files schema.yaml names; `g` finds them too."""
    places = tmp_path / "my_places.yaml"
    places.write_text(
        "places:\n  - {id: jp-test, name: Xi-mô-ki-ta, canonical: Shimokita, country: JP, level: city,"
        " variants: [Shimokita]}\n",
        encoding="utf-8",
    )
    schema = tmp_path / "schema.yaml"
    schema.write_text(cached_schema().path.read_text(encoding="utf-8").replace("  places: []", "  places: [my_places.yaml]"),
                      encoding="utf-8")
    monkeypatch.setenv("ANNOTATE_SCHEMA", str(schema))
    cached_schema.cache_clear()
    try:
        service = SuggestionService(db_path)
        best = service.places("Xi-mô-ki-ta")[0]
        service.close()
    finally:
        cached_schema.cache_clear()
    assert (best.canonical, best.country, best.level) == ("Shimokita", "JP", "city")


def test_lookups_from_many_threads_share_one_connection_safely(service):
    found: list[str] = []

    def look() -> None:
        found.append(service.places("Quảng Tây")[0].canonical)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == ["Quảng Tây"] * 4
