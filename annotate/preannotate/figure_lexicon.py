"""Word lists the figure finder consults: units, counted nouns, qualifiers and skip cues.

Data only, lowercase, so the rules in figures.py stay short and the lists
can grow without touching the logic. Written for Vietnamese news about
Vietnam-China local cooperation: trade, investment, projects, tourism.
"""
from __future__ import annotations

# Currencies are normalised to ISO 4217 codes whatever the spelling, so
# "tỷ đồng" and "VND" aggregate together (GUIDELINES: unit "USD").
CURRENCIES: dict[str, str] = {
    "usd": "USD", "us$": "USD", "đô la mỹ": "USD", "đô-la mỹ": "USD", "đôla mỹ": "USD",
    "đô la": "USD", "đôla": "USD", "đô-la": "USD", "usd/năm": "USD",
    "đồng": "VND", "vnd": "VND", "vnđ": "VND", "đ": "VND",
    "ndt": "CNY", "nhân dân tệ": "CNY", "cny": "CNY", "rmb": "CNY",
    "euro": "EUR", "eur": "EUR",
    "yên": "JPY", "yên nhật": "JPY", "jpy": "JPY",
    "won": "KRW", "krw": "KRW", "bảng anh": "GBP", "gbp": "GBP",
    "baht": "THB", "bạt": "THB", "kíp": "LAK", "riel": "KHR",
    "đô la singapore": "SGD", "sgd": "SGD", "đô la hồng kông": "HKD", "hkd": "HKD",
    "đô la đài loan": "TWD", "đài tệ": "TWD", "rupee": "INR", "rúp": "RUB",
}

# Nouns counted by a number in this genre; multi-word entries win over
# their heads ("lượt khách" over "lượt"). Matching is case-insensitive.
COUNTED_NOUNS: frozenset[str] = frozenset(
    phrase
    for line in """
năm|tháng|tuần|ngày|giờ|phút|giây|thập kỷ|thập niên|thế kỷ|quý|tuổi
người|người dân|lượt|lượt người|lượt khách|lượt khách quốc tế|khách|du khách|khách du lịch
khách quốc tế|lao động|công nhân|học sinh|sinh viên|lưu học sinh|đại biểu|thành viên|hội viên
đoàn viên|đảng viên|cán bộ|chuyên gia|doanh nhân|nhà đầu tư|nghệ sĩ|nghệ nhân|vận động viên
tình nguyện viên|bệnh nhân|ca|ca bệnh|ca mắc|trẻ em|hộ|hộ dân|gia đình|phóng viên|nhà báo
khách sạn|nhà hàng|dân tộc|dân cư
giáo viên|thầy thuốc|bác sĩ|y bác sĩ|du học sinh|thương nhân|đồng chí|đồng bào
doanh nghiệp|công ty|tập đoàn|đơn vị|cơ quan|tổ chức|trường|trường học|trường đại học|bệnh viện
ngân hàng|hiệp hội|đoàn|đoàn công tác|đoàn doanh nghiệp|đoàn khách|gian hàng|nhà máy|trang trại
hợp tác xã|cơ sở|trung tâm|chi nhánh|văn phòng|nhà xưởng
địa phương|tỉnh|thành phố|tỉnh thành|quốc gia|nước|nền kinh tế|vùng|huyện|quận|xã|phường|thị xã|thị trấn
khu công nghiệp|khu kinh tế|cụm công nghiệp|cửa khẩu|cặp cửa khẩu|lối mở|cảng|bến cảng|điểm|địa điểm
điểm đến|tuyến|tuyến đường|chuyến|chuyến bay|chuyến tàu|chuyến xe|đường bay
châu lục|thị trường|đối tác|bên
dự án|hiệp định|văn kiện|thỏa thuận|thoả thuận|biên bản|bản ghi nhớ|biên bản ghi nhớ|hợp đồng|văn bản|cam kết
chương trình|sáng kiến|sự kiện|hoạt động|hội nghị|cuộc|cuộc gặp|cuộc họp|cuộc hội đàm|diễn đàn
hội chợ|triển lãm|hội thảo|đề án|nhiệm vụ|giải pháp|nội dung|vấn đề|mục tiêu|đề xuất|kiến nghị
cặp|cặp địa phương|lĩnh vực|ngành|ngành hàng|mặt hàng|sản phẩm|loại|nhóm|trụ cột|phương diện
hạng mục|công trình|tấn|kg|lít|km|km2|ki-lô-mét|ki-lô-mét vuông|mét vuông|mét|m|m2|m3|ha|héc-ta|hecta|mẫu
mw|kw|kwh|gw|gwh|teu|container|xe|xe tải|xe container|toa|tàu|con|cây|chiếc|suất|suất quà
phần quà|bậc|hạng|điểm|điểm phần trăm|lần|căn hộ|căn nhà|giường|liều|liều vắc-xin|liều vaccine
bộ|cuốn|cây số|m²|km²|m³|đầu sách|tác phẩm|bức ảnh|bài|bài viết|độ|độ c|thùng|kiện|lô hàng
giải|giải thưởng|huy chương|học bổng|suất học bổng|đơn hàng|tờ khai
dân|cư dân|học viên|sân bay|cảng biển|cảng hàng không|ga|nhà ga|máy bay|đôi|kỳ|buổi|đêm|phòng
hãng|hãng hàng không|hãng tàu|kho|kho bãi|trạm|cột mốc|mốc|làng|bản|thương hiệu|nhãn hàng
món|căn|tấm|quả|hồ sơ|lao động nước ngoài
""".strip().splitlines()
    for phrase in line.split("|")
)

