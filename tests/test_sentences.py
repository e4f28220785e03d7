"""Sentence splitting: Indonesian/Malay/English abbreviations, numbers, quotes, offsets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.sentences import dateline_end, paragraph_regions, sentence_texts, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, paragraph_regions(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # money, decimals and thousands separators
        (
            "Nilainya US$14,3 miliar. Naik 3.5 persen.",
            ["Nilainya US$14,3 miliar.", "Naik 3.5 persen."],
        ),
        (
            "Harga Rp. 5.000 per kg. Naik 3,5% dari Rp5.000.",
            ["Harga Rp. 5.000 per kg.", "Naik 3,5% dari Rp5.000."],
        ),
        # prefix abbreviations never end a sentence
        (
            "Ekspor milik PT. Charoen Pokphand Indonesia naik. Dia senang.",
            ["Ekspor milik PT. Charoen Pokphand Indonesia naik.", "Dia senang."],
        ),
        (
            "Dia tinggal di Jl. Sudirman No. 5. Rumahnya besar.",
            ["Dia tinggal di Jl. Sudirman No. 5.", "Rumahnya besar."],
        ),
        (
            "Dr. Budi dan Prof. Ani hadir. Acara dimulai.",
            ["Dr. Budi dan Prof. Ani hadir.", "Acara dimulai."],
        ),
        (
            "Di Jl. Jend. Sudirman Kav. 52, Jakarta. Gedung itu tinggi.",
            ["Di Jl. Jend. Sudirman Kav. 52, Jakarta.", "Gedung itu tinggi."],
        ),
        # dotted abbreviations
        (
            "Surat a.n. Budi Santoso, S.H. diterima. Lalu dibalas.",
            ["Surat a.n. Budi Santoso, S.H. diterima.", "Lalu dibalas."],
        ),
        (
            "The U.S. economy grew 3.5 percent. Analysts were pleased.",
            ["The U.S. economy grew 3.5 percent.", "Analysts were pleased."],
        ),
        # suffix abbreviations: no split before lowercase, digits or brackets
        (
            "Buah, sayur, dll. dijual di pasar. Harganya murah.",
            ["Buah, sayur, dll. dijual di pasar.", "Harganya murah."],
        ),
        (
            "Kertas, pena, dsb. juga ada. Semua lengkap.",
            ["Kertas, pena, dsb. juga ada.", "Semua lengkap."],
        ),
        (
            "PT Bank Rakyat Indonesia (Persero) Tbk. (BBRI) naik. Investor senang.",
            ["PT Bank Rakyat Indonesia (Persero) Tbk. (BBRI) naik.", "Investor senang."],
        ),
        (
            "PT Astra International Tbk. mencatat laba. Sahamnya naik.",
            ["PT Astra International Tbk. mencatat laba.", "Sahamnya naik."],
        ),
        # ... but do end a sentence before a capitalised word
        (
            "Saham dibeli dari PT X Tbk. Direktur Utama menyambut baik.",
            ["Saham dibeli dari PT X Tbk.", "Direktur Utama menyambut baik."],
        ),
        # initials
        (
            "J. K. Rowling menulis buku. A. Rahman datang.",
            ["J. K. Rowling menulis buku.", "A. Rahman datang."],
        ),
        # URLs and e-mails
        (
            "Kunjungi www.example.com/a.b atau info@x.co.id untuk info. Gratis.",
            ["Kunjungi www.example.com/a.b atau info@x.co.id untuk info.", "Gratis."],
        ),
        (
            "Lihat https://example.com/path.html. Kemudian baca lagi.",
            ["Lihat https://example.com/path.html.", "Kemudian baca lagi."],
        ),
        # times and dates
        (
            "Gempa 4,7 SR terjadi pukul 19.41 WIB. BMKG menyatakan aman.",
            ["Gempa 4,7 SR terjadi pukul 19.41 WIB.", "BMKG menyatakan aman."],
        ),
        (
            "Kejadian pada Senin (13/3/2017). Polisi datang.",
            ["Kejadian pada Senin (13/3/2017).", "Polisi datang."],
        ),
        (
            "Naik 5 persen pada 2017. 50 orang hadir.",
            ["Naik 5 persen pada 2017.", "50 orang hadir."],
        ),
        # quotes
        (
            '"Tidak," katanya. Dia pergi.',
            ['"Tidak," katanya.', "Dia pergi."],
        ),
        (
            'Rapat ditutup. "Kami sepakat pada penutupan." Kemudian mereka pulang.',
            ["Rapat ditutup.", '"Kami sepakat pada penutupan."', "Kemudian mereka pulang."],
        ),
        (
            "“Tidak,” katanya. “Kami tidak tahu.” Lalu pergi.",
            ["“Tidak,” katanya.", "“Kami tidak tahu.”", "Lalu pergi."],
        ),
        (
            '"Benarkah?" tanyanya. "Ya!" jawab Budi.',
            ['"Benarkah?" tanyanya.', '"Ya!" jawab Budi.'],
        ),
        # ellipsis: kept inside quotes, a break outside them before a capital
        (
            '"Saya... tidak tahu... Mungkin besok," katanya. Dia pergi.',
            ['"Saya... tidak tahu... Mungkin besok," katanya.', "Dia pergi."],
        ),
        (
            "Dia menunggu… Akhirnya bus datang.",
            ["Dia menunggu…", "Akhirnya bus datang."],
        ),
        (
            "Dia menunggu... lama sekali.",
            ["Dia menunggu... lama sekali."],
        ),
        # question and exclamation marks
        (
            "Apa kabar? Baik! Terima kasih.",
            ["Apa kabar?", "Baik!", "Terima kasih."],
        ),
        # a sentence may start with a camel-cased brand
        (
            "Dia membeli iPhone. iPhone itu mahal.",
            ["Dia membeli iPhone.", "iPhone itu mahal."],
        ),
        # list numbering stays with its item
        (
            "1. Pertama kita makan. 2. Kedua kita minum.",
            ["1. Pertama kita makan.", "2. Kedua kita minum."],
        ),
        # English and Malay titles
        (
            "Mr. Smith met Dr. Jones at 3 p.m. on Monday. They talked.",
            ["Mr. Smith met Dr. Jones at 3 p.m. on Monday.", "They talked."],
        ),
        (
            "Menurut Datuk Seri Najib, ekonomi kukuh. Beliau berkata demikian.",
            ["Menurut Datuk Seri Najib, ekonomi kukuh.", "Beliau berkata demikian."],
        ),
        # CJK full stops need no space
        ("经济增长。美国也增长！", ["经济增长。", "美国也增长！"]),
        # no punctuation at all
        ("tanpa tanda baca sama sekali", ["tanpa tanda baca sama sekali"]),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_and_paragraphs() -> None:
    text = "  Satu kalimat. Dua kalimat.\n\nTiga kalimat di paragraf dua.  \n"
    sents = split_sentences(text, paragraph_regions(text))
    assert [s.index for s in sents] == [0, 1, 2]
    assert [s.paragraph for s in sents] == [0, 0, 1]
    for s in sents:
        assert s.text == text[s.start : s.end]
        assert s.text == s.text.strip()


def test_crlf() -> None:
    text = "Baris satu.\r\nBaris dua tanpa titik\r\n\r\nBaris tiga."
    assert texts(text) == ["Baris satu.", "Baris dua tanpa titik", "Baris tiga."]
    assert paragraph_regions(text) == [(0, 11), (13, 34), (38, 49)]


def test_sentence_texts_splits_plain_text_by_paragraph_and_sentence() -> None:
    text = "Nilainya US$14,3 miliar. Naik 3.5 persen.\n\nDr. Budi hadir\n"
    assert sentence_texts(text) == [
        "Nilainya US$14,3 miliar.",
        "Naik 3.5 persen.",
        "Dr. Budi hadir",
    ]
    assert sentence_texts("") == []
    assert sentence_texts("  \n\n ") == []


def test_paragraph_regions_skips_blank_lines() -> None:
    text = "\n  a b  \n\n\t\nc\n"
    assert [text[s:e] for s, e in paragraph_regions(text)] == ["a b", "c"]
    assert paragraph_regions("") == []


def test_sentences_never_cross_regions() -> None:
    text = "Kalimat pertama tanpa titik Kalimat kedua."
    sents = split_sentences(text, [(0, 27), (28, len(text))])
    assert [s.text for s in sents] == ["Kalimat pertama tanpa titik", "Kalimat kedua."]
    assert [s.paragraph for s in sents] == [0, 1]


def test_blank_line_inside_region_is_a_break() -> None:
    text = "Judul tanpa titik\n\nIsi berita."
    assert [s.text for s in split_sentences(text, [(0, len(text))])] == [
        "Judul tanpa titik",
        "Isi berita.",
    ]


def test_bad_regions_do_not_raise() -> None:
    text = "Satu. Dua. Tiga."
    assert split_sentences(text, []) == ()
    assert split_sentences("", [(0, 10)]) == ()
    sents = split_sentences(text, [(-5, 3), (10, 100), (8, 12), (7, 2)])
    for s in sents:
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == text[s.start : s.end]
    ends = [(s.start, s.end) for s in sents]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))


def test_long_unpunctuated_sentence() -> None:
    text = "kata " * 1000
    sents = split_sentences(text, paragraph_regions(text))
    assert len(sents) == 1
    assert sents[0].end - sents[0].start == len(text.strip())


@pytest.mark.parametrize(
    "text", [". " * 5000, "a... B " * 3000, '"x... Y ' * 3000, "x" * 100_000, "?!" * 10_000]
)
def test_pathological_inputs_end_and_keep_offsets(text: str) -> None:
    # No wall-clock bound (it failed on loaded machines); a catastrophic regex never ends, and
    # pytest's time-out catches that.
    sents = split_sentences(text, [(0, len(text))])
    assert all(s.text == text[s.start : s.end] for s in sents)


def test_ten_thousand_words_split_into_every_sentence() -> None:
    para = (
        "Jakarta, CNN Indonesia -- PT Bank Mandiri (Persero) Tbk. mencatat laba Rp 5,2 "
        'triliun, naik 3,5 persen. "Kami optimistis," kata Dr. Budi di Jl. Sudirman No. 5. '
        "Analis menilai hasil itu sesuai perkiraan pasar. "
    )
    text = "\n\n".join([para] * (10_000 // len(para.split()) + 1))
    regions = paragraph_regions(text)
    sents = split_sentences(text, regions)
    assert len(text.split()) >= 10_000
    assert len(sents) == 3 * len(regions)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Jakarta, CNN Indonesia -- PT Pertamina menyatakan.", "PT Pertamina menyatakan."),
        ("Suara.com - Untuk mengantisipasi longsor.", "Untuk mengantisipasi longsor."),
        ("Jakarta (ANTARA News) - Ketua DPR hadir.", "Ketua DPR hadir."),
        ("BEKASI (Pos Kota) – Nenek ditangkap.", "Nenek ditangkap."),
        ("Rimanews - Konsulat Jenderal RI buka.", "Konsulat Jenderal RI buka."),
        ("JAKARTA, KOMPAS.com - Harga naik.", "Harga naik."),
        ("Liputan6.com, Jakarta: Presiden tiba.", "Presiden tiba."),
        ("LONDON (Reuters) - Oil prices rose.", "Oil prices rose."),
        ("KUALA LUMPUR: Kerajaan akan membina.", "Kerajaan akan membina."),
    ],
)
def test_dateline_end(text: str, body: str) -> None:
    assert text[dateline_end(text) :] == body


@pytest.mark.parametrize(
    "text",
    [
        "Go - Jek resmikan layanan baru.",
        "Menteri Pertanian Andi Amran Sulaiman mengatakan hal itu.",
        "Contoh: Budi membeli buku.",
        "Jakarta - ",
        "",
    ],
)
def test_no_dateline(text: str) -> None:
    assert dateline_end(text) == len(text) - len(text.lstrip())


def test_dateline_end_respects_bounds() -> None:
    text = "Judul\nJakarta, CNN Indonesia -- Isi berita."
    start = text.index("Jakarta")
    assert text[dateline_end(text, start, len(text)) :] == "Isi berita."


_alphabet = st.sampled_from(
    [*list("aAbZ .,!?…\"'“”()\n\r\t0123456789$%-"), "Rp.", "Tbk.", "Dr. ", "...", "US$", "J. "]
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(_alphabet, max_size=200),
    cuts=st.lists(st.integers(min_value=-10, max_value=400), max_size=8),
)
def test_property_offsets(parts: list[str], cuts: list[int]) -> None:
    text = "".join(parts)
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    for regions in (paragraph_regions(text), pairs):
        sents = split_sentences(text, regions)
        prev_end = 0
        for k, s in enumerate(sents):
            assert s.index == k
            assert 0 <= s.start < s.end <= len(text)
            assert s.text == text[s.start : s.end]
            assert s.text == s.text.strip()
            assert s.start >= prev_end
            prev_end = s.end
            rs, re_ = regions[s.paragraph]
            assert rs <= s.start and s.end <= re_
