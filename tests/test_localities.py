"""LOCALITY rules: unit words, abbreviations, bare gazetteer names, misspellings, countries and venues (new sentences)."""
from __future__ import annotations

from annotate.preannotate import pipeline
from annotate.preannotate.localities import PlaceMatcher, article_date, choose_entry, find_localities


def annotator() -> pipeline.Preannotator:
    """One Preannotator per test process (the gazetteer loads once)."""
    if pipeline._DEFAULT is None:
        pipeline._DEFAULT = pipeline.Preannotator()
    return pipeline._DEFAULT


def places(text: str) -> list[tuple[str, dict]]:
    spans = annotator().annotate_tokens(text, [])
    return [(text[s.start : s.end], s.attrs) for s in spans if s.label == "LOCALITY"]


def names(text: str) -> list[str]:
    return [t for t, _ in places(text)]


def test_unit_words_stay_outside_the_span():
    text = (
        "Đoàn đã thăm tỉnh Vân Nam, thành phố Nam Ninh, châu Hồng Hà, Đặc khu Hạ Môn và "
        "Khu tự trị dân tộc Choang Quảng Tây."
    )
    assert names(text) == ["Vân Nam", "Nam Ninh", "Hồng Hà", "Hạ Môn", "Quảng Tây"]


def test_levels_and_countries_from_the_gazetteer():
    got = dict(places("Hợp tác giữa TP. Cần Thơ, thành phố Thâm Quyến và thủ phủ Quảng Châu."))
    assert got["Cần Thơ"] == {"country": "VN", "canonical": "Cần Thơ", "level": "province"}
    assert got["Thâm Quyến"]["level"] == "city" and got["Thâm Quyến"]["country"] == "CN"


def test_fused_abbreviations_are_one_span():
    text = "Doanh nghiệp TP.HCM và TPHCM đều tham dự; đoàn TP. Hồ Chí Minh cũng có mặt."
    got = places(text)
    assert [t for t, _ in got] == ["TP.HCM", "TPHCM", "Hồ Chí Minh"]
    assert all(a["canonical"] == "Thành phố Hồ Chí Minh" and a["level"] == "province" for _, a in got)


def test_countries_regions_and_years_are_not_localities():
    text = "Năm 2026, Việt Nam và Trung Quốc, cùng Lào và Nhật Bản, bàn về Biển Đông và khu vực Đông Nam Á."
    assert names(text) == []


def test_misspelling_links_to_the_place_already_named():
    text = "Thành phố Trùng Khánh có nhiều doanh nghiệp ở Việt Nam. Các doanh nghiệp Trung Khánh muốn mở rộng."
    got = places(text)
    assert got[1] == ("Trung Khánh", {"country": "CN", "canonical": "Trùng Khánh", "level": "province"})


def test_venue_names_are_not_localities():
    text = "Phó Thủ tướng đến sân bay quốc tế Phố Đông (Thượng Hải) rồi thăm Khu kinh tế Nam Sa."
    assert names(text) == ["Thượng Hải"]


def test_organisations_keep_their_locality():
    text = "Thành ủy Thiên Tân và UBND Thành phố Hải Phòng ký biên bản với Sở Ngoại vụ tỉnh Bắc Ninh."
    assert names(text) == ["Thiên Tân", "Hải Phòng", "Bắc Ninh"]


def test_merged_province_gets_now_and_keeps_its_old_name():
    got = dict(places("Ngày 12/9/2023, tỉnh Hà Giang đón đoàn của châu Văn Sơn."))
    assert got["Hà Giang"]["canonical"] == "Hà Giang"
    assert got["Hà Giang"]["now"] == "Tuyên Quang"
    assert list(got["Hà Giang"]) == ["country", "canonical", "level", "now"]


def test_place_name_inside_a_personal_name_is_not_a_locality():
    text = "Nhà báo Trần Hồng Hà viết về Lào Cai."
    assert names(text) == ["Lào Cai"]


def test_one_syllable_place_glued_to_a_name_is_not_a_place():
    text = "Bí thư Tỉnh ủy Phùng Phi thăm tỉnh Hải Nam."
    assert names(text) == ["Hải Nam"]


def test_article_date_prefers_full_dates():
    assert article_date("Hà Nội, 04/11/2023 — năm 2030 mục tiêu") == "2023-11-04"
    assert article_date("tháng 7/2021 và năm 2020") == "2021-07-28"
    assert article_date("không có ngày") is None


def test_choose_entry_prefers_unit_level_and_stated_country():
    matcher = annotator().matcher
    entries = matcher.lookup("Trùng Khánh")
    assert choose_entry(entries).country == "CN"
    assert choose_entry(entries, "district", "VN").country == "VN"


def test_find_localities_works_on_a_bare_matcher():
    from annotate.gazetteer.entries import PlaceEntry

    entry = PlaceEntry(id="x-1", name="Lâm Nghi", canonical="Lâm Nghi", country="CN", level="city")
    matcher = PlaceMatcher(None, entries=[entry])
    text = "Đoàn thăm thành phố Lâm Nghi, Sơn Đông."
    cands = find_localities(text, [(0, len(text))], matcher)
    assert [(text[c.span.start : c.span.end], c.span.attrs["country"]) for c in cands][0] == ("Lâm Nghi", "CN")


def test_continents_and_line_breaks_do_not_make_places():
    text = "Nghị viện châu Âu và các nước châu Á\nCả nước hướng về Lạng Sơn."
    assert names(text) == ["Lạng Sơn"]


def test_chinese_border_counties_are_found_without_unit_word():
    text = "Lãnh đạo Đông Hưng và Móng Cái thống nhất mở rộng chợ biên giới."
    got = dict(places(text))
    assert got["Đông Hưng"]["country"] == "CN"
    assert got["Móng Cái"]["country"] == "VN"


def test_capitalised_unit_word_inside_a_name_is_part_of_the_name():
    text = "Bí thư Thành ủy Hải Phòng Lê Tiến Châu tiếp đoàn tỉnh Quảng Tây."
    got = annotator().annotate_tokens(text, [])
    assert [(s.label, text[s.start : s.end]) for s in got] == [
        ("LOCALITY", "Hải Phòng"), ("OFFICIAL", "Lê Tiến Châu"), ("LOCALITY", "Quảng Tây")
    ]
