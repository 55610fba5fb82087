"""Behaviour of the gazetteer: normalisation, names in running text, the homonym chooser, fuzzy search, user data, people."""
from __future__ import annotations

import pytest

from annotate.gazetteer import PlaceEntry, PlaceIndex, choose, default_index, default_officials, default_titles
from annotate.gazetteer.countries import country_at
from annotate.gazetteer.normalize import fold, key, strip_units
from annotate.text.syllables import words_in


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return default_index()


# --------------------------------------------------------------- normalisation
def test_key_normalises_tone_placement_case_and_separators():
    assert key("Thanh Hoá") == key("Thanh Hóa")
    assert key("THỪA THIÊN-HUẾ") == key("Thừa Thiên - Huế")
    nfd = "Tru\u0300ng Kha\u0301nh"
    assert key(nfd) == key("Trùng Khánh")
    assert key("Quý Châu") == "quý châu"  # "qu" is a consonant: no tone move
    assert fold("Trùng Khánh") == "trung khanh" and fold("Đà Nẵng") == "da nang"


def test_strip_units_yields_each_stage():
    assert list(strip_units(key("Ủy ban nhân dân tỉnh Bình Dương"))) == [
        "ủy ban nhân dân tỉnh bình dương", "tỉnh bình dương", "bình dương"]
    assert list(strip_units("tỉnh")) == ["tỉnh"]


# --------------------------------------------------------------- names in running text
def words(text):
    return words_in(text, 0, len(text))


@pytest.mark.parametrize("name", ["Chiết Giang", "Triết Giang", "Zhejiang"])
def test_lookup_finds_written_names_and_variants(index, name):
    assert [(e.canonical, e.country, e.level) for e in index.lookup(name)] == [("Chiết Giang", "CN", "province")]


def test_lookup_alias_without_its_unit_word_and_i_y_spelling(index):
    assert [e.canonical for e in index.lookup("Hồ Chí Minh")] == ["Thành phố Hồ Chí Minh"]
    assert [e.canonical for e in index.lookup("Quí Châu")] == ["Quý Châu"]
    assert index.lookup("Xyzabc") == [] and index.lookup("") == []


@pytest.mark.parametrize("name", ["Việt Nam", "Trung Quốc", "Lào", "Biển Đông", "Đông Nam Á", "Trung ương"])
def test_countries_and_regions_are_never_places(index, name):
    assert index.lookup(name) == []


@pytest.mark.parametrize(("name", "canonical"), [("Hồng Kông", "Hồng Kông"), ("Hong Kong", "Hồng Kông"),
                                                 ("Hongkong", "Hồng Kông"), ("Macau", "Ma Cao"), ("Đài Loan", "Đài Loan")])
def test_special_regions_and_taiwan_are_chinese_provinces(index, name, canonical):
    """GUIDELINES: Hồng Kông and Ma Cao are LOCALITY (the desk reads Đài Loan as the gazetteer has it)."""
    assert [(e.canonical, e.country, e.level) for e in index.lookup(name)] == [(canonical, "CN", "province")]


def test_place_at_takes_the_longest_name_over_spaced_hyphens(index):
    ws = words("thăm tỉnh Bà Rịa - Vũng Tàu và Thành phố Hồ Chí Minh")
    k, entries = index.place_at(ws, 2)
    assert k == 5 and entries[0].canonical == "Bà Rịa - Vũng Tàu"
    assert index.place_at(ws, 8) == (0, [])  # "Thành phố" opens no name: the unit word is not part of it
    assert index.place_at(ws, 10)[0] == 3


def test_folded_lookup_and_written_case(index):
    assert {e.canonical for e in index.lookup_folded("trung khanh")} == {"Trùng Khánh"}
    assert index.written_form(("cần", "thơ")) == ("Cần", "Thơ")
    assert index.written_form(("trung", "quốc")) == ("Trung", "Quốc")


def test_now_names_the_unit_of_today(index):
    ha_giang = choose(index.lookup("Hà Giang"), "province", "VN", day="2024-01-01")
    assert index.now_name(ha_giang) == "Tuyên Quang"
    ha_noi = choose(index.lookup("Hà Nội"), "province", "VN")
    assert index.now_name(ha_noi) is None


