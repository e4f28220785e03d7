"""Malay (Bahasa Melayu, Malaysia): `RM1.5 bilion`, `2.5 peratus`, `50,000 pekerja`.

Malaysian press writes a decimal point and thousands commas (as English does), unlike Indonesian;
digit-group shape still decides first, so Indonesian-style `1.500` reads as 1500 here too.
"""

from __future__ import annotations

from summarise.figures.grammar import Grammar
from summarise.figures.grammar.common import GLUED_UNITS, SHARED_NOUNS, SHARED_UNITS, prefixes
from summarise.figures.grammar.id import FUNCTION_WORDS as _ID_FUNCTION_WORDS
from summarise.figures.grammar.id import NUMBER_WORDS as _ID_NUMBER_WORDS

# Indonesian number words serve Malay too; these are Malay's own.
_NUMBER_WORDS = {
    **_ID_NUMBER_WORDS,
    "kosong": (("unit", 0),),
    "sifar": (("unit", 0),),
    "lapan": (("unit", 8),),
    "separuh": (("half", 0),),
    "sedozen": (("dozen", 12),),
    "dozen": (("dozen", 12),),
}

GRAMMAR = Grammar(
    code="ms",
    decimal=".",
    scales={
        "ribu": 3,
        "juta": 6,
        "mln": 6,
        "bilion": 9,
        "billion": 9,
        "bln": 9,
        "trilion": 12,
        "trillion": 12,
        "kuadrilion": 15,
    },
    money_scales={"j": 6, "b": 9, "bil": 9, "mil": 6, "k": 3},
    currency_prefixes=prefixes(),
    currency_suffixes={
        "ringgit": "MYR",
        "ringgit malaysia": "MYR",
        "dolar as": "USD",
        "dolar amerika": "USD",
        "dolar singapura": "SGD",
        "dolar australia": "AUD",
        "dolar": "USD",
        "rupiah": "IDR",
        "euro": "EUR",
        "yen": "JPY",
        "yuan": "CNY",
        "paun sterling": "GBP",
        "paun": "GBP",
        "won": "KRW",
        "baht": "THB",
    },
    subunit_suffixes={"sen": "MYR"},
    percent_words=("%", "peratus", "persen"),
    points_words=("mata peratusan", "mata peratus"),
    units={**SHARED_UNITS, "sentimeter": "centimetres", "kilometer": "kilometres"},
    glued_units=GLUED_UNITS,
    count_nouns={
        **SHARED_NOUNS,
        "kakitangan": "staff",
        "penjawat awam": "civil servants",
        "rakyat": "people",
        "pelancong": "tourists",
        "syarikat": "companies",
        "isi rumah": "households",
        "kenderaan": "vehicles",
        "kereta": "cars",
        "pesakit": "patients",
        "mangsa": "victims",
        "kes": "cases",
        "sekolah": "schools",
    },
    classifiers=("orang", "buah", "unit", "ekor", "biji", "keping"),
    function_words=_ID_FUNCTION_WORDS
    | frozenset("iaitu kepada daripada bagi oleh telah sudah akan juga ialah".split()),  # noqa: SIM905
    verb_prefixes=("me", "di", "ber", "ter", "se", "ke"),
    months={
        "Januari": 1,
        "Februari": 2,
        "Mac": 3,
        "April": 4,
        "Mei": 5,
        "Jun": 6,
        "Julai": 7,
        "Ogos": 8,
        "September": 9,
        "Oktober": 10,
        "November": 11,
        "Disember": 12,
    },
    month_abbrevs={
        "Jan": 1,
        "Feb": 2,
        "Apr": 4,
        "Jul": 7,
        "Ogo": 8,
        "Sep": 9,
        "Okt": 10,
        "Nov": 11,
        "Dis": 12,
    },
    year_words=("tahun",),
    number_words=_NUMBER_WORDS,
    point_words=("perpuluhan", "koma"),
    approx_words=("kira-kira", "hampir", "lebih kurang", "sekitar", "anggaran", "kurang lebih"),
    not_number_before=("salah",),
    age_before=("berusia", "berumur", "umur", "usia"),
    age_units=("tahun",),
    rank_words=("tangga", "kedudukan", "peringkat", "ranking"),
    multiplier_suffixes=("x",),
    between_words=("antara",),
    between_joins=("dan",),
    range_words=("hingga", "sehingga", "sampai"),
    period_words={
        "suku": "Q",
        "suku tahun": "Q",
        "suku tahun ke": "Q",
        "separuh": "H",
        "kuartal": "Q",
        "semester": "H",
    },
    ordinals={"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4},
    fiscal_year_words=("tahun kewangan", "tahun fiskal"),
    time_before=("pukul", "jam"),
    time_after=("pagi", "petang", "malam", "tengah hari"),
    case_words=("nombor", "no.", "no", "nomor"),
)
