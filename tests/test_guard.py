"""The number-fidelity guard, judged by verdicts written here, never by its own comparison.

Every case states the expected status as a literal. Wrong translations must end "flagged" and
never "ok"; correct renderings must be "ok".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarise import verify_translation
from summarise.figures import read_figures
from summarise.guard import Retranslator, check_and_repair, unsupported
from tests.fakes import ScriptedTranslator

# (source, English, lang) that must be flagged: one line per class of wrong translation.
WRONG = [
    # scale
    ("Meta menginvestasikan US$14,3 miliar.", "Meta invested US$14.3 million.", "id"),
    ("Pendapatan Rp1,5 triliun.", "Revenue of IDR 1.5 billion.", "id"),
    # decimal and grouping
    ("Meta menginvestasikan US$14,3 miliar.", "Meta invested US$143 billion.", "id"),
    ("Perusahaan memangkas 1.500 karyawan.", "The company cut 1.5 employees.", "id"),
    ("Perusahaan memangkas 1.500 karyawan.", "The company cut 15,000 employees.", "id"),
    # dropped or changed currency
    ("Perusahaan meraih Rp1,5 triliun.", "The company raised 1.5 trillion.", "id"),
    ("Perusahaan meraih Rp1,5 triliun.", "The company raised US$1.5 trillion.", "id"),
    ("Syarikat itu meraih RM2 bilion.", "The company raised US$2 billion.", "ms"),
    # two figures of one family swapped
    ("Pendapatan naik 20% dan laba naik 30%.", "Revenue rose 30% and profit rose 20%.", "id"),
    (
        "Meta menanam US$14,3 miliar dan Google US$2 miliar.",
        "Meta invested US$2 billion and Google US$14.3 billion.",
        "id",
    ),
    # percentage points vs percent
    ("Suku bunga naik 1,5 poin persentase.", "Interest rates rose 1.5 percent.", "id"),
    ("Suku bunga naik 1,5 persen.", "Interest rates rose 1.5 percentage points.", "id"),
    # changed counted noun
    ("Putaran ini diikuti 2 investor.", "The round was joined by 2 companies.", "id"),
    ("Perusahaan memangkas 1.500 karyawan.", "The company closed 1,500 shops.", "id"),
    # changed unit
    ("Kapasitasnya 5 GW.", "Its capacity is 5 MW.", "id"),
    ("Jaraknya 12 km.", "The distance is 12 miles.", "id"),
    # changed duration unit
    ("Proses itu butuh 14 hari.", "The process takes 14 months.", "id"),
    ("Kontraknya berlaku 3 tahun.", "The contract runs for 3 months.", "id"),
    # approximate vs exact
    ("Sekitar 1.500 karyawan terdampak.", "Exactly 1,500 employees were affected.", "id"),
    ("Sebanyak 1.500 karyawan terdampak.", "About 1,500 employees were affected.", "id"),
    # numbers added in digits
    (
        "Droege menegaskan perusahaan tetap independen.",
        "Droege, 52, stressed it is independent.",
        "id",
    ),
    ("Startup itu menutup putaran pendanaan.", "The startup closed its 3rd funding round.", "id"),
    # changed model numbers, times, dates, ordinals, phone numbers
    ("Meta merilis Llama 4 bulan lalu.", "Meta released Llama 5 last month.", "id"),
    ("Acara dimulai pukul 10.00 WIB.", "The event starts at 11.00 WIB.", "id"),
    ("Laba kuartal II 2023 naik.", "Profit in the third quarter of 2023 rose.", "id"),
    ("Peluncuran pada 14 Mei 2024.", "The launch is on 15 May 2024.", "id"),
    ("Ini putaran ke-3 perusahaan.", "This is the company's 4th round.", "id"),
    ("Hubungi 0812-3456-7890.", "Call 0812-3456-7891.", "id"),
    ("Ia sudah menikah dua kali.", "She has been married thrice.", "id"),
    ("Rampung pada pukul 17.00.", "It was finished at 6 PM.", "id"),
    ("kata Ipih, Senin (7/1).", "said Ipih, Monday (2/7).", "id"),
    # a figure lost
    ("Meta menginvestasikan US$14,3 miliar.", "Meta invested a large sum.", "id"),
]

# Correct renderings that must be ok.
RIGHT = [
    ("Perusahaan meraih Rp1,5 triliun.", "The company raised 1.5 trillion rupiah.", "id"),
    ("Perusahaan meraih Rp1,5 triliun.", "The company raised IDR 1.5 trillion.", "id"),
    ("Perusahaan memangkas 1.500 karyawan.", "The company cut 1,500 employees.", "id"),
    ("Perusahaan memangkas 1.500 karyawan.", "The company cut 1,500 staff.", "id"),
    ("Sahamnya 49 persen.", "Its stake is 49 percent.", "id"),
    ("Sahamnya 49 persen.", "Its stake is 49%.", "id"),
    ("Laba kuartal II 2023 naik.", "Profit in the second quarter of 2023 rose.", "id"),
    ("Selusin karyawan dipecat.", "A dozen employees were fired.", "id"),
    ("Pendirinya, Wang (28), berkata.", "The 28-year-old founder Wang said.", "id"),
    ("Pendapatan naik 20% dan laba naik 30%.", "Revenue rose 20% and profit rose 30%.", "id"),
    ("Suku bunga naik 1,5 poin persentase.", "Rates rose 1.5 percentage points.", "id"),
    ("Kapasitasnya 5 GW.", "Its capacity is 5 gigawatts.", "id"),
    ("Proses itu butuh 14 hari.", "The process takes 14 days.", "id"),
    ("Sekitar 1.500 karyawan terdampak.", "About 1,500 employees were affected.", "id"),
    ("Acara dimulai pukul 10.00 WIB.", "The event starts at 10.00 WIB.", "id"),
    ("Hubungi 0812-3456-7890.", "Call 0812-3456-7890.", "id"),
    ("Startup itu menutup putaran ketiga.", "The startup closed its 3rd round.", "id"),
    ("Nilainya Rp 10 miliar hingga Rp 11 miliar.", "It is worth Rp 10 to Rp 11 billion.", "id"),
    ("Syarikat itu meraih RM2 bilion.", "The company raised RM2 billion.", "ms"),
    (
        "Alexandr Wang kini memimpin unit baru Meta dengan 1.500 staf.",
        "Alexandr Wang now leads Meta's new unit with 1,500 staff.",
        "id",
    ),
    (
        "Alexandr Wang kini memimpin unit baru Meta dengan 1.500 staf.",
        "Alexandr Wang now leads Meta's new unit with 1,500 staff.",
        "ms",
    ),
    ("Kirimaja mempekerjakan 1.500 karyawan.", "Kirimaja employs 1,500 of its staff.", "id"),
    # found on real human translations: each was a false flag once
    ("Hampir 200 perusahaan dari 30 negara.", "Nearly 200 leading firms from 30 countries.", "id"),
    ("Kapal itu membawa 1.000 penumpang.", "The ship carried 1,000 people.", "id"),
    ("Ia sudah menikah dua kali.", "She has been married twice.", "id"),
    ("Kerugian naik dua kali lipat.", "Losses doubled.", "id"),
    ("Dalam satu bulan ini, 12 orang tewas.", "Over the past month, 12 people died.", "id"),
    ("kata Ipih, Senin (7/1).", "said Ipih, Monday (1/7).", "id"),
    ("Rampung pada pukul 17.00.", "It was finished at 5 PM.", "id"),
    ("Peluncuran pada 5/3/2024.", "The launch was on 5/3/2024.", "id"),
    (
        "Anggaran APBD DKI 2012 mencapai Rp 8 triliun.",
        "The 2012 City Budget is Rp 8 trillion.",
        "id",
    ),
]


@pytest.mark.parametrize(("source", "english", "lang"), WRONG)
def test_wrong_translations_are_flagged(source: str, english: str, lang: str) -> None:
    verdict = verify_translation(source, english, lang)
    assert verdict.status == "flagged"
    assert verdict.problems


@pytest.mark.parametrize(("source", "english", "lang"), RIGHT)
def test_correct_renderings_are_ok(source: str, english: str, lang: str) -> None:
    verdict = verify_translation(source, english, lang)
    assert (verdict.status, verdict.problems) == ("ok", [])


def test_problems_name_the_source_figure_and_what_changed() -> None:
    cases = {
        ("Putaran ini diikuti 2 investor.", "The round was joined by 2 companies."): (
            '"2 investor" (2 investors): the translation has companies instead of investors'
        ),
        ("Suku bunga naik 1,5 poin persentase.", "Rates rose 1.5 percent."): (
            '"1,5 poin persentase" (1.5 percentage points): the translation has percent '
            "instead of percentage points"
        ),
        ("Pendapatan naik 20% dan laba 30%.", "Revenue rose 30% and profit 20%."): (
            '"20%" (20%) and "30%" (30%) are swapped in the translation'
        ),
        ("Acara dimulai pukul 10.00 WIB.", "The event starts at 11.00 WIB."): (
            '"11.00" in the translation is not in the source'
        ),
    }
    for (source, english), problem in cases.items():
        assert problem in verify_translation(source, english, "id").problems


# --- repairs never change what a correct translation says ----------------------------------


def _check(source: str, english: str, lang: str, model: ScriptedTranslator) -> tuple[str, str]:
    from summarise.faithful import retranslator

    checked = check_and_repair(
        source, read_figures(source, lang), english, retranslator(model, lang, {}), lang
    )
    return checked.fidelity, checked.english


def test_a_correct_translation_of_an_uncertain_name_number_is_not_rewritten() -> None:
    # `Llama 4 bulan lalu`: "Llama 4, last month" or "Llama, 4 months ago"? Both are readings
    # of the source, so the guard flags and names them; it never rewrites the English.
    source = "Meta merilis Llama 4 bulan lalu."
    english = "Meta released Llama 4 last month."
    model = ScriptedTranslator()  # a retranslation would echo the source
    fidelity, shown = _check(source, english, "id", model)
    assert (fidelity, shown) == ("flagged", english)
    (problem,) = verify_translation(source, english, "id").problems
    assert "4 months" in problem and "name" in problem


def test_malay_label_does_not_turn_1500_staff_into_one_and_a_half() -> None:
    source = "Alexandr Wang kini memimpin unit baru Meta dengan 1.500 staf."
    english = "Alexandr Wang now leads Meta's new unit with 1,500 staff."
    assert _check(source, english, "ms", ScriptedTranslator()) == ("ok", english)


def test_an_echo_of_the_source_is_not_a_repair() -> None:
    source = "Perusahaan memangkas 1.500 karyawan."
    # The translator returns the source unchanged for every retranslation (placeholders
    # restored or figures pre-rendered): still Indonesian, so it must not count as repaired.
    model = ScriptedTranslator()
    fidelity, shown = _check(source, "The company cut many jobs.", "id", model)
    assert (fidelity, shown) == ("flagged", "The company cut many jobs.")


def test_a_repair_through_placeholders_restores_the_source_figure() -> None:
    source = "Perusahaan memangkas 1.500 karyawan."
    model = ScriptedTranslator({"Perusahaan memangkas ZQXA.": "The company cut ZQXA."})
    assert _check(source, "The company cut 150 employees.", "id", model) == (
        "repaired",
        "The company cut 1,500 employees.",
    )


def test_a_doubtful_convention_is_flagged_with_both_readings() -> None:
    # No evidence of the convention in the text and an uncertain language: US$1.500 may be
    # 1,500 dollars or 1.5 dollars.
    (fig,) = read_figures("Harganya US$1.500.", "ms", confident=False)
    assert (fig.doubt, fig.value, fig.alt_value) == ("convention", Decimal("1.5"), 1500)
    checked = check_and_repair("Harganya US$1.500.", [fig], "It costs US$1,500.", None, "ms")
    assert checked.fidelity == "flagged"
    assert "US$1.5" in checked.warnings[0] and "US$1,500" in checked.warnings[0]


# --- property: no repair produces a figure other than the source's -------------------------

AMOUNTS = st.sampled_from(
    [
        ("Rp{a},{b} triliun", "IDR {a}.{b} trillion", "IDR {a}.{c} trillion"),
        ("US${a},{b} miliar", "US${a}.{b} billion", "US${a}.{b} million"),
        ("{a},{b} persen", "{a}.{b}%", "{a}.{c}%"),
        ("{a}.{b}00 karyawan", "{a},{b}00 employees", "{a},{b}00 companies"),
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    shape=AMOUNTS,
    a=st.integers(1, 99),
    b=st.integers(1, 9),
    attempts=st.lists(st.sampled_from(["right", "wrong", "echo", "empty"]), max_size=3),
)
def test_no_repair_changes_a_figure(shape: tuple[str, str, str], a: int, b: int, attempts) -> None:
    src_t, right_t, wrong_t = shape
    c = (b % 9) + 1 if (b % 9) + 1 != b else b + 1 if b < 9 else 1
    source = f"Perusahaan itu mencatat {src_t.format(a=a, b=b)} tahun ini."
    right = f"The company recorded {right_t.format(a=a, b=b)} this year."
    wrong = f"The company recorded {wrong_t.format(a=a, b=b, c=c)} this year."
    answers = {"right": right, "wrong": wrong, "echo": source, "empty": ""}
    replies = iter([answers[k] for k in attempts])

    class Scripted:
        name = "scripted"

        def generate(self, texts, **_):
            return [next(replies, wrong) for _ in texts]

    from summarise.faithful import retranslator

    checked = check_and_repair(
        source, read_figures(source, "id"), wrong, retranslator(Scripted(), "id", {}), "id"
    )
    assert checked.fidelity in ("repaired", "flagged")
    if checked.fidelity == "repaired":
        assert checked.english == right  # the only English that states the source figure


# --- abstractive support: the source only ---------------------------------------------------


def test_a_number_only_the_translation_has_does_not_support_a_summary() -> None:
    source = "Perusahaan itu membuka gudang baru di Surabaya."
    figs = read_figures(source, "id")
    # a translation of this sentence that invented "40" must not make "40" supported
    assert unsupported("The company opened 40 new warehouses.", figs, source, "id") == [
        '"40 new warehouses"'
    ]
    assert unsupported("The company opened a new warehouse.", figs, source, "id") == []


def test_unsupported_reads_the_counted_noun() -> None:
    source = "Putaran ini diikuti 2 investor."
    figs = read_figures(source, "id")
    assert unsupported("Two investors joined.", figs, source, "id") == []
    assert unsupported("2 companies joined.", figs, source, "id") == ['"2 companies"']


def test_retranslator_is_a_plain_callable() -> None:
    calls: list[list[str]] = []

    def translate(texts):
        calls.append(list(texts))
        english = {"Perusahaan memangkas ZQXA.": "The company cut ZQXA."}
        return [english.get(t, t) for t in texts], [False] * len(texts)

    source = "Perusahaan memangkas 1.500 karyawan."
    checked = check_and_repair(
        source, read_figures(source, "id"), "The company cut staff.", Retranslator(translate), "id"
    )
    assert (checked.fidelity, checked.english) == ("repaired", "The company cut 1,500 employees.")
    assert calls[0][0] == "Perusahaan memangkas ZQXA."