def test_country_at_reads_countries_but_not_given_names():
    assert country_at(words("Đoàn Trung Quốc thăm"), 1) == (2, "CN")
    assert country_at(words("ông Trần Phước Anh"), 3) == (0, "")


# --------------------------------------------------------------- the homonym chooser
def test_choose_by_unit_word_context_and_date(index):
    assert choose(index.lookup("Trùng Khánh")).country == "CN"
    assert choose(index.lookup("Trùng Khánh"), "district", "VN").country == "VN"
    assert choose(index.lookup("Tây Ninh")).country == "VN"
    assert choose(index.lookup("Tây Ninh"), context_country="CN").country == "CN"
    # after the 2025 merger only the Chinese Hà Nam still exists
    assert choose(index.lookup("Hà Nam"), context_country="VN", day="2026-01-01").country == "VN"
    assert choose(index.lookup("Hà Nam"), day="2026-01-01").country == "CN"


# --------------------------------------------------------------- fuzzy
def test_fuzzy_diacritic_insensitive(index):
    results = index.fuzzy("Trung Khánh", limit=5)
    assert results[0][0].canonical == "Trùng Khánh" and results[0][1] >= 95
    assert all(0 <= score <= 100 for _, score in results)


# --------------------------------------------------------------- user data
def test_extra_paths_and_entries(tmp_path):
    user = tmp_path / "user.yaml"
    user.write_text(
        "places:\n"
        "  - {id: jp-shizuoka, name: Shizuoka, country: JP, level: province, parent: null, variants: [Xi-dư-ô-ca]}\n",
        encoding="utf-8",
    )
    db_entry = PlaceEntry(id="db-1", name="Làng Thử", canonical="Làng Thử", country="VN", level="commune")
    override = PlaceEntry(id="cn-330000", name="Chiết Giang", canonical="Chiết Giang (sửa)", country="CN",
                          level="province")
    base = [PlaceEntry(id="cn-330000", name="Chiết Giang", canonical="Chiết Giang", country="CN", level="province")]
    index = PlaceIndex(extra_paths=[user], extra_entries=[db_entry, override], base=base)
    assert index.fuzzy("Xi-dư-ô-ca")[0][0].country == "JP"
    assert index.lookup("Làng Thử")[0].id == "db-1"
    assert index.fuzzy("tỉnh Chiết Giang")[0][0].canonical == "Chiết Giang (sửa)"
    assert len(index) == 3


def test_default_index_is_cached():
    assert default_index() is default_index()


# --------------------------------------------------------------- people
def test_title_lexicon_finds_heads_and_bodies():
    titles = default_titles()
    text = "Bí thư Thành ủy Thượng Hải Hàn Chính và Phó Thị trưởng thành phố Trùng Khánh"
    found = [(text[h.start:h.end], h.word.kind) for h in titles.find(text)]
    assert ("Bí thư", "head") in found and ("Thành ủy", "body") in found
    assert ("Phó Thị trưởng", "head") in found
    assert titles.side_hint(h.word for h in titles.find("Phó Chủ tịch UBND tỉnh")) == "VN"
    assert titles.side_hint(h.word for h in titles.find("Thị trưởng")) == "CN"
    assert titles.side_hint(h.word for h in titles.find("Bí thư Tỉnh ủy")) is None


def test_official_index():
    officials = default_officials()
    assert officials.get("Tập Cận Bình").side == "CN"
    assert officials.get("Xi Jinping").name == "Tập Cận Bình"
    assert officials.get("Tô Lâm").side == "VN"
    assert officials.get("Hàn Chính").title_in(2016) == "Bí thư Thành ủy Thượng Hải"
    assert officials.get("Hàn Chính").title_in(2024) == "Phó Chủ tịch nước"
    assert officials.get("Không Có Ai") is None


def test_key_normalises_final_i_y_after_a_consonant():
    assert key("Quí Châu") == key("Quý Châu")
    assert key("Kì Sơn") == key("Kỳ Sơn") and key("Lí Nhân") == key("Lý Nhân") and key("Mĩ Đức") == key("Mỹ Đức")
    # never after a vowel or a two-letter consonant
    assert key("Hải Phòng") == "hải phòng" and key("Thị xã") == "thị xã" and key("Chi Lăng") == "chi lăng"
