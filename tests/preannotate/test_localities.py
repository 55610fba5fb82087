"""LOCALITY rules: unit words, abbreviations, bare gazetteer names, misspellings, countries and venues (new sentences)."""
from __future__ import annotations

from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.preannotate import pipeline
from annotate.preannotate.localities import find_localities


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


def test_find_localities_works_on_a_bare_gazetteer():
    entry = PlaceEntry(id="x-1", name="Lâm Nghi", canonical="Lâm Nghi", country="CN", level="city")
    text = "Đoàn thăm thành phố Lâm Nghi, Sơn Đông."
    cands = find_localities(text, [(0, len(text))], PlaceIndex(base=[entry]))
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


# --- held-out review (new sentences) ---


def test_county_level_cities_after_thanh_pho_are_cities():
    text = (
        "Đoàn đã thăm thành phố Tĩnh Tây, thành phố Cảnh Hồng và thành phố Thụy Lệ, rồi làm việc với "
        "huyện Na Pha và thành phố Đông Hưng."
    )
    got = places(text)
    assert [t for t, _ in got] == ["Tĩnh Tây", "Cảnh Hồng", "Thụy Lệ", "Na Pha", "Đông Hưng"]
    levels = {t: a["level"] for t, a in got}
    assert levels == {"Tĩnh Tây": "city", "Cảnh Hồng": "city", "Thụy Lệ": "city", "Na Pha": "district",
                      "Đông Hưng": "city"}
    assert all(a["country"] == "CN" for _, a in got)


def test_every_item_of_a_plural_unit_list_is_a_place():
    text = "Ngày 2/3/2024, tỉnh hỗ trợ các huyện Bảo Lạc, Bảo Lâm, Hà Quảng và Thạch An nâng cấp đường biên giới."
    got = places(text)
    assert [t for t, _ in got] == ["Bảo Lạc", "Bảo Lâm", "Hà Quảng", "Thạch An"]
    assert all(a["level"] == "district" and a["now"] == "Cao Bằng" for _, a in got)


def test_a_list_does_not_run_on_into_organisations_or_single_units():
    text = "Các tỉnh Điện Biên, Lai Châu và Bộ Ngoại giao thống nhất; huyện Mường Khương, Lào Cai có cửa khẩu."
    assert names(text) == ["Điện Biên", "Lai Châu", "Mường Khương", "Lào Cai"]


def test_capitalised_unit_word_at_a_sentence_start_is_not_part_of_a_name():
    text = "Nhiều doanh nghiệp tham gia hội chợ. Châu Hồng Hà cam kết tạo thuận lợi."
    assert names(text) == ["Hồng Hà"]


def test_place_closing_an_organisation_name_is_a_place():
    text = (
        "Theo Cục Hải quan Lạng Sơn và Sở Kế hoạch Đầu tư Quảng Ninh, kim ngạch tăng. "
        "(theo Đài Phát thanh Truyền hình Cao Bằng)"
    )
    assert names(text) == ["Lạng Sơn", "Quảng Ninh", "Cao Bằng"]


def test_place_after_an_ethnic_name_in_an_autonomous_prefecture():
    text = "Đoàn của châu tự trị dân tộc Ha Nhì, dân tộc Di Hồng Hà đã tới tỉnh Lai Châu."
    assert names(text) == ["Hồng Hà", "Lai Châu"]


def test_route_between_places_names_places_but_venues_do_not():
    text = "Hai bên mở tuyến xe khách từ Hà Khẩu đến Mông Tự; đoàn thăm ga Hà Khẩu Bắc và quảng trường Hà Khẩu."
    assert names(text) == ["Hà Khẩu", "Mông Tự"]


def test_border_gate_names_are_not_localities():
    text = (
        "Hàng hóa qua cặp cửa khẩu quốc tế Hữu Nghị - Hữu Nghị Quan và cửa khẩu Thanh Thủy tăng; "
        "cửa khẩu chính Tà Lùng, cửa khẩu quốc tế Móng Cái và sân bay Vân Đồn cũng thông suốt; "
        "cặp cửa khẩu Lào Cai (Việt Nam) - Hà Khẩu (Trung Quốc) mở cửa."
    )
    assert names(text) == []


def test_places_near_border_gates_in_other_phrasings_are_places():
    text = "Các cửa khẩu trên địa bàn tỉnh Quảng Ninh và cửa khẩu thuộc huyện Bát Xát đều thông quan, Móng Cái cũng vậy."
    assert names(text) == ["Quảng Ninh", "Bát Xát", "Móng Cái"]


def test_spaced_tp_hcm_keeps_the_unit_word_outside():
    text = "Lãnh đạo TP HCM tiếp đoàn; Sở Công Thương TP. HCM và doanh nghiệp TP.HCM cùng dự."
    got = places(text)
    assert [t for t, _ in got] == ["HCM", "HCM", "TP.HCM"]
    assert all(a["canonical"] == "Thành phố Hồ Chí Minh" and a["level"] == "province" for _, a in got)


def test_now_is_kept_when_the_unit_changed_under_the_same_name():
    got = places("Ngày 10/5/2024, thành phố Lạng Sơn và tỉnh Lạng Sơn đón đoàn Bằng Tường.")
    assert got[0] == ("Lạng Sơn", {"country": "VN", "canonical": "Lạng Sơn", "level": "city", "now": "Lạng Sơn"})
    assert got[1] == ("Lạng Sơn", {"country": "VN", "canonical": "Lạng Sơn", "level": "province"})


def test_districts_of_a_2024_article_are_not_the_2025_communes():
    text = "09:15 | 06/05/2024\nHà Giang mở thêm lối thông quan tại các huyện Hoàng Su Phì, Xín Mần trong năm 2025."
    got = dict(places(text))
    assert got["Xín Mần"]["level"] == "district" and got["Xín Mần"]["now"] == "Tuyên Quang"