# Compounds that start like a unit but are not one ("đồng thời", "tỷ lệ"):
# listed so that the longest match finds them and rejects the unit.
NOT_UNITS: frozenset[str] = frozenset({
    "đồng thời", "đồng ý", "đồng hành", "đồng minh", "đồng bằng", "đồng tình", "đồng hồ",
    "đồng đội", "đồng loạt", "đồng chủ trì", "đồng tổ chức", "đồng sáng lập", "đồng bộ",
    "đồng phục", "đồng nhất", "đồng đều", "đồng lòng", "đồng tâm", "đồng hương", "đồng nghiệp",
    "đồng cảm", "đồng thuận", "yên tâm", "yên ổn", "yên bình", "bên cạnh", "điểm nhấn", "điểm sáng",
    "ngày càng", "nước ngoài", "người ta", "lần lượt", "ca sĩ", "con người", "tỷ lệ", "tỷ trọng", "tỷ giá",
    "dân số", "dân chủ", "dân sự", "dân gian", "dân dụng", "dân sinh", "dân vận", "phòng chống", "kho bạc",
})

# Quantity qualifiers written before a number (GUIDELINES: "hơn 50%",
# "xấp xỉ 660 tỷ USD", "khoảng 1/8"). Verbs such as "đạt", "tăng" are not, nor
# the verb phrases "ước đạt", "ước tính" ("estimated to reach"); "ước" alone is "about".
QUALIFIERS: frozenset[str] = frozenset({
    "hơn", "gần", "khoảng", "xấp xỉ", "ít nhất", "tối thiểu", "tối đa", "lên tới", "lên đến",
    "chừng", "khoảng chừng", "ước", "trên dưới", "gần như",
    "hàng", "vài", "mấy", "dăm",
    "trên", "dưới", "tới",
})
# "trên 5 lĩnh vực" is "in 5 fields": these qualify only strong quantities.
WEAK_QUALIFIERS: frozenset[str] = frozenset({"trên", "dưới", "tới"})
# These only ever qualify a bare scale word: "hàng trăm", "vài nghìn".
VAGUE_QUALIFIERS: frozenset[str] = frozenset({"hàng", "vài", "mấy", "dăm"})
# "cao hơn 5%" is a comparison, not "more than 5%".
COMPARATIVES: frozenset[str] = frozenset({
    "cao", "lớn", "nhiều", "thấp", "ít", "nhanh", "mạnh", "sớm", "muộn", "chậm", "rộng",
    "dài", "xa", "tốt", "nhỏ", "đông", "gấp", "hẹp", "kém", "hơn",
})
# Units that make a weak qualifier safe to include ("trên 20 năm", "dưới 5 tuổi").
MEASURE_UNITS: frozenset[str] = frozenset({
    "năm", "tháng", "tuần", "ngày", "giờ", "phút", "thập kỷ", "thập niên", "thế kỷ", "tuổi",
    "tấn", "kg", "lít", "km", "km2", "km²", "m²", "mét vuông", "mét", "m", "m2", "m3", "ha", "héc-ta", "hecta", "mw", "kw", "kwh",
    "gw", "gwh", "teu", "lần", "độ", "độ c", "điểm phần trăm",
})

