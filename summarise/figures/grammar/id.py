"""Indonesian (Bahasa Indonesia): `Rp1,2 triliun`, `1.500 karyawan`, `kuartal II 2023`."""

from __future__ import annotations

from summarise.figures.grammar import Grammar
from summarise.figures.grammar.common import GLUED_UNITS, SHARED_NOUNS, SHARED_UNITS, prefixes

FUNCTION_WORDS = frozenset(
    """
    dan atau di ke dari pada untuk dengan yang itu ini adalah ialah akan telah sudah sedang juga
    dalam oleh per lebih kurang hingga sampai sejak setelah sebelum sebesar sebanyak mencapai
    menjadi jadi tersebut saja lagi lalu kini baru lain milik para tiap setiap bagi antara atas
    bawah sekitar hampir bahwa namun tetapi tapi serta secara sehingga karena jika bila apabila
    maka masih pun kata ujar ungkap jelas tambah terakhir pertama kedua ketiga mendatang silam
    depan belakang yakni yaitu seperti sebagai sementara tak tidak bukan belum hanya cuma pula
    sama sangat paling ada berapa banyak sedikit tersisa kemudian kembali ketika saat waktu
    selama hari ini tadi nanti besok kemarin sekarang masa tahunnya begitu demikian agar supaya
    kami kita kamu anda ia dia mereka beliau saya aku nya lah kah pernah harus bisa dapat boleh
    mau ingin perlu lewat melalui via versus vs terhadap tentang mengenai soal usai jelang
    menjelang sekali banyaknya jumlah total sisanya lainnya pula kira persen tahun bulan pekan
    minggu jam menit detik kali poin lipat rupiah dolar miliar juta ribu triliun
    naik turun tumbuh anjlok jatuh merosot masuk keluar tiba datang pergi lahir mati tewas
    hilang tinggal hidup habis laku laris rugi untung baru baharu lama besar kecil tinggi rendah
    pagi siang sore petang malam
    """.split()  # noqa: SIM905 - a word list reads best as text
)

# Number words as (role, value) steps; Malay reuses these and adds its own.
NUMBER_WORDS = {
    "nol": (("unit", 0),),
    "satu": (("unit", 1),),
    "dua": (("unit", 2),),
    "tiga": (("unit", 3),),
    "empat": (("unit", 4),),
    "lima": (("unit", 5),),
    "enam": (("unit", 6),),
    "tujuh": (("unit", 7),),
    "delapan": (("unit", 8),),
    "sembilan": (("unit", 9),),
    "sepuluh": (("tens", 10),),
    "sebelas": (("unit", 11),),
    "belas": (("teen", 10),),
    "puluh": (("mul", 10),),
    "ratus": (("mul", 100),),
    "seratus": (("unit", 1), ("mul", 100)),
    "seribu": (("unit", 1), ("scale", 3)),
    "sejuta": (("unit", 1), ("scale", 6)),
    "semiliar": (("unit", 1), ("scale", 9)),
    "setriliun": (("unit", 1), ("scale", 12)),
    "setengah": (("half", 0),),
    "perempat": (("frac", 4),),
    "pertiga": (("frac", 3),),
    "perlima": (("frac", 5),),
    "seperempat": (("unit", 1), ("frac", 4)),
    "selusin": (("dozen", 12),),
    "lusin": (("dozen", 12),),
}

