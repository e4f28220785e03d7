"""Language detection: supported languages, refusals by name, the Indonesian/Malay pair."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from lingua import Language as LinguaLanguage

from summarise import language as language_module
from summarise.clean import body_text, clean_text
from summarise.errors import ExitCode, InputError, SummariseError
from summarise.language import (
    MAX_DETECT_CHARS,
    SUPPORTED,
    detect_language,
    language_from_code,
    marker_counts,
)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("id-startup-funding.txt", "id"),
        ("id-ecommerce-results.txt", "id"),
        ("id-scraped-page.txt", "id"),
        ("id-telco-infrastructure.md", "id"),
        ("ms-digital-economy.txt", "ms"),
        ("en-regional-tech.txt", "en"),
    ],
)
def test_samples_cleaned_body(name: str, code: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    language = detect_language(body_text(text, clean_text(text)), name=name)
    assert language.code == code and language.name == SUPPORTED[code]
    assert 0.9 <= language.confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pemerintah menyiapkan anggaran Rp5 triliun untuk perusahaan rintisan.", "id"),
        ("Kerajaan memperuntukkan RM5 bilion kepada syarikat pemula tahun ini.", "ms"),
        ("Perusahaan itu mengatakan akan membuka 200 lowongan kerja baru.", "id"),
        ("Syarikat itu berkata ia akan membuka 200 peluang pekerjaan baharu.", "ms"),
        ("Beliau berkata jumlah itu lebih tinggi daripada tahun lepas.", "ms"),
        ("Ia mengatakan jumlah itu lebih tinggi dibandingkan tahun lalu.", "id"),
        ("Harga minyak sawit meningkat kerana permintaan yang kukuh dari China.", "ms"),
        ("Harga minyak sawit naik karena permintaan yang kuat dari China.", "id"),
        ("The company reported revenue of US$3 billion last year.", "en"),
    ],
)
def test_short_sentences(text: str, code: str) -> None:
    language = detect_language(text)
    assert language.code == code
    assert language.confidence == round(language.confidence, 3)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Das Unternehmen hat im vergangenen Jahr einen Umsatz von 3 Milliarden Euro erzielt.",
         "German"),
        ("L'entreprise a réalisé un chiffre d'affaires de 3 milliards d'euros l'an dernier.",
         "French"),
        ("Công ty đã đạt doanh thu 3 tỷ USD trong năm ngoái.", "Vietnamese"),
        ("Ang kumpanya ay nakapagtala ng kita na 3 bilyong dolyar noong nakaraang taon.",
         "Tagalog"),
        ("同社は昨年、30億ドルの売上高を記録した。", "Japanese"),
        ("该公司去年实现营收30亿美元。", "Chinese"),
        ("그 회사는 작년에 30억 달러의 매출을 기록했다.", "Korean"),
        ("บริษัทมีรายได้ 3 พันล้านดอลลาร์ในปีที่แล้ว", "Thai"),
        ("La empresa registró ingresos de 3.000 millones de dólares el año pasado.", "Spanish"),
        ("Het bedrijf boekte vorig jaar een omzet van 3 miljard euro.", "Dutch"),
    ],
)  # fmt: skip
def test_unsupported_languages_are_refused_by_name(text: str, named: str) -> None:
    with pytest.raises(InputError) as info:
        detect_language(text, name="news/x.txt")
    error = info.value
    assert error.kind == "unsupported-language"
    assert error.message.startswith("news/x.txt: the text is " + named)
    assert "supported: Indonesian (id), Malay (ms), English (en)" in error.message
    assert "--lang" in error.message and "\n" not in error.message


def test_text_without_words_is_undetected() -> None:
    with pytest.raises(InputError) as info:
        detect_language("12.345 67,8% — 2024", name="a.txt")
    assert info.value.kind == "undetected-language"
    assert "a.txt" in info.value.message and "--lang" in info.value.message


def test_only_the_first_characters_are_read() -> None:
    indonesian = "Perusahaan itu mengatakan pendapatan naik karena permintaan kuat. " * 40
    german = "Das Unternehmen hat im vergangenen Jahr einen Umsatz erzielt. " * 200
    assert len(indonesian) >= MAX_DETECT_CHARS
    assert detect_language(indonesian + german).code == "id"


def test_marker_counts() -> None:
    counts = marker_counts("Syarikat itu melabur RM2 bilion, lebih daripada Rp5 triliun.")
    assert counts == {"ms": 4, "id": 2}


class _FakeDetector:
    def __init__(self, values: list[tuple[LinguaLanguage, float]]):
        self.values = [SimpleNamespace(language=lang, value=v) for lang, v in values]

    def compute_language_confidence_values(self, text: str) -> list[SimpleNamespace]:
        return self.values


@pytest.mark.parametrize(
    ("values", "text", "code", "confidence"),
    [
        # unsure between the pair: Malay markers outvote lingua's lead for Indonesian
        ([(LinguaLanguage.INDONESIAN, 0.6), (LinguaLanguage.MALAY, 0.4)],
         "Kerajaan dan syarikat itu melabur RM2 bilion.", "ms", 0.4),
        # unsure, but the markers agree with lingua
        ([(LinguaLanguage.INDONESIAN, 0.6), (LinguaLanguage.MALAY, 0.4)],
         "Pemerintah dan perusahaan itu berinvestasi Rp2 triliun.", "id", 0.6),
        # sure: markers are not consulted
        ([(LinguaLanguage.INDONESIAN, 0.9), (LinguaLanguage.MALAY, 0.1)],
         "Kerajaan dan syarikat itu melabur RM2 bilion.", "id", 0.9),
        # a tie in markers keeps lingua's answer
        ([(LinguaLanguage.MALAY, 0.55), (LinguaLanguage.INDONESIAN, 0.45)],
         "Harga naik.", "ms", 0.55),
    ],
)  # fmt: skip
def test_indonesian_malay_tie_break(
    monkeypatch: pytest.MonkeyPatch,
    values: list[tuple[LinguaLanguage, float]],
    text: str,
    code: str,
    confidence: float,
) -> None:
    monkeypatch.setattr(
        language_module, "_detector", lambda low_accuracy=True: _FakeDetector(values)
    )
    language = detect_language(text)
    assert (language.code, language.confidence) == (code, confidence)


def test_detector_is_built_once_per_mode() -> None:
    assert language_module._detector(True) is language_module._detector(True)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("id", "id"), ("ID", "id"), (" ms ", "ms"), ("en", "en"), ("Malay", "ms"),
     ("indonesian", "id")],
)  # fmt: skip
def test_language_from_code(code: str, expected: str) -> None:
    language = language_from_code(code)
    assert language.code == expected and language.confidence == 1.0
    assert language.name == SUPPORTED[expected]


@pytest.mark.parametrize("code", ["xx", "de", "", "indonesia"])
def test_language_from_code_refuses_unknown_codes(code: str) -> None:
    with pytest.raises(SummariseError) as info:
        language_from_code(code)
    assert info.value.code == ExitCode.USAGE and info.value.kind == "usage"
    assert "Indonesian (id), Malay (ms), English (en)" in info.value.message
