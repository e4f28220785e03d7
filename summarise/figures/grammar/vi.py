"""Vietnamese (tiếng Việt): `1.500 tỷ đồng`, `14,3%`, `quý III năm 2024`, `ngày 14/5/2025`.

Vietnamese writes a thousands dot and a decimal comma, as Indonesian does. Its words are
syllables written apart (`nhân viên`, `nghìn tỷ`), so the word lists hold phrases and no noun is
guessed from one syllable it has no gloss for. A month is `tháng` and its number (`tháng 5`).
Number words are not read: `năm` is both "five" and "year", `ba` both "three" and "father",
and news writes its figures in digits.
"""

from __future__ import annotations

from summarise.figures.grammar import Grammar
from summarise.figures.grammar.common import GLUED_UNITS, METRIC_SYMBOLS, SYMBOL_UNITS, prefixes

#: The letters Vietnamese adds to a-z (tone marks and `đ`), lower case; NFC-composed text.
LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

FUNCTION_WORDS = frozenset(
    """
    và của có là được cho với trong trên dưới từ đến tới khoảng gần hơn tại theo này đó kia
    các những một mỗi mọi ông bà anh chị em họ chúng tôi ta nó năm tháng ngày tuần quý giờ
    tăng giảm đạt lên xuống mức khi sau trước nay đã đang sẽ cũng vẫn còn không chưa rất
    nhiều ít hết như nhưng nếu vì nên thì mà hay hoặc bằng về ra vào lại đây
    """.split()  # noqa: SIM905 - a word list reads best as text
)

#: Words after a number that begin with a scale or currency word and are no scale or money:
#: `đồng` is also "co-", "same" and "field" (15 `đồng hồ` are clocks, 2 `đồng sáng lập`
#: co-founders, 5 `đồng thời` "at the same time"), 3 `tỷ phú` are billionaires, 5 `triệu
#: chứng` symptoms, `tỷ lệ` a ratio, `tỷ giá` an exchange rate.
LOOKALIKES = (
    *(
        "đồng " + w
        for w in """
        hồ bào đội chí minh phục ý thời loạt nhất bằng ruộng xu hương tâm lòng thuận hành cảm
        tình nghiệp hạng cấp dạng
        """.split()  # noqa: SIM905 - a word list reads best as text
    ),
    "đồng sở hữu",
    "đồng sáng lập",
    "đồng tác giả",
    "đồng chủ tịch",
    "đồng giám đốc",
    *(f"{scale} {w}" for scale in ("tỷ", "tỉ") for w in ("phú", "lệ", "giá", "trọng")),
    "triệu phú",
    "triệu chứng",
)

_NOUNS = {
    "nhân viên": "employees",
    "người": "people",
    "người lao động": "workers",
    "lao động": "workers",
    "công nhân": "workers",
    "kỹ sư": "engineers",
    "lập trình viên": "developers",
    "khách hàng": "customers",
    "người dùng": "users",
    "thành viên": "members",
    "doanh nghiệp": "businesses",
    "công ty": "companies",
    "cửa hàng": "shops",
    "chi nhánh": "branches",
    "nhà máy": "factories",
    "dự án": "projects",
    "xe": "vehicles",
    "ô tô": "cars",
    "xe máy": "motorcycles",
    "hành khách": "passengers",
    "du khách": "tourists",
    "khách du lịch": "tourists",
    "sinh viên": "students",
    "học sinh": "pupils",
    "nhà đầu tư": "investors",
    "trung tâm dữ liệu": "data centres",
    "đơn hàng": "orders",
    "tài khoản": "accounts",
    "ứng dụng": "apps",
    "thiết bị": "devices",
    "điện thoại": "phones",
    "thành phố": "cities",
    "tỉnh": "provinces",
    "quốc gia": "countries",
    "hộ gia đình": "households",
    "gia đình": "families",
    "trường học": "schools",
    "bệnh viện": "hospitals",
    "bệnh nhân": "patients",
    "cổ phiếu": "shares",
    "giao dịch": "transactions",
    "sản phẩm": "products",
    "máy chủ": "servers",
    "con chip": "chips",
}

