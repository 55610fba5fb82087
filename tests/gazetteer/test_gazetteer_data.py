"""Integrity of the shipped gazetteer data: fields, ids, parents, counts, readings."""
from __future__ import annotations

import collections
import re
import unicodedata

import pytest

from annotate.gazetteer.countries import countries, regions
from annotate.gazetteer.entries import LEVELS
from annotate.gazetteer.index import default_entries, default_index
from annotate.gazetteer.normalize import fix_tones, key
from annotate.gazetteer.people import default_officials, default_titles
from annotate.gazetteer.records import cn_places, foreign_places
from annotate.gazetteer.vn import REFORM_FIRST_DAY, REFORM_LAST_DAY, vn_units
from annotate.gazetteer.yamlio import DATA_DIR, load_yaml

CN_REQUIRED = ("id", "name", "hanzi", "pinyin", "level", "parent", "variants")


@pytest.fixture(scope="module")
def cn_rows():
    return load_yaml(DATA_DIR / "cn_places.yaml")["places"]


@pytest.fixture(scope="module")
def everything():
    return default_entries()


def test_cn_rows_have_required_fields(cn_rows):
    for row in cn_rows:
        missing = [f for f in CN_REQUIRED if f not in row]
        assert not missing, (row.get("id"), missing)
        assert row["name"] and row["hanzi"] and row["pinyin"], row["id"]
        assert row["level"] in ("province", "city", "district"), row["id"]
        assert isinstance(row["variants"], list), row["id"]


def test_cn_counts(cn_rows):
    levels = collections.Counter(row["level"] for row in cn_rows)
    assert levels["province"] == 34
    prc_prefectures = [
        r for r in cn_rows if r["level"] == "city" and r["id"][3:].isdigit() and r.get("tier") != "county"
    ]
    assert len(prc_prefectures) >= 290
    assert len(prc_prefectures) == 333  # 293 cities, 30 autonomous prefectures, 7 prefectures, 3 leagues
    assert sum(1 for r in prc_prefectures if r["hanzi_full"].endswith("市")) == 293
    assert levels["district"] >= 20
    assert sum(1 for r in cn_rows if r.get("tier") == "county") >= 8  # county-level cities


def test_cn_provincial_units_include_municipalities_sars_taiwan(cn_rows):
    provinces = {r["name"] for r in cn_rows if r["level"] == "province"}
    for name in ("Bắc Kinh", "Thượng Hải", "Thiên Tân", "Trùng Khánh", "Hồng Kông", "Ma Cao", "Đài Loan",
                 "Quảng Tây", "Tây Tạng", "Tân Cương", "Nội Mông", "Ninh Hạ", "Chiết Giang", "Vân Nam"):
        assert name in provinces, name


def test_ids_unique_across_all_sources(everything):
    counts = collections.Counter(e.id for e in everything)
    assert [i for i, n in counts.items() if n > 1] == []


def test_parents_exist_and_are_a_higher_tier(everything):
    by_id = {e.id: e for e in everything}
    for entry in everything:
        if entry.parent is None:
            continue
        parent = by_id.get(entry.parent)
        assert parent is not None, (entry.id, entry.parent)
        assert parent.level_rank < entry.level_rank or (parent.level, entry.level) == ("city", "city"), entry.id
        assert entry.parent_name == parent.canonical, entry.id


def test_levels_and_countries_valid(everything):
    isos = {c.iso for c in countries()}
    for entry in everything:
        assert entry.level in LEVELS, entry.id
        assert entry.country in isos, entry.id


def test_no_duplicate_names_within_one_parent(everything):
    seen = collections.Counter(
        (e.parent, e.country, key(e.name), e.valid_to or "", e.valid_from or "") for e in everything
    )
    assert [k for k, n in seen.items() if n > 1] == []