def test_lists_after_joined_unit_words():
    text = "Ngày 4/4/2023, các tỉnh, thành phố Hà Tĩnh, Đà Nẵng và các quận, huyện Hải Châu, Hòa Vang ký kết."
    got = places(text)
    assert [(t, a["level"]) for t, a in got] == [
        ("Hà Tĩnh", "province"), ("Đà Nẵng", "province"), ("Hải Châu", "district"), ("Hòa Vang", "district")
    ]


# --- held-out #2 causes, on new sentences ---

def test_all_caps_headline_places_are_found_with_spans_on_the_original_text():
    text = "LẠNG SƠN VÀ TỈNH VÂN NAM (TRUNG QUỐC) KÝ KẾT HỢP TÁC\nHai bên ký kết."
    got = places(text)
    assert [t for t, _ in got] == ["LẠNG SƠN", "VÂN NAM"]
    assert got[0][1]["canonical"] == "Lạng Sơn" and got[1][1]["country"] == "CN"


def test_capitalised_sentence_opener_does_not_hide_the_place():
    assert names("Hai bên trao đổi. Phía Quảng Tây đề nghị tăng chuyến bay.") == ["Quảng Tây"]


def test_place_inside_an_exhibition_centre_name_is_not_annotated():
    text = "Hội chợ khai mạc tại Trung tâm Hội nghị Triển lãm Quốc tế Côn Minh, tỉnh Vân Nam."
    assert names(text) == ["Vân Nam"]


def test_photo_credit_and_lone_byline_named_like_a_province_are_not_places():
    text = "Lãnh đạo tỉnh Lào Cai thăm Vân Nam.\nLãnh đạo hai tỉnh trao quà. Ảnh: Hà Giang\nCao Bằng"
    assert names(text) == ["Lào Cai", "Vân Nam"]


def test_place_after_the_agency_in_a_byline_is_annotated():
    assert names("Lãnh đạo tỉnh Lào Cai thăm Vân Nam.\nMinh Anh/VOV-Côn Minh") == ["Lào Cai", "Vân Nam", "Côn Minh"]


def test_list_of_units_takes_the_country_of_its_neighbours():
    text = "Lãnh đạo Hồ Nam, Hồ Bắc, Quảng Đông thăm hai tỉnh Hà Nam và Ninh Bình, rồi ba tỉnh Thái Bình, Hà Nam và Nam Định."
    got = [(t, a["country"]) for t, a in places(text) if t == "Hà Nam"]
    assert got == [("Hà Nam", "VN"), ("Hà Nam", "VN")]


def test_variant_spellings_of_chinese_cities():
    got = dict(places("Doanh nghiệp Thẩm Quyến và Chu Hải đầu tư."))
    assert got["Thẩm Quyến"]["canonical"] == "Thâm Quyến"
    assert got["Chu Hải"] == {"country": "CN", "canonical": "Chu Hải", "level": "city"}


def test_small_place_between_places_of_a_route():
    assert names("Tàu chạy tuyến Nam Ninh - Bằng Tường - Đồng Đăng - Hà Nội.") == [
        "Nam Ninh", "Bằng Tường", "Đồng Đăng", "Hà Nội"]
    assert names("Tàu chạy tuyến Lạng Sơn - Đồng Đăng.") == ["Lạng Sơn"]


def test_post_reform_special_zone_and_ward_are_communes_by_the_article_date():
    text = "Ngày 20/2/2026, đặc khu Côn Đảo đón đoàn khách Quảng Tây; phường Hạ Long tổ chức lễ hội."
    got = dict(places(text))
    assert got["Côn Đảo"]["level"] == "commune" and "now" not in got["Côn Đảo"]
    assert got["Hạ Long"]["level"] == "commune" and "now" not in got["Hạ Long"]


def test_bare_dissolved_city_in_a_post_reform_article_is_its_successor_commune():
    got = dict(places("Ngày 9/1/2026, hãng mở đường bay Nam Ninh – Quy Nhơn mỗi tuần ba chuyến."))
    assert got["Quy Nhơn"]["level"] == "commune" and "now" not in got["Quy Nhơn"]
    # a pre-reform article keeps the city, with its province today
    old = dict(places("Ngày 9/1/2024, hãng mở đường bay Nam Ninh – Quy Nhơn mỗi tuần ba chuyến."))
    assert old["Quy Nhơn"]["level"] == "city" and old["Quy Nhơn"]["now"] == "Gia Lai"
    # a merged province named bare, or marked "cũ", stays the former unit
    former = dict(places("Ngày 9/1/2026, doanh nghiệp khu vực Hà Giang cũ giới thiệu sản phẩm chè."))
    assert former["Hà Giang"]["level"] == "province"


def test_i_y_spelling_variants_find_the_gazetteer_entry():
    got = dict(places("Đoàn công tác tỉnh Quí Châu và tỉnh Vân Nam thăm Hà Nội."))
    assert got["Quí Châu"]["canonical"] == "Quý Châu" and got["Quí Châu"]["country"] == "CN"


def test_province_closing_a_brand_name_is_a_place_but_not_inside_personal_names():
    got = dict(places("Nhà máy lốp xe Bridgestone Hải Dương vừa khánh thành dây chuyền mới."))
    assert got["Hải Dương"]["level"] == "province" and got["Hải Dương"]["country"] == "VN"
    assert "Hà Nam" not in names("Nhà văn Trần Hồng Hà Nam phát biểu tại hội thảo.")
    assert names("Ông Frank Hà Nam phát biểu tại hội thảo.") == []
