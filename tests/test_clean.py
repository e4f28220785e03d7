"""Body, headline and chrome of articles, as offsets into the unchanged text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.clean import Cleaned, body_text, clean_text, dateline_end

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = ROOT / ".." / "shared" / "eval" / "seed-article.txt"

PARA1 = (
    "Perusahaan rintisan itu meraih pendanaan Rp200 miliar dari tiga investor, "
    "kata pendirinya kepada wartawan di Jakarta."
)
PARA2 = "Dana itu akan dipakai untuk membuka 12 gudang baru pada 2025."


def _spans(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


def _has(body: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", body) is not None


def _check_offsets(text: str, cleaned: Cleaned) -> None:
    """Regions are inside the text, trimmed, ordered and disjoint from title and chrome."""
    previous_end = 0
    for start, end in cleaned.body:
        assert 0 <= previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
    others = [*cleaned.title_spans, *cleaned.dropped]
    for start, end in cleaned.body:
        for o_start, o_end in others:
            assert end <= o_start or o_end <= start, (text[start:end], text[o_start:o_end])
    if cleaned.title is not None:
        assert cleaned.title == cleaned.title_spans[0]


def _text_of(path: Path) -> str:
    from summarise.sources import InputRef, read_input

    return read_input(InputRef(str(path), path))[1]


# --- the canonical input ---------------------------------------------------------------------


def test_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("shared eval data not present")
    text = SEED.read_text(encoding="utf-8")
    cleaned = clean_text(text)
    headline = "Scale AI Tegaskan Independen Meski Meta Miliki Saham Rp230 Triliun"
    assert cleaned.title is not None and text[slice(*cleaned.title)] == headline
    assert _spans(text, cleaned.title_spans) == [headline, headline]
    body = body_text(text, cleaned)
    assert headline not in body
    for chrome in ("menu", "close", "Source:", "Latest News"):
        assert not _has(body, chrome)
    assert _spans(text, cleaned.dropped) == ["menu", "close", "Source:", "Latest News"]
    assert len(cleaned.body) == 7
    assert text[slice(*cleaned.body[0])].startswith("CEO interim Scale AI, Jason Droege")
    _check_offsets(text, cleaned)


# --- samples ---------------------------------------------------------------------------------


def test_scraped_sample_keeps_only_the_article() -> None:
    text = _text_of(SAMPLES / "id-scraped-page.txt")
    cleaned = clean_text(text)
    headline = "Perusahaan Cip Lokal Siapkan Pabrik Rp4,5 Triliun di Batam"
    assert _spans(text, cleaned.title_spans) == [headline, headline]
    paragraphs = _spans(text, cleaned.body)
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Perusahaan perakitan cip asal Bandung")  # dateline gone
    assert paragraphs[4].endswith("dalam lima tahun terakhir.")  # inline "Baca juga" cut
    assert paragraphs[5].endswith("mencapai Rp3,2 triliun.")  # desk code cut
    body = body_text(text, cleaned)
    for chrome in (
        "menu", "close", "Home", "Share", "Bagikan", "WhatsApp", "Copy link", "Foto",
        "Shutterstock", "Baca juga", "ADVERTISEMENT", "SCROLL", "(wdi/ard)", "Editor",
        "Tags", "Source", "Latest News", "Harga Emas", "Berita Terkini", "©", "WIB",
        "Warta Digital",
    ):  # fmt: skip
        assert not _has(body, chrome), chrome
    dropped = _spans(text, cleaned.dropped)
    assert "Batam, Warta Digital --" in dropped
    assert "Baca juga: Pemerintah Tawarkan Insentif Pajak untuk Industri Cip" in dropped
    _check_offsets(text, cleaned)


@pytest.mark.parametrize(
    ("name", "headline", "paragraphs"),
    [
        (
            "id-startup-funding.txt",
            "Startup Logistik Kirimaja Raih Pendanaan US$85 Juta, Valuasi Tembus US$1,2 Miliar",
            11,
        ),
        (
            "id-ecommerce-results.txt",
            "Pendapatan Belanjaria Naik 18%, Rugi Menyusut Jadi Rp1,4 Triliun",
            10,
        ),
        (
            "id-fintech-page.html",
            "OJK Beri Izin Usaha ke Bank Digital Dompetku, Modal Disetor Rp3 Triliun",
            6,
        ),
        (
            "ms-digital-economy.txt",
            "Kerajaan Sasar Ekonomi Digital Sumbang 25 Peratus Kepada KDNK Menjelang 2030",
            7,
        ),
        (
            "en-regional-tech.txt",
            "Southeast Asian Cloud Firm Nimbus Raises US$250 Million Ahead of Planned Listing",
            8,
        ),
        (
            "id-telco-infrastructure.md",
            "Operator Menara Nusantel Anggarkan Belanja Modal Rp8 Triliun untuk Serat Optik",
            11,
        ),
    ],
)
def test_samples(name: str, headline: str, paragraphs: int) -> None:
    text = _text_of(SAMPLES / name)
    cleaned = clean_text(text)
    assert cleaned.title is not None and text[slice(*cleaned.title)] == headline
    assert len(cleaned.body) == paragraphs
    _check_offsets(text, cleaned)


def test_markdown_heading_marker_is_not_in_the_title() -> None:
    text = _text_of(SAMPLES / "id-telco-infrastructure.md")
    cleaned = clean_text(text)
    assert cleaned.title is not None and cleaned.title[0] == 2  # after "# "
    assert text[slice(*cleaned.body[0])].startswith("Perusahaan penyedia menara")  # dateline cut


# --- headline --------------------------------------------------------------------------------


def test_title_is_the_first_short_line_before_the_first_paragraph() -> None:
    text = f"Startup Gudang Raih Rp200 Miliar\n\n{PARA1}\n\n{PARA2}\n"
    cleaned = clean_text(text)
    assert cleaned.title == (0, 32)
    assert _spans(text, cleaned.body) == [PARA1, PARA2]


def test_no_title_when_the_text_starts_with_a_paragraph() -> None:
    text = f"{PARA1}\n\nSubjudul Tentang Rencana Ekspansi\n\n{PARA2}"
    cleaned = clean_text(text)
    assert cleaned.title is None and cleaned.title_spans == ()
    assert len(cleaned.body) == 3  # the sub-heading stays in the body


def test_repeated_headline_is_found_even_after_a_kicker_and_counted_once() -> None:
    title = "Startup Gudang Raih Rp200 Miliar"
    text = f"Ekonomi\n{title}\n\n{PARA1}\n  startup gudang  RAIH rp200 miliar \n\n{PARA2}"
    cleaned = clean_text(text)
    assert text[slice(*cleaned.title)] == title  # type: ignore[misc]
    assert len(cleaned.title_spans) == 2
    assert text[slice(*cleaned.title_spans[1])] == "startup gudang  RAIH rp200 miliar"
    assert "Ekonomi" in _spans(text, cleaned.dropped)  # the section label before the headline
    assert _spans(text, cleaned.body) == [PARA1, PARA2]


def test_short_labels_are_not_titles() -> None:
    text = f"Ekonomi\n\n{PARA1}"
    assert clean_text(text).title is None


def test_crlf_text_gives_the_same_regions_shifted() -> None:
    lf = f"menu\nStartup Gudang Raih Rp200 Miliar\n\n{PARA1}\n\nSource:\n"
    crlf = lf.replace("\n", "\r\n")
    a, b = clean_text(lf), clean_text(crlf)
    assert _spans(lf, a.body) == _spans(crlf, b.body) == [PARA1]
    assert _spans(crlf, b.dropped) == ["menu", "Source:"]
    assert crlf[slice(*b.title)] == "Startup Gudang Raih Rp200 Miliar"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text", ["Atap Sekolah Ambruk, Siswa SMPN 278 Diliburkan", "menu\nJudul Saja di Sini\n"]
)
def test_a_lone_short_line_is_body_not_a_title_of_nothing(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned.title is None and cleaned.title_spans == ()
    assert _spans(text, cleaned.body) == [text.replace("menu", "").strip()]


def test_empty_and_chrome_only_texts() -> None:
    assert clean_text("") == Cleaned(body=())
    cleaned = clean_text("menu\nclose\n\nShare\n")
    assert cleaned.body == () and cleaned.title is None and len(cleaned.dropped) == 3


# --- chrome ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "menu", "close", "MENU", "Share", "Bagikan", "Tweet", "WhatsApp", "Facebook",
        "Copy link", "Salin tautan", "Share  |  Tweet  |  WhatsApp",
        "Baca juga: Harga Emas Naik Lagi", "Baca Juga", "BACA JUGA: Investor Asing Masuk",
        "Lihat juga: Video Peresmian", "Simak juga: Daftar Startup", "Read also: Oil prices",
        "Related: Bank raises rates", "Source:", "Sumber: Bank Indonesia", "Latest News",
        "Berita Terkini", "Terpopuler", "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT",
        "Iklan", "Foto: ANTARA/Budi Santoso", "(Foto: ANTARA/Aditya Pradana)",
        "Ilustrasi. (Shutterstock)", "Ilustrasi", "Photo by Jane Doe on Unsplash",
        "Gedung perkantoran di Jakarta. (Dok. Perusahaan)", "Editor: Ratna Sari",
        "Penulis: Budi", "Reporter: Sinta", "(ant/xyz)", "(mdk/ded)",
        "Tags: startup, pendanaan", "Copyright © 2024 Warta Digital",
        "© 2024 Kabar. All rights reserved.", "Hak cipta dilindungi undang-undang",
        "Senin, 10 Jun 2024 14:32 WIB", "Rabu, 19 Juni 2024", "June 18, 2024 10:15 am",
        "Home > Tekno > Startup", "***", "Kongsi",
    ],
)  # fmt: skip
def test_chrome_line_is_dropped(line: str) -> None:
    text = f"Startup Gudang Raih Rp200 Miliar\n\n{PARA1}\n{line}\n\n{PARA2}"
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [PARA1, PARA2]
    assert line.strip() in _spans(text, cleaned.dropped)


@pytest.mark.parametrize(
    "line",
    [
        "Foto bersama para investor dilakukan setelah penandatanganan kontrak senilai Rp5 miliar.",
        "Sumber daya manusia menjadi tantangan terbesar, kata Budi.",
        "Ilustrasi tersebut menunjukkan pertumbuhan pendapatan 20% per tahun.",
        "Related parties held 12% of the shares at the end of 2023.",
        "Menu makanan di restoran itu naik 10% sejak Januari.",
        "Share prices fell 3% on Monday after the results.",
        "Editor senior di perusahaan itu mengundurkan diri pada Mei 2024.",
    ],
)
def test_prose_that_looks_like_chrome_is_kept(line: str) -> None:
    text = f"Startup Gudang Raih Rp200 Miliar\n\n{PARA1}\n\n{line}\n\n{PARA2}"
    assert line in _spans(text, clean_text(text).body)


def test_related_list_after_a_heading_is_dropped_until_prose_returns() -> None:
    text = (
        f"Startup Gudang Raih Rp200 Miliar\n\n{PARA1}\n\nBaca Juga\n"
        "- Harga Emas Turun Tipis Pagi Ini\n\nOperator Uji Coba 5G\n\n"
        f"{PARA2}\n\nSubjudul Sesudah Paragraf"
    )
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [PARA1, PARA2, "Subjudul Sesudah Paragraf"]
    assert "Harga Emas Turun Tipis Pagi Ini" in _spans(text, cleaned.dropped)


def test_inline_chrome_splits_a_paragraph_with_offsets_kept() -> None:
    first = "Pendapatan naik 18% menjadi Rp9,8 triliun."
    second = "Laba bersih tercatat Rp1,2 triliun."
    text = f"{first} ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT {second} (ant/abc)"
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [first, second]
    assert _spans(text, cleaned.dropped) == [
        "ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT",
        "(ant/abc)",
    ]


def test_trailing_baca_juga_sentence_is_cut() -> None:
    text = f"{PARA1} Baca juga: Harga Emas Naik Lagi\n\n{PARA2}"
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [PARA1, PARA2]
    assert _spans(text, cleaned.dropped) == ["Baca juga: Harga Emas Naik Lagi"]


def test_inline_photo_credit_is_cut() -> None:
    text = f"{PARA1} (Foto: ANTARA/Dewi) {PARA2}"
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [PARA1, PARA2]


def test_hard_wrapped_paragraph_is_one_region() -> None:
    text = (
        "Startup Gudang Raih Rp200 Miliar\n\n"
        "Perusahaan rintisan itu meraih pendanaan Rp200 miliar dari\n"
        "tiga investor, kata pendirinya kepada wartawan di Jakarta pada\n"
        "Senin.\n"
        "Dana itu akan dipakai untuk membuka 12 gudang baru pada 2025.\n"
    )
    cleaned = clean_text(text)
    regions = _spans(text, cleaned.body)
    assert len(regions) == 2
    assert regions[0].startswith("Perusahaan") and regions[0].endswith("Senin.")
    assert regions[1] == PARA2


# --- datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline",
    [
        "Jakarta, CNN Indonesia --",
        "JAKARTA, KOMPAS.com -",
        "Liputan6.com, Jakarta:",
        "KUALA LUMPUR (Reuters) -",
        "Jakarta (ANTARA) -",
        "Bisnis.com, JAKARTA —",
        "JAKARTA —",
        "TEMPO.CO, Jakarta -",
    ],
)
def test_dateline_end(dateline: str) -> None:
    text = f"{dateline} Perusahaan itu meraih Rp200 miliar."
    assert text[dateline_end(text, 0, len(text)) :] == "Perusahaan itu meraih Rp200 miliar."
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == ["Perusahaan itu meraih Rp200 miliar."]
    assert _spans(text, cleaned.dropped) == [dateline]


@pytest.mark.parametrize(
    "sentence",
    [
        "CEO interim Scale AI, Jason Droege, menegaskan perusahaan akan tetap independen.",
        "Meta, Google dan OpenAI bersaing ketat dalam pengembangan AI.",
        "Budi Santoso (42) - pendiri perusahaan - mengatakan hal itu.",
        "Harga saham naik 2% - tertinggi sejak Mei.",
    ],
)
def test_no_dateline_in_ordinary_sentences(sentence: str) -> None:
    assert dateline_end(sentence, 0, len(sentence)) == 0


def test_dateline_only_on_the_first_paragraph_and_in_range() -> None:
    text = f"xx JAKARTA, KOMPAS.com - Isi.\n\n{PARA2}"
    assert dateline_end(text, 3, len(text)) == text.index("Isi.")
    assert dateline_end(text, 0, len(text)) == 0


def test_dateline_on_its_own_line_is_dropped() -> None:
    text = f"Startup Gudang Raih Rp200 Miliar\n\nJAKARTA, KOMPAS.com -\n{PARA1}"
    cleaned = clean_text(text)
    assert _spans(text, cleaned.body) == [PARA1]
    assert "JAKARTA, KOMPAS.com -" in _spans(text, cleaned.dropped)


# --- any text --------------------------------------------------------------------------------

_ALPHABET = "ab Z.,:-—()\n\r\t#*>/é" + "Baca juga Foto menu"


@given(st.text(alphabet=_ALPHABET, max_size=300))
@settings(max_examples=300, deadline=None)
def test_offsets_hold_for_any_text(text: str) -> None:
    _check_offsets(text, clean_text(text))


@given(st.lists(st.sampled_from([PARA1, PARA2, "menu", "", "Baca juga: X Y", "Judul Ini Pendek"])))
@settings(max_examples=200, deadline=None)
def test_offsets_hold_for_any_line_mix(lines: list[str]) -> None:
    text = "\r\n".join(lines)
    cleaned = clean_text(text)
    _check_offsets(text, cleaned)
    for region in _spans(text, cleaned.body):
        assert region not in ("menu", "Baca juga: X Y")


def test_content_above_a_repeated_headline_keeps_its_figures() -> None:
    title = "Startup Gudang Raih Rp200 Miliar"
    kicker = "Pendanaan Rp200 Miliar untuk 40 Gudang"
    lede = "Startup gudang asal Bandung meraih Rp200 miliar dari tiga investor pada Senin."
    text = f"Ekonomi\n{kicker}\n{lede}\n\n{title}\n\n{PARA1}\n{title}\n\n{PARA2}"
    cleaned = clean_text(text)
    assert text[slice(*cleaned.title)] == title  # type: ignore[misc]
    body = _spans(text, cleaned.body)
    assert kicker in body and lede in body  # content, not chrome
    assert "Ekonomi" in _spans(text, cleaned.dropped)  # a bare section label still is chrome
    assert kicker not in _spans(text, cleaned.dropped)
