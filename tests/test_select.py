"""Key-sentence selection: order, size, repeats, determinism and what earns a place."""

from __future__ import annotations

import dataclasses

import pytest

from summarise.select import (
    DEFAULT_WEIGHTS,
    SelectionWeights,
    content_words,
    select_key_sentences,
    sentence_features,
)
from summarise.sentences import paragraph_regions, split_sentences
from summarise.values import Sentence

NEWS = """\
Bank Indonesia menahan suku bunga acuan di level 5,75 persen pada rapat bulan Juni.
Keputusan itu diambil untuk menjaga stabilitas nilai tukar rupiah terhadap dolar AS.
Gubernur BI Perry Warjiyo mengatakan inflasi masih terkendali di kisaran target.
Pertumbuhan kredit perbankan tercatat 9,2 persen secara tahunan pada Mei lalu.
Pasar saham merespons positif keputusan tersebut dengan kenaikan indeks sore ini.
Analis memperkirakan suku bunga akan tetap sampai akhir tahun depan nanti.
"""


def sents(text: str) -> tuple[Sentence, ...]:
    return split_sentences(text, paragraph_regions(text))


def select(text: str, n: int = 3, title: str | None = None, **kw) -> tuple[int, ...]:
    ss = sents(text)
    counts = kw.pop("figure_counts", [0] * len(ss))
    return select_key_sentences(ss, title=title, figure_counts=counts, n=n, **kw)


def test_empty_input_and_nonpositive_n() -> None:
    assert select_key_sentences((), title="x", figure_counts=[], n=3) == ()
    assert select(NEWS, n=0) == ()
    assert select(NEWS, n=-2) == ()


def test_returns_n_indices_in_document_order() -> None:
    got = select(NEWS, n=3, title="BI tahan suku bunga acuan")
    assert len(got) == 3
    assert list(got) == sorted(got)
    assert len(set(got)) == 3
    assert all(0 <= i < len(sents(NEWS)) for i in got)


def test_news_lead_is_kept() -> None:
    # Hard news: the headline matches the first sentence, so the lede leads the selection.
    assert select(NEWS, n=2, title="BI tahan suku bunga acuan 5,75 persen") == (0, 1)


def test_n_larger_than_sentences_returns_all() -> None:
    assert select(NEWS, n=50) == tuple(range(6))


def test_deterministic() -> None:
    first = select(NEWS, n=3, title="suku bunga")
    assert all(select(NEWS, n=3, title="suku bunga") == first for _ in range(5))


def test_ties_go_to_the_earlier_sentence() -> None:
    text = (
        "Kucing tidur di atas kasur empuk sepanjang siang hari.\n"
        "Petani memanen padi di sawah luas dekat sungai jernih.\n"
        "Nelayan berangkat melaut sebelum matahari terbit pagi tadi.\n"
    )
    no_position = dataclasses.replace(DEFAULT_WEIGHTS, position=0.0, centrality=0.0)
    assert select(text, n=2, weights=no_position) == (0, 1)


def test_near_duplicate_is_dropped() -> None:
    text = (
        "Bank Indonesia menahan suku bunga acuan di level 5,75 persen pada rapat Juni.\n"
        "Bank Indonesia menahan suku bunga acuan di level 5,75 persen pada rapat bulan Juni.\n"
        "Gubernur BI mengatakan inflasi masih terkendali di kisaran target tahun ini.\n"
    )
    assert select(text, n=2) == (0, 2)


def test_headline_repeated_in_body_is_dropped() -> None:
    title = "Bank Indonesia menahan suku bunga acuan di level 5,75 persen"
    text = title + "\n" + NEWS
    got = select(text, n=2, title=title)
    assert 0 not in got
    assert got == (1, 2)


def test_title_overlap_preferred_over_a_feature_lede() -> None:
    text = (
        "Selalu ada yang baru dari dunia teknologi setiap hari bagi kita semua.\n"
        "Banyak orang menunggu kabar seperti ini sejak lama di seluruh penjuru dunia.\n"
        "Google meluncurkan Chrome 63 untuk Android dengan halaman flags yang baru.\n"
        "Versi ini membawa panel Chrome Home yang sudah diuji sejak bulan Maret lalu.\n"
    )
    assert select(text, n=1, title="Google luncurkan Chrome 63 untuk Android") == (2,)
    assert select(text, n=2, title="Google luncurkan Chrome 63 untuk Android") == (2, 3)
    assert select(text, n=1, title=None) == (0,)


