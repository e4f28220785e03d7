"""Which language an article is in, and whether `summarise` supports it.

lingua is asked to choose among a fixed set of languages we may plausibly meet, so that, for
example, German is recognised as German and refused, rather than mis-labelled as English.
Indonesian and Malay are close; when lingua is unsure between them, marker words decide.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from summarise.errors import ExitCode, InputError, SummariseError
from summarise.values import Language

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Languages the pipeline can summarise (ISO 639-1 → English name). The model layer may extend it.
SUPPORTED: dict[str, str] = {
    "id": "Indonesian",
    "ms": "Malay",
    "en": "English",
    "vi": "Vietnamese",
}

# Languages the detector chooses among (ISO 639-1). Lazy models: only the scripts a text uses
# are loaded, so extra candidates cost little until met.
CANDIDATES: tuple[str, ...] = (
    "id", "ms", "en", "vi", "tl", "th", "zh", "ja", "ko",
    "fr", "de", "es", "pt", "nl", "ar", "it", "ru", "hi",
)  # fmt: skip

# Detection reads at most this many characters: enough for a stable answer, fast on big files.
MAX_DETECT_CHARS = 2000
# lingua's low-accuracy mode (trigrams only) loads ~20x faster (measured 0.08 s vs 1.5 s for
# the first call), so one sentence on stdin costs what an article does. With the marker words
# below it is as good on single sentences (Indonesian news 0.988, NusaX 0.99, the Malay test
# sentences 39/40); only fragments shorter than this (`[Antara]`) use the full models.
LOW_ACCURACY_MIN_CHARS = 30

# Indonesian/Malay: lingua separates the pair well on article-length text but not on a few
# sentences (in 1,288 three-sentence IndoSum snippets it said Malay for 2.2%). The words each
# language uses and the other does not (or rarely) are the document-level evidence that
# decides whenever lingua's top two are this pair: the side with more marker words wins, and
# with none on either side (or a tie) Indonesian, the project's main language, wins unless
# lingua leads clearly (PAIR_MARGIN). Markers match whole words and case-sensitively as listed
# (`wang` is Malay money, `Wang` a surname), except that a lower-case marker also matches
# Capitalised at the start of a sentence. Figures do not depend on this choice alone: numbers
# are read by their own convention evidence (summarise.figures.convention).
PAIR_MARKERS: dict[str, tuple[str, ...]] = {
    "ms": (
        "bilion", "trilion", "peratus", "kerajaan", "syarikat", "kerana", "sahaja",
        "mahu", "wang", "RM", "ringgit", "Bhd", "Sdn", "berkata", "pelaburan", "baharu",
        "iaitu", "polis", "hospital", "universiti", "Isnin", "Khamis", "Jumaat", "Ahad",
        "tahun lepas", "minggu lepas", "bulan lepas", "manakala", "kilang", "selepas", "eksport",
        "dijangka", "dijangkakan", "menjangkakan", "tempatan", "kenderaan",
        "perkhidmatan", "berbanding", "bahawa", "kakitangan", "semalam", "maklumat", "minit",
        "bagaimanapun", "menerusi", "perniagaan", "jabatan", "teksi", "percuma", "projek",
        "sebarang", "pelabur", "usahawan", "mengesahkan", "lebuh raya", "rasmi", "Jepun",
        "bekalan", "peniaga", "terjejas", "menyenaraikan", "perbicaraan", "barangan",
        "dalam talian", "lawatan", "hadapan", "dinasihatkan", "akhbar", "kenyataan", "sokongan",
        "cadangan", "bajet", "cukai", "jualan", "belanjawan", "pembangkang", "parlimen",
        "telefon", "pelancongan", "pelancong", "kesihatan", "kos", "pengerusi", "mesyuarat",
        "sidang media", "sebelum ini", "pembinaan",
    ),
    "id": (
        "miliar", "triliun", "persen", "pemerintah", "perusahaan", "karena", "saja", "mau",
        "uang", "Rp", "mengatakan", "tersebut", "investasi", "bisa", "yaitu", "yakni",
        "polisi", "rumah sakit", "universitas", "kantor", "mobil", "provinsi", "kabupaten",
        "Kamis", "Jumat", "Senin", "pekan", "kemarin", "tahun lalu", "ujarnya", "kata dia",
        "pabrik", "setelah", "ekspor", "impor", "diperkirakan", "kendaraan", "layanan",
        "karyawan", "dibandingkan", "bahwa", "saat ini", "para", "terkait", "sebesar",
        "informasi", "konsumen", "bisnis", "menit", "detik", "merupakan", "memiliki", "meski",
        "meskipun", "tuturnya", "ungkapnya", "jelasnya", "imbuhnya", "usai", "jelang",
        "ponsel", "fitur", "Anda", "sih", "nggak", "enggak",
        "DPR", "KPK", "Polri", "OJK", "BEI", "Tbk", "pihaknya", "agar",
        "mendapatkan", "sekaligus", "tim", "warga",
    ),
}  # fmt: skip
PAIR = ("id", "ms")
PAIR_MARGIN = 0.5


def _names() -> str:
    return ", ".join(f"{name} ({code})" for code, name in SUPPORTED.items())


@cache
def _detector(low_accuracy: bool = True) -> LanguageDetector:
    """Built once per mode, on first use; models load lazily per script."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in CANDIDATES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