GRAMMAR = Grammar(
    code="id",
    decimal=",",
    scales={
        "ribu": 3,
        "rb": 3,
        "juta": 6,
        "jt": 6,
        "miliar": 9,
        "milyar": 9,
        "millar": 9,
        "triliun": 12,
        "trilyun": 12,
        "ribu triliun": 15,
        "kuadriliun": 15,
        "kuadrilyun": 15,
    },
    money_scales={"M": 9, "T": 12, "Jt": 6, "Rb": 3},
    currency_prefixes=prefixes(),
    currency_suffixes={
        "rupiah": "IDR",
        "dolar as": "USD",
        "dollar as": "USD",
        "dolar amerika serikat": "USD",
        "dolar amerika": "USD",
        "dollar amerika": "USD",
        "dolar singapura": "SGD",
        "dolar australia": "AUD",
        "dolar hong kong": "HKD",
        "dolar kanada": "CAD",
        "dolar taiwan": "TWD",
        "dolar selandia baru": "NZD",
        "dolar": "USD",
        "dollar": "USD",
        "ringgit": "MYR",
        "ringgit malaysia": "MYR",
        "euro": "EUR",
        "yen": "JPY",
        "yuan": "CNY",
        "renminbi": "CNY",
        "poundsterling": "GBP",
        "pound sterling": "GBP",
        "pound": "GBP",
        "won": "KRW",
        "baht": "THB",
        "rupee": "INR",
        "rupe": "INR",
        "franc swiss": "CHF",
        "riyal": "SAR",
        "dirham": "AED",
        "rubel": "RUB",
        "peso filipina": "PHP",
        "dong": "VND",
    },
    percent_words=("%", "persen", "prosen", "pct"),
    points_words=("poin persentase", "persentase poin", "percentage point"),
    units=SHARED_UNITS,
    glued_units=GLUED_UNITS,
    count_nouns=SHARED_NOUNS,
    classifiers=("orang", "buah", "unit", "ekor", "biji", "lembar", "batang"),
    function_words=FUNCTION_WORDS,
    verb_prefixes=("me", "di", "ber", "ter", "se", "ke"),
    months={
        "Januari": 1,
        "Februari": 2,
        "Pebruari": 2,
        "Maret": 3,
        "April": 4,
        "Mei": 5,
        "Juni": 6,
        "Juli": 7,
        "Agustus": 8,
        "September": 9,
        "Oktober": 10,
        "November": 11,
        "Nopember": 11,
        "Desember": 12,
    },
    month_abbrevs={
        "Jan": 1,
        "Feb": 2,
        "Mar": 3,
        "Apr": 4,
        "Jun": 6,
        "Jul": 7,
        "Agu": 8,
        "Agt": 8,
        "Agust": 8,
        "Sep": 9,
        "Sept": 9,
        "Okt": 10,
        "Nov": 11,
        "Nop": 11,
        "Des": 12,
    },
    year_words=("tahun",),
    number_words=NUMBER_WORDS,
    point_words=("koma",),
    approx_scales={"ribuan": 3, "jutaan": 6, "miliaran": 9, "triliunan": 12},
    approx_suffixes=("-an",),
    approx_words=(
        "sekitar",
        "hampir",
        "kira-kira",
        "sekira",
        "kurang lebih",
        "lebih kurang",
        "nyaris",
        "mendekati",
        "diperkirakan",
        "ditaksir",
        "kisaran",
    ),
    not_number_before=("salah", "pukul", "jam"),  # `pukul tiga`: a time
    age_before=("berusia", "berumur", "usia", "umur", "usianya", "umurnya"),
    age_units=("tahun",),
    rank_words=("peringkat", "urutan", "posisi", "ranking", "juara", "rangking", "top"),
    multiplier_suffixes=("x",),
    multiplier_words=("kali",),
    between_words=("antara",),
    between_joins=("dan",),
    from_words=("dari",),
    range_words=("hingga", "sampai", "s.d.", "s/d", "sampai dengan"),
    period_words={"kuartal": "Q", "kwartal": "Q", "triwulan": "Q", "semester": "H"},
    ordinals={"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4},
    fiscal_year_words=("tahun fiskal", "tahun buku"),
    period_nouns=(
        "laba",
        "pendapatan",
        "kinerja",
        "rugi",
        "kerugian",
        "penjualan",
        "hasil",
        "pertumbuhan",
        "dividen",
        "laporan",
        "ebitda",
        "net",
        "results",
        "earnings",
    ),
    time_before=("pukul", "jam", "pkl", "pkl."),
    time_after=("WIB", "WITA", "WIT", "waktu setempat"),
    case_words=("nomor", "no.", "no", "nomer", "nmr", "RT", "RW"),
)