def test_names_are_clean_nfc_and_new_tone_style(everything):
    for entry in everything:
        for name in (entry.name, entry.canonical):
            assert name == name.strip() and "  " not in name, entry.id
            assert unicodedata.is_normalized("NFC", name), entry.id
        if entry.country in ("CN", "VN"):
            assert entry.name == fix_tones(entry.name), entry.id


def test_vn_63_old_and_34_new_provinces_with_mapping():
    provinces = [e for e in vn_units() if e.level == "province"]
    old = [e for e in provinces if e.valid_on(REFORM_LAST_DAY)]
    new = [e for e in provinces if e.valid_on(REFORM_FIRST_DAY)]
    assert len(old) == 63
    assert len(new) == 34
    new_ids = {e.id for e in new}
    for entry in old:
        successor = entry.id if entry.id in new_ids else entry.now_id
        assert successor in new_ids, entry.id
        if entry.id not in new_ids:
            assert entry.now and entry.valid_to == REFORM_LAST_DAY, entry.id


def test_vn_known_mergers():
    by_name = {e.name: e for e in vn_units() if e.level == "province"}
    assert by_name["Bình Dương"].now == "Thành phố Hồ Chí Minh"
    assert by_name["Bà Rịa - Vũng Tàu"].now == "Thành phố Hồ Chí Minh"
    assert by_name["Hà Giang"].now == "Tuyên Quang"
    assert by_name["Hải Dương"].now == "Hải Phòng"
    assert by_name["Quảng Nam"].now == "Đà Nẵng"
    assert by_name["Hồ Chí Minh"].canonical == "Thành phố Hồ Chí Minh"
    assert by_name["Hà Nội"].canonical == "Hà Nội"
    assert by_name["Thừa Thiên Huế"].now == "Huế"


def test_vn_districts_and_communes_present():
    levels = collections.Counter((e.level, bool(e.valid_to)) for e in vn_units())
    assert levels[("district", True)] + levels[("city", True)] > 690
    assert levels[("commune", True)] > 10000
    assert levels[("commune", False)] == 3321


# Readings checked by hand against the Vietnamese press; guards against edits that regress them.
HAN_VIET = {
    "南京": "Nam Kinh", "苏州": "Tô Châu", "无锡": "Vô Tích", "杭州": "Hàng Châu", "宁波": "Ninh Ba",
    "广州": "Quảng Châu", "深圳": "Thâm Quyến", "南宁": "Nam Ninh", "防城港": "Phòng Thành Cảng",
    "崇左": "Sùng Tả", "百色": "Bách Sắc", "昆明": "Côn Minh", "红河": "Hồng Hà", "文山": "Văn Sơn",
    "大理": "Đại Lý", "东兴": "Đông Hưng", "凭祥": "Bằng Tường", "河口": "Hà Khẩu", "宁明": "Ninh Minh",
    "龙州": "Long Châu", "靖西": "Tĩnh Tây", "那坡": "Na Pha", "大新": "Đại Tân", "马关": "Mã Quan",
    "麻栗坡": "Ma Lật Pha", "富宁": "Phú Ninh", "金平": "Kim Bình", "江城": "Giang Thành",
    "重庆": "Trùng Khánh", "上海": "Thượng Hải", "浙江": "Chiết Giang", "武汉": "Vũ Hán", "长沙": "Trường Sa",
    "成都": "Thành Đô", "西安": "Tây An", "厦门": "Hạ Môn", "香港": "Hồng Kông", "澳门": "Ma Cao",
    "台湾": "Đài Loan", "广西": "Quảng Tây", "哈尔滨": "Cáp Nhĩ Tân", "乐山": "Lạc Sơn", "东莞": "Đông Quản",
    "郑州": "Trịnh Châu", "青岛": "Thanh Đảo", "天津": "Thiên Tân", "贵州": "Quý Châu", "蒙自": "Mông Tự",
}


def test_han_viet_readings(cn_rows):
    by_hanzi = collections.defaultdict(set)
    for row in cn_rows:
        by_hanzi[row["hanzi"]].add(row["name"])
    for hanzi, name in HAN_VIET.items():
        assert name in by_hanzi[hanzi], (hanzi, by_hanzi[hanzi])


