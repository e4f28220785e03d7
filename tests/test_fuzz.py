"""Fuzz: thousands of generated documents through the model-free pipeline, no exception.

User errors (empty, unsupported language, …) are answers, not crashes; anything else fails.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarise.errors import SummariseError
from summarise.pipeline import Pipeline, Settings
from summarise.values import InputInfo
from tests.helpers import SAMPLES

_LINES = [
    line
    for path in sorted(SAMPLES.glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
_PIECES = st.sampled_from(
    [
        "Rp",
        "US$",
        "RM",
        "miliar",
        "triliun",
        "juta",
        "ribu",
        "persen",
        "%",
        "(28)",
        "kuartal II 2024",
        "Mei",
        "1.500",
        "14,3",
        "0,73",
        "-",
        "—",
        "Rp-1,2",
        "10-15",
        "Baca juga:",
        "menu",
        "close",
        "Source:",
        "Latest News",
        "ADVERTISEMENT",
        "Foto:",
        "\r\n",
        "\n\n",
        ".",
        "...",
        '"',
        "“",
        "”",
        "(",
        ")",
        "PT.",
        "Tbk.",
        "No.",
        "Dr.",
        "https://x.co/a.b",
        "a@b.id",
        "3M",
        "2Q24",
        "selusin",
        "dua puluh",
        "12:30",
        "GPT-4",
    ]
)
_WORDS = st.one_of(
    _PIECES,
    st.sampled_from(_LINES),
    st.text(min_size=1, max_size=12),
    st.integers(-(10**15), 10**15).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
DOCUMENTS = st.lists(_WORDS, min_size=0, max_size=60).map(" ".join)

_pipeline = Pipeline(Settings(translator="none", bullets=3))


def _run(text: str) -> None:
    info = InputInfo(path="fuzz.txt", sha256="0" * 64, bytes=len(text.encode("utf-8", "replace")))
    try:
        result = _pipeline.summarise(_pipeline.prepare(info, text))
    except SummariseError:
        return  # a user-facing answer (e.g. unsupported language), not a crash
    obj = result.to_json()
    for f in obj["figures"]:
        assert text[f["start"] : f["end"]] == f["text"]
    for b in obj["bullets"]:
        assert all(0 <= i < len(result.document.sentences) for i in b["sentences"])


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(DOCUMENTS)
def test_ten_thousand_documents_never_raise(text: str) -> None:
    _run(text)