_UNITS = {
    **SYMBOL_UNITS,
    **METRIC_SYMBOLS,
    "mét": "metres",
    "mét vuông": "square metres",
    "ki-lô-mét": "kilometres",
    "tấn": "tonnes",
    "lít": "litres",
    "ha": "hectares",
    "héc-ta": "hectares",
    "hécta": "hectares",
    "năm": "years",
    "tháng": "months",
    "tuần": "weeks",
    "ngày": "days",
    "phút": "minutes",
    "giây": "seconds",
    "điểm cơ bản": "basis points",
}

GRAMMAR = Grammar(
    code="vi",
    decimal=",",
    upper_letters="A-Z" + LETTERS.upper(),
    lower_letters="a-z" + LETTERS,
    scales={
        "nghìn": 3,
        "ngàn": 3,
        "triệu": 6,
        "tỷ": 9,
        "tỉ": 9,
        "nghìn tỷ": 12,
        "ngàn tỷ": 12,
        "nghìn tỉ": 12,
        "ngàn tỉ": 12,
    },
    currency_prefixes=prefixes(),
    currency_suffixes={
        "đồng": "VND",
        "đồng usd": "USD",  # `đồng` also counts a foreign currency: 1 đồng USD is US$1
        "đồng euro": "EUR",
        "đồng yên": "JPY",
        "đồng nhân dân tệ": "CNY",
        "đồng đô la": "USD",
        "vnd": "VND",
        "vnđ": "VND",
        "đ": "VND",
        "₫": "VND",
        "usd": "USD",
        "đô la mỹ": "USD",
        "đô la": "USD",
        "đô-la": "USD",
        "đô la singapore": "SGD",
        "euro": "EUR",
        "yên": "JPY",
        "nhân dân tệ": "CNY",
        "won": "KRW",
        "baht": "THB",
        "ringgit": "MYR",
        "rupiah": "IDR",
        "bảng anh": "GBP",
    },
    scale_only_suffixes={"đô": "USD"},  # 5 tỷ đô: `đô` is dollars only after a scale word
    glued_currency_suffixes={"đ": "VND", "₫": "VND", "VND": "VND", "VNĐ": "VND"},
    lookalikes=LOOKALIKES,
    percent_words=("%", "phần trăm"),
    points_words=("điểm phần trăm",),
    units=_UNITS,
    glued_units=GLUED_UNITS,
    count_nouns=_NOUNS,
    classifiers=("chiếc", "con", "cái", "căn", "ngôi", "tòa"),
    function_words=FUNCTION_WORDS,
    unknown_nouns=False,
    months={  # exact case: as a sentence starts, as it goes on, as a headline shouts
        f"{word} {n:{width}}": n
        for word in ("Tháng", "tháng", "THÁNG")
        for width in ("", "02d")
        for n in range(1, 13)
    },
    year_words=("năm",),
    month_year_marks=("/",),
    approx_words=("khoảng", "gần", "chừng", "xấp xỉ", "ước tính", "khoảng chừng"),
    age_after=("tuổi",),
    rank_words=("hạng", "top"),
    multiplier_suffixes=("x",),
    multiplier_words=("lần",),
    range_words=("đến", "tới"),
    from_words=("từ",),
    period_words={"quý": "Q"},
    fiscal_year_words=("năm tài chính",),
    case_words=("số",),
    # `9 giờ` is both "nine o'clock" and "nine hours", so `giờ` is no unit; and `lúc` (at) is
    # no time_before: `lúc 50.000 đồng` (at VND 50,000) would lose its figure.
    clock_after=("giờ sáng", "giờ trưa", "giờ chiều", "giờ tối", "h"),  # 9 giờ tối, 10h
    hour_marks=("h",),
    convention_words=("tỷ", "tỉ", "triệu", "phần trăm"),
)