# Words after which a number is a date, edition or address even when a counted
# noun follows ('năm 2023 hai nước', 'quận 1 thành phố'); bare labels such as
# 'Điều 5' need no entry, a number with no unit is never a figure.
LABEL_WORDS: frozenset[str] = frozenset({
    "ngày", "tháng", "năm", "quý", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "lúc", "mùng", "mồng",
    "lần", "khóa", "khoá", "kỳ", "đợt", "phiên", "vòng", "ảnh", "hình", "top", "hạng", "lớp", "mã",
    "phường", "quận", "tổ", "ấp", "thôn", "lộ", "ngõ", "ngách", "hẻm", "phần",
    "giai đoạn", "nhiệm kỳ", "niên", "hotline", "điện thoại", "fax", "thế hệ",
})
# Ordinals after these are names of events or editions ("lần thứ 6").
EVENT_WORDS: frozenset[str] = frozenset({
    "lần", "khóa", "khoá", "kỳ", "họp", "phiên", "đợt", "vòng", "lượt", "mùa", "năm", "tháng", "ngày",
    "tuần", "quý", "hệ", "hội", "nghị", "đàn", "chợ", "hoan", "lãm", "thảo", "giải", "bản", "số",
    "trận", "chặng", "tiết", "buổi", "kỷ", "thế kỷ", "thập kỷ", "khoá", "lớp", "tập", "phần",
})
# Before "thứ Hai" these make it a weekday.
WEEKDAY_CUES: frozenset[str] = frozenset({
    "vào", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "ngày", "các", "mỗi", "từ", "đến", "hằng", "hàng",
})
# After a period noun these make it a calendar period ("9 tháng đầu năm 2023").
PERIOD_CUES: frozenset[str] = frozenset({"đầu", "cuối", "năm", "của", "giữa"})
PERIOD_NOUNS: frozenset[str] = frozenset({"tháng", "quý", "tuần", "ngày"})
# "trong 5 năm tới", "trong 5 năm qua", "trong 3 năm gần đây": a bare period used as time (after
# "trong", no qualifier). "trong hơn 20 năm qua" keeps its qualifier and stays a duration, and so
# does a bare one in a sentence about a relationship ("quan hệ hữu nghị từ năm 1999; trong 25 năm qua").
SPAN_NOUNS: frozenset[str] = frozenset({"năm", "tháng", "quý", "tuần", "ngày", "thập kỷ", "thập niên"})
SPAN_CUES_AFTER: frozenset[str] = frozenset({
    "tới", "qua", "sắp tới", "gần đây", "vừa qua", "trở lại đây", "trước", "tiếp theo", "kế tiếp",
})
SPAN_CUES_BEFORE: frozenset[str] = frozenset({"trong", "những"})
RELATIONSHIP_CUES: tuple[str, ...] = (
    "quan hệ", "hữu nghị", "kết nghĩa", "thiết lập", "ngoại giao", "gắn bó", "tình hữu nghị",
)
# Before "1/8" these make it a fraction rather than the first of August.
FRACTION_CUES: frozenset[str] = frozenset({
    "chiếm", "bằng", "giảm", "tăng", "còn", "là", "mất", "khoảng", "gần", "hơn", "xấp xỉ", "trên",
    "dưới", "tới", "đạt", "ít nhất", "chừng",
})
# After "1/3" these make it a fraction ("1/3 số doanh nghiệp").
FRACTION_OF: frozenset[str] = frozenset({
    "số", "tổng", "kim", "dân", "diện", "lượng", "giá", "vốn", "sản", "thị", "trong", "của",
})
# Set phrases that are no count at all: "thương mại hai chiều", "chính quyền hai cấp".
NUMBER_IDIOMS: frozenset[str] = frozenset({
    "hai chiều", "hai cấp", "ba cấp", "một chiều",
})
# Generic counted nouns that take a noun after them as one name ("ba nhóm nội dung",
# "hai loại hình dịch vụ"): with underthesea tokens the next noun joins the counted noun.
COMPOUND_HEADS: frozenset[str] = frozenset({
    "nhóm", "loại", "loại hình", "gói", "mảng", "khối", "hình thức", "bộ", "văn bản", "biên bản",
    "bản", "cụm", "chuỗi", "nhóm ngành",
})
# "hai nước", "hai bên": the two parties of the story, not a count (GUIDELINES).
PAIR_NOUNS: frozenset[str] = frozenset({
    "nước", "bên", "phía", "đảng", "nhà nước", "chính phủ", "quốc hội", "địa phương", "tỉnh", "thành phố",
    "quốc gia", "dân tộc", "nhân dân", "đất nước", "lãnh đạo", "nguyên thủ", "thủ đô", "bộ", "ngành",
    "cơ quan", "đơn vị", "đoàn", "hội", "tổ chức", "phái đoàn", "thủ tướng", "tổng bí thư", "chủ tịch",
    "bộ trưởng", "ngoại trưởng", "người đứng đầu", "quân đội", "thị trường", "nền kinh tế", "tỉnh thành",
    "đối tác", "doanh nghiệp hai bên", "ủy ban", "ban", "thành ủy", "tỉnh ủy", "hiệp hội", "trường",
    "cửa khẩu", "vùng", "khu vực", "xã", "huyện", "cộng đồng", "phòng", "sở", "miền",
})
# Words before a number word that make it a name or a person ("ông Ba", "anh Tám").
PERSON_WORDS: frozenset[str] = frozenset({
    "ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cụ", "cậu", "dì", "thím", "mợ", "út",
})
# Words before "năm" that make it the noun "year" ("những năm", "hằng năm").
YEAR_CUES: frozenset[str] = frozenset({
    "những", "nhiều", "các", "mỗi", "hằng", "hàng", "cả", "cùng", "từng", "vài", "mấy", "một", "mọi",
    "trong", "của", "qua", "sang", "đầu", "cuối", "giữa",
})
# Idioms: a number word followed by these is not counting anything.
WORD_IDIOMS: frozenset[str] = frozenset({
    "năm tháng", "năm châu", "ba miền", "bốn phương", "bốn biển", "trăm năm", "mười phân",
    "ba bốn", "năm bảy", "một hai", "hai ba",
})
# Number words written adjacent to letters are names; these units may be glued to digits.
GLUED_UNITS: frozenset[str] = frozenset({
    "km", "kg", "ha", "m", "mw", "kw", "kwh", "gw", "gwh", "teu", "usd", "vnd", "vnđ", "đ",
})