def test_direct_quotes_are_penalised() -> None:
    text = (
        "Pemerintah menaikkan harga bahan bakar minyak jenis solar mulai pekan depan.\n"
        '"Kami sudah menghitung dampaknya secara hati-hati dan matang," kata Menteri.\n'
        "Kenaikan harga solar sebesar Rp 500 per liter berlaku di seluruh Indonesia.\n"
    )
    assert select(text, n=2) == (0, 2)


def test_quote_spanning_sentences_is_penalised_throughout() -> None:
    text = (
        "Pemerintah menaikkan harga bahan bakar minyak jenis solar mulai pekan depan. "
        '"Kami sudah menghitung dampaknya secara sangat hati-hati. '
        'Semua sudah kami bahas bersama dengan para pelaku usaha," kata Menteri.\n'
        "Kenaikan harga solar sebesar Rp 500 per liter berlaku di seluruh Indonesia.\n"
    )
    assert select(text, n=2) == (0, 3)


def test_short_fragments_are_penalised() -> None:
    text = (
        "Pemerintah menaikkan harga bahan bakar minyak jenis solar mulai pekan depan.\n"
        "Baca juga: Harga BBM\n"
        "Foto: Antara\n"
        "Kenaikan harga solar sebesar Rp 500 per liter berlaku di seluruh Indonesia.\n"
    )
    assert select(text, n=2) == (0, 3)


def test_questions_are_penalised() -> None:
    text = (
        "Pemerintah menaikkan harga bahan bakar minyak jenis solar mulai pekan depan.\n"
        "Lantas, apa dampaknya bagi para pengusaha angkutan umum di daerah?\n"
        "Kenaikan harga solar sebesar Rp 500 per liter berlaku di seluruh Indonesia.\n"
    )
    assert select(text, n=2) == (0, 2)


def test_figures_break_near_ties() -> None:
    text = (
        "Pemerintah menaikkan harga bahan bakar minyak jenis solar mulai pekan depan.\n"
        "Keputusan diambil setelah rapat panjang di kantor kementerian kemarin sore.\n"
        "Keputusan diumumkan setelah rapat terbatas di istana negara kemarin malam.\n"
    )
    assert select(text, n=2, figure_counts=[0, 0, 0]) == (0, 1)
    assert select(text, n=2, figure_counts=[0, 0, 4]) == (0, 2)


def test_missing_figure_counts_count_as_zero() -> None:
    ss = sents(NEWS)
    assert select_key_sentences(ss, title=None, figure_counts=[], n=2) == (0, 1)


def test_anchor_can_be_turned_off() -> None:
    text = (
        "Selalu ada yang baru dari dunia teknologi setiap hari bagi kita semua.\n"
        "Google meluncurkan Chrome 63 untuk Android dengan halaman flags yang baru.\n"
    )
    plain = SelectionWeights(anchor_share=1.5, title=0.0, title_phrase=0.0)
    assert select(text, n=1, title="Google luncurkan Chrome 63", weights=plain) == (0,)
    assert select(text, n=1, title="Google luncurkan Chrome 63") == (1,)


def test_features_are_scaled() -> None:
    ss = sents(NEWS)
    feats = sentence_features(ss, title="suku bunga", figure_counts=[9] * len(ss))
    assert len(feats) == len(ss)
    for f in feats:
        for k in ("title", "title_phrase", "figures", "centrality", "quote", "question"):
            assert 0.0 <= f[k] <= 1.0 + 1e-9
    assert feats[0]["title"] == 1.0
    assert feats[0]["figures"] == 1.0


def test_content_words_drop_stopwords_in_all_languages() -> None:
    assert content_words("Dia mengatakan bahwa harga naik and the price rose") == [
        "harga",
        "naik",
        "price",
        "rose",
    ]


@pytest.mark.parametrize("n", [1, 3, 5])
def test_large_article_gives_n_sentences(n: int) -> None:
    # How fast is a bench question (speed goals live in `make bench`, never in a timed test);
    # pytest's own time-out still ends a run that never finishes.
    text = "\n".join([NEWS] * 200)  # ~1,200 sentences
    ss = sents(text)
    got = select_key_sentences(ss, title="suku bunga", figure_counts=[1] * len(ss), n=n)
    assert len(got) == n