@cache
def _marker_patterns() -> dict[str, re.Pattern[str]]:
    def form(word: str) -> str:
        escaped = re.escape(word)
        if not word[:1].islower():
            return escaped
        # Capitalised only where a sentence starts: `Kerajaan ...`, not `Alexandr Wang`.
        return f'(?:{escaped}|(?:(?<=^)|(?<=[.!?"“] )){re.escape(word[0].upper() + word[1:])})'

    return {
        code: re.compile(
            r"(?<![\w$])(?:" + "|".join(form(w) for w in words) + r")(?![^\W\d])",  # "RM2"
            re.MULTILINE,
        )
        for code, words in PAIR_MARKERS.items()
    }


def marker_counts(text: str) -> dict[str, int]:
    """How many Indonesian and Malay marker words the text has (the tie-break evidence)."""
    return {code: len(p.findall(text)) for code, p in _marker_patterns().items()}


def _code(language: object) -> str:
    return language.iso_code_639_1.name.lower()  # type: ignore[attr-defined]


def _display(language: object) -> str:
    return language.name.title()  # type: ignore[attr-defined]


def _pair_choice(lingua_choice: str, lead: float, sample: str) -> str:
    """Indonesian or Malay, when lingua's top two are that pair (rules above PAIR_MARKERS)."""
    counts = marker_counts(sample)
    ms, id_ = counts["ms"], counts["id"]
    if ms != id_:
        return "ms" if ms > id_ else "id"
    return lingua_choice if lead >= PAIR_MARGIN and ms else "id"


def detect_language(text: str, *, name: str = "input") -> Language:
    """The language of `text` (ideally the cleaned body), refusing unsupported ones.

    Raises InputError(kind="unsupported-language") for a recognised but unsupported language,
    and InputError(kind="undetected-language") when the text gives nothing to go on.
    """
    sample = text[:MAX_DETECT_CHARS]
    low_accuracy = len(sample.strip()) >= LOW_ACCURACY_MIN_CHARS
    values = _detector(low_accuracy).compute_language_confidence_values(sample)
    ranked = [(v.language, v.value) for v in values if v.value > 0]
    if not ranked:
        raise InputError(
            f"{name}: cannot tell which language this is; "
            f"force one with --lang ({', '.join(SUPPORTED)})",
            kind="undetected-language",
        )
    top_language, top_value = ranked[0]
    code, confidence = _code(top_language), float(top_value)
    display = _display(top_language)
    if len(ranked) > 1 and {code, _code(ranked[1][0])} == set(PAIR):
        code = _pair_choice(code, top_value - ranked[1][1], sample)
        if code != _code(top_language):
            confidence, display = float(ranked[1][1]), _display(ranked[1][0])
    if code not in SUPPORTED:
        raise InputError(
            f"{name}: the text is {display} (confidence {confidence:.2f}); supported: "
            f"{_names()}; force one with --lang if this is wrong",
            kind="unsupported-language",
        )
    return Language(code=code, confidence=round(confidence, 3), name=SUPPORTED[code])


def language_from_code(code: str) -> Language:
    """A language forced with --lang: a supported ISO 639-1 code or its English name."""
    wanted = code.strip().lower()
    for iso, lang_name in SUPPORTED.items():
        if wanted in (iso, lang_name.lower()):
            return Language(code=iso, confidence=1.0, name=lang_name)
    raise SummariseError(
        f"--lang {code!r} is not supported; use one of: {_names()}",
        ExitCode.USAGE,
        kind="usage",
    )