def test_cn_border_counties_sit_under_their_prefectures(cn_rows):
    parents = {r["name"]: r["parent"] for r in cn_rows if r["level"] == "district" or r.get("tier") == "county"}
    assert parents["Đông Hưng"] == "cn-450600"  # Phòng Thành Cảng
    assert parents["Bằng Tường"] == "cn-451400"  # Sùng Tả
    assert parents["Hà Khẩu"] == "cn-532500"  # Hồng Hà
    assert parents["Ma Lật Pha"] == "cn-532600"  # Văn Sơn
    assert parents["Na Pha"] == "cn-451000"  # Bách Sắc


def test_county_level_cities_are_cities(cn_rows):
    # GUIDELINES: `city` is a city below the provincial tier; a county-level city (县级市) is one,
    # a county (县) or an urban district (区) is not
    for row in cn_rows:
        if row.get("tier") == "county":
            assert row["level"] == "city" and row["hanzi_full"].endswith("市"), row["id"]
        elif row["level"] == "district":
            assert not row["hanzi_full"].endswith("市"), row["id"]
    counties = {r["name"] for r in cn_rows if r.get("tier") == "county"}
    assert {"Đông Hưng", "Bằng Tường", "Tĩnh Tây", "Mông Tự", "Cá Cựu", "Cảnh Hồng", "Thụy Lệ"} <= counties


def test_countries_and_regions_are_not_localities():
    isos = [c.iso for c in countries()]
    assert len(isos) == len(set(isos)) and all(re.fullmatch(r"[A-Z]{2}", i) for i in isos)
    index = default_index()
    for country in countries():
        for name in country.names:
            assert index.lookup(name) == [], name
    assert "Đông Nam Á" in regions()


def test_foreign_places_use_known_countries():
    isos = {c.iso for c in countries()}
    rows = foreign_places()
    assert len(rows) >= 30
    assert all(e.country in isos and e.country not in ("VN", "CN") for e in rows)
    assert {"Nara", "Bangkok", "Tokyo", "Seoul", "Viêng Chăn"} <= {e.name for e in rows}


def test_cn_loader_matches_yaml(cn_rows):
    assert len(cn_places()) == len(cn_rows)


def test_titles_schema():
    titles = default_titles()
    assert len(titles.heads) >= 40 and len(titles.bodies) >= 40 and titles.modifiers
    for word in (*titles.heads, *titles.bodies):
        assert word.side in (None, "VN", "CN"), word.text
    for text in ("Thị trưởng", "Tỉnh trưởng", "Chính hiệp", "Nhân đại", "Văn phòng Ngoại vụ"):
        assert titles.get(text).side == "CN", text
    for text in ("UBND", "HĐND", "Chủ tịch Quốc hội"):
        assert titles.get(text).side == "VN", text
    assert titles.side_when_posted_in == {"CN": "VN", "VN": "CN"}


def test_officials_schema():
    officials = default_officials().officials
    ids = [o.id for o in officials]
    assert len(ids) == len(set(ids))
    assert all(o.side in ("VN", "CN", "other") for o in officials)
    for official in officials:
        for role in official.roles:
            if role.start and role.end:
                assert role.start <= role.end, official.id
    names = {o.name for o in officials}
    for name in ("Tô Lâm", "Lương Cường", "Phạm Minh Chính", "Trần Thanh Mẫn", "Bùi Thanh Sơn", "Trần Hồng Hà",
                 "Nguyễn Hòa Bình", "Tập Cận Bình", "Lý Cường", "Triệu Lạc Tế", "Vương Hỗ Ninh", "Thái Kỳ",
                 "Đinh Tiết Tường", "Lý Hy", "Vương Nghị", "Hàn Chính", "Hà Vĩ"):
        assert name in names, name
