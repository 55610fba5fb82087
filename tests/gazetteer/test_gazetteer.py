"""Behaviour of the gazetteer index: lookup, fuzzy, link, scan, user data, people lexicons."""
from __future__ import annotations

import pytest

from annotate.gazetteer import PlaceEntry, PlaceIndex, default_index, default_officials, default_titles
from annotate.gazetteer.normalize import fold, key, strip_units

HCM = "Thành phố Hồ Chí Minh"


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return default_index()


def canon(entry: PlaceEntry | None) -> str | None:
    return entry.canonical if entry else None


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


# --------------------------------------------------------------- lookup
@pytest.mark.parametrize("mention", ["TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "TP Hồ Chí Minh", "Sài Gòn",
                                     "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "HCMC", "UBND TP.HCM"])
def test_hcm_aliases(index, mention):
    assert canon(index.link(mention)) == HCM


@pytest.mark.parametrize("mention", ["Chiết Giang", "tỉnh Chiết Giang", "Tỉnh Chiết Giang", "Triết Giang",
                                     "tỉnh Triết Giang", "Zhejiang"])
def test_zhejiang_variants(index, mention):
    hits = index.lookup(mention)
    assert hits and hits[0].canonical == "Chiết Giang" and hits[0].country == "CN"


def test_binh_duong_keeps_its_name_and_knows_now(index):
    entry = index.link("Bình Dương")
    assert entry.canonical == "Bình Dương" and entry.level == "province" and entry.country == "VN"
    assert entry.now == HCM and entry.valid_to == "2025-06-30"
    assert index.link("Tỉnh Bình Dương") == entry


@pytest.mark.parametrize("mention,expected,level", [
    ("thành phố Trùng Khánh", "Trùng Khánh", "province"),
    ("Khu tự trị dân tộc Choang Quảng Tây", "Quảng Tây", "province"),
    ("Quảng Tây Choang", "Quảng Tây", "province"),
    ("châu Đại Lý", "Đại Lý", "city"),
    ("châu Hồng Hà", "Hồng Hà", "city"),
    ("Đặc khu Thâm Quyến", "Thâm Quyến", "city"),
    ("Phòng Thành Cảng", "Phòng Thành Cảng", "city"),
    ("thành phố Nam Kinh", "Nam Kinh", "city"),
    ("Thượng Hải", "Thượng Hải", "province"),
    ("Hà Nội", "Hà Nội", "province"),
    ("Thủ đô Hà Nội", "Hà Nội", "province"),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế", "province"),
    ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "province"),
    ("Thanh Hoá", "Thanh Hóa", "province"),
    ("Hồng Kông", "Hồng Kông", "province"),
    ("Bằng Tường", "Bằng Tường", "city"),  # a county-level city
    ("Hà Khẩu", "Hà Khẩu", "district"),  # a county
    ("Hạ Long", "Hạ Long", "city"),
    ("Nara", "Nara", "province"),
])
def test_link_exact(index, mention, expected, level):
    entry = index.link(mention)
    assert entry is not None, mention
    assert (entry.canonical, entry.level) == (expected, level)


def test_lookup_unknown_is_empty(index):
    assert index.lookup("Xyzabc") == []
    assert index.lookup("") == []


# --------------------------------------------------------------- fuzzy and link safety
def test_fuzzy_diacritic_insensitive(index):
    results = index.fuzzy("Trung Khánh", limit=5)
    assert results[0][0].canonical == "Trùng Khánh" and results[0][1] >= 95
    assert all(0 <= score <= 100 for _, score in results)


def test_link_fuzzy_repairs_misspellings(index):
    assert canon(index.link("Trung Khánh")) == "Trùng Khánh"
    assert canon(index.link("thành phố Trung Khánh")) == "Trùng Khánh"
    assert canon(index.link("Quang Tay")) == "Quảng Tây"
    assert canon(index.link("Chiết Giamg")) == "Chiết Giang"


@pytest.mark.parametrize("mention", ["Trung Quốc", "Việt Nam", "Nhật Bản", "Hàn Quốc", "Mỹ", "Trung Quoc",
                                     "Đông Nam Á", "châu Á", "hợp tác", "Xyz", "   "])
def test_link_refuses_countries_regions_and_words(index, mention):
    assert index.link(mention) is None


def test_ambiguity_resolved_by_tier_and_context(index):
    # Tây Ninh: VN province vs CN prefecture-level city (Xining): the province wins
    assert index.link("Tây Ninh").country == "VN"
    assert index.link("Tây Ninh", context_country="CN").canonical == "Tây Ninh"
    assert index.link("Tây Ninh", context_country="CN").country == "CN"
    # Hà Nam: a province in both countries: no guess without context
    assert index.link("Hà Nam") is None
    assert index.link("Hà Nam", context_country="CN").id == "cn-410000"
    assert index.link("Hà Nam", context_country="VN").id == "vn-p-hanam"
    # after the 2025 merger only the Chinese province still exists
    assert index.link("Hà Nam", on="2026-01-01").country == "CN"
    # Đông Hưng: a CN county-level city above a former VN district of the same name
    assert index.link("Đông Hưng").country == "CN"
    assert index.link("Đông Hưng", context_country="CN").parent_name == "Phòng Thành Cảng"
    assert index.link("Đông Hưng", context_country="VN").level == "district"
    # Cát Lâm: province and prefecture-level city share the name
    assert index.link("Cát Lâm").level == "province"


def test_link_prefers_higher_tier_over_communes(index):
    entry = index.link("Hồng Hà")  # CN prefecture, also a Hà Nội ward
    assert entry.country == "CN" and entry.level == "city"
    assert any(e.level == "commune" and e.country == "VN" for e in index.lookup("Hồng Hà"))


def test_link_communes_only_with_a_unit_word(index):
    assert index.link("Sam Mứn") is None
    assert index.link("xã Sam Mứn").level == "commune"
    assert index.link("Sam Mứn", allow_communes=True).level == "commune"
    assert index.link("phường Hồng Hà").country == "VN"


def test_link_on_date_picks_the_unit_of_the_time(index):
    assert index.link("Ba Đình", on="2024-05-01").level == "district"
    assert index.link("Ba Đình", on="2025-09-01", allow_communes=True).level == "commune"
    assert index.link("Ba Đình", on="2025-09-01").level == "district"  # no unit word: communes stay out


# --------------------------------------------------------------- scan
def spans(index, text, **kw):
    return [(text[s:e], entry.canonical) for s, e, entry in index.scan(text, **kw)]


def test_scan_simple_sentence(index):
    text = "Đoàn đại biểu tỉnh Chiết Giang thăm Thành phố Hồ Chí Minh và tỉnh Bình Dương."
    assert spans(index, text) == [("Chiết Giang", "Chiết Giang"), ("Hồ Chí Minh", HCM), ("Bình Dương", "Bình Dương")]


def test_scan_fused_abbreviations_are_one_span(index):
    text = "TP.HCM, TPHCM và TP. HCM"
    assert spans(index, text) == [("TP.HCM", HCM), ("TPHCM", HCM), ("HCM", HCM)]


def test_scan_longest_match_and_hyphen_spacing(index):
    assert spans(index, "tỉnh Bà Rịa - Vũng Tàu") == [("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu")]
    assert spans(index, "thành phố Phòng Thành Cảng") == [("Phòng Thành Cảng", "Phòng Thành Cảng")]
    assert spans(index, "Khu tự trị dân tộc Choang Quảng Tây") == [("Quảng Tây", "Quảng Tây")]


def test_scan_skips_countries_and_lowercase(index):
    assert spans(index, "Việt Nam Ninh Bình") == [("Ninh Bình", "Ninh Bình")]
    assert spans(index, "Trung Quốc và Việt Nam") == []
    assert spans(index, "thượng hải") == []
    assert spans(index, "Đức và Đức Hoành") == [("Đức Hoành", "Đức Hoành")]


def test_scan_communes_need_a_unit_word(index):
    assert spans(index, "giúp Sam Mứn giảm nghèo") == []
    assert spans(index, "xã Sam Mứn") == [("Sam Mứn", "Sam Mứn")]
    hit = index.scan("tại phường Hồng Hà, Hà Nội")
    assert hit[0][2].level == "commune" and hit[0][2].country == "VN"
    assert index.scan("châu Hồng Hà")[0][2].country == "CN"


def test_scan_unit_word_picks_the_tier(index):
    assert index.scan("huyện Trùng Khánh")[0][2].country == "VN"
    assert index.scan("thành phố Trùng Khánh")[0][2].country == "CN"


def test_scan_skips_places_inside_person_names(index):
    assert spans(index, "Phó Thủ tướng Trần Hồng Hà đến Thượng Hải") == [("Thượng Hải", "Thượng Hải")]


def test_scan_offsets_and_window(index):
    text = "Ở Nam Kinh. Ở Tô Châu."
    result = index.scan(text, 5, len(text))
    assert [(s, e) for s, e, _ in result] == [(14, 21)]
    assert text[14:21] == "Tô Châu"


def test_scan_does_not_cross_punctuation(index):
    assert spans(index, "Bà Rịa, Vũng Tàu") != [("Bà Rịa, Vũng Tàu", "Bà Rịa - Vũng Tàu")]


def test_names_by_first_syllable(index):
    patterns = index.names_by_first_syllable["thượng"]
    assert any(p.tokens == ("thượng", "hải") for p in patterns)


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
    assert index.link("Xi-dư-ô-ca").country == "JP"
    assert index.lookup("Làng Thử")[0].id == "db-1"
    assert index.link("tỉnh Chiết Giang").canonical == "Chiết Giang (sửa)"
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


def test_key_normalises_final_i_y_after_a_consonant(index):
    assert key("Quí Châu") == key("Quý Châu")
    assert key("Kì Sơn") == key("Kỳ Sơn") and key("Lí Nhân") == key("Lý Nhân") and key("Mĩ Đức") == key("Mỹ Đức")
    # never after a vowel or a two-letter consonant
    assert key("Hải Phòng") == "hải phòng" and key("Thị xã") == "thị xã" and key("Chi Lăng") == "chi lăng"
    assert canon(index.lookup("Quí Châu")[0] if index.lookup("Quí Châu") else None) == "Quý Châu"
