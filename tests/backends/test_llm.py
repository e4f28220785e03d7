"""The llm: backend against a real chat-completions server on 127.0.0.1 (tests/backends/
llm_server.py): answers mapped back by id, figures held in placeholders, retries, time-outs,
fallbacks, the guard on every answer, the cache key and the privacy note."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys

import pytest

from summarise.backends import llm
from summarise.errors import ModelUnavailable
from summarise.pipeline import Pipeline, Settings
from summarise.values import InputInfo
from tests.backends.llm_server import (
    PATIENT_S,
    Reply,
    Seen,
    allow_loopback,
    answer,
    closed_port_url,
    patient_client,
    serving,
)
from tests.helpers import ROOT

S1 = "Perusahaan rintisan itu meraih pendanaan US$14,3 miliar dari investor global."
S2 = "Pendapatan naik 25% menjadi Rp1,2 triliun pada 2024."
S3 = "Sebanyak 1.500 karyawan terkena pemutusan hubungan kerja tahun lalu."
E1 = "The startup raised US$14.3 billion from global investors."
E2 = "Revenue rose 25% to IDR 1.2 trillion in 2024."
E3 = "A total of 1,500 employees were laid off last year."
# What a faithful LLM answers for the texts as sent (figures held as placeholders).
TABLE = {
    "Perusahaan rintisan itu meraih pendanaan ZQXA dari investor global.": (
        "The startup raised ZQXA from global investors."
    ),
    "Pendapatan naik ZQXA menjadi ZQXB pada ZQXC.": "Revenue rose ZQXA to ZQXB in ZQXC.",
    "Sebanyak ZQXA terkena pemutusan hubungan kerja tahun lalu.": (
        "A total of ZQXA were laid off last year."
    ),
}
ARTICLE = f"{S1} {S2}\n\n{S3}\n"
KEY = "sk-test-Secret-4242"


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    allow_loopback(monkeypatch)
    patient_client(monkeypatch)


def faithful(seen: Seen) -> str:
    return answer(seen, [TABLE.get(t, t) for t in seen.texts])


def _wrong(text: str) -> str:
    """Fluent, and every figure changed: placeholders dropped for a number of its own."""
    return re.sub(r"\d", "7", _PLACEHOLDER.sub("US$7.7 billion", text))


def wrong_numbers(seen: Seen) -> str:
    return answer(seen, [_wrong(TABLE.get(t, t)) for t in seen.texts])


_PLACEHOLDER = re.compile(r"ZQX[A-Z]+")


def load(url: str, role: llm.Role = "translator", **kw: object) -> llm.LLMModel:
    opts = {"timeout": PATIENT_S, "retries": 2, "backoff": 0.0, **kw}
    return llm.load_model(role, "llm:test", url=url, **opts)  # type: ignore[arg-type]


def pipeline(url: str, timeout: float = PATIENT_S, **settings: object) -> Pipeline:
    """A pipeline whose llm: models use the tests' time-outs and no back-off."""
    s = Settings(**{"lang": "id", "translator": "llm:test", "llm_url": url, **settings})  # type: ignore[arg-type]
    return Pipeline(
        s,
        load_translator=lambda _n, s: load(s.llm_url, "translator", timeout=timeout),
        load_summariser=lambda _n, s: load(s.llm_url, "summariser", timeout=timeout),
    )


def run(p: Pipeline, text: str = ARTICLE):
    raw = text.encode()
    info = InputInfo(path="a.txt", sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    return p.summarise(p.prepare(info, text))


# --- generate: answers mapped back ---------------------------------------------------------


def test_faithful_answers_come_back_in_order_with_figures_restored() -> None:
    with serving(faithful) as server:
        out = load(server.url).generate([S1, S2], src_lang="id")
    assert out == [E1, E2]
    (chat,) = server.chats
    assert chat.body["temperature"] == 0
    assert chat.body["model"] == "test"
    assert chat.body["response_format"]["type"] == "json_schema"
    assert chat.texts == [
        "Perusahaan rintisan itu meraih pendanaan ZQXA dari investor global.",
        "Pendapatan naik ZQXA menjadi ZQXB pada ZQXC.",
    ]
    assert "Indonesian" in chat.body["messages"][0]["content"]


def test_batches_are_bounded_and_all_answers_map_back() -> None:
    texts = [S1, S2, S3] * 3
    with serving(faithful) as server:
        out = load(server.url, batch_size=4).generate(texts, src_lang="id")
    assert out == [E1, E2, E3] * 3
    assert sorted(len(c.texts) for c in server.chats) == [1, 4, 4]


def test_a_missing_answer_is_asked_again_alone_never_shifted() -> None:
    def drops_first_of_many(seen: Seen) -> str:
        texts = [TABLE.get(t, t) for t in seen.texts]
        return answer(seen, texts[1:] if len(texts) > 1 else texts)  # ids 1..n-1: shifted

    with serving(drops_first_of_many) as server:
        out = load(server.url).generate([S1, S2, S3], src_lang="id")
    assert out == [E1, E2, E3]
    assert [len(c.texts) for c in server.chats] == [3, 1, 1, 1]


def test_an_extra_answer_distrusts_the_batch_and_each_text_is_asked_alone() -> None:
    def one_too_many(seen: Seen) -> str:
        texts = [TABLE.get(t, t) for t in seen.texts]
        return answer(seen, [*texts, "Also, shares fell 9%."] if len(texts) > 1 else texts)

    with serving(one_too_many) as server:
        out = load(server.url).generate([S1, S2], src_lang="id", num_return_sequences=2)
    assert out == [E1, E1, E2, E2]
    assert [len(c.texts) for c in server.chats] == [2, 1, 1]


def test_an_answer_missing_twice_comes_back_empty() -> None:
    with serving(lambda seen: answer(seen, [])) as server:
        out = load(server.url).generate([S1, S2], src_lang="id")
    assert out == ["", ""]
    assert len(server.chats) == 3  # the batch, then each text once more


def test_invalid_json_is_retried_once() -> None:
    calls: list[int] = []

    def broken_first(seen: Seen) -> str:
        calls.append(1)
        return '{"translations": [{"id": 1, "text": "The st' if len(calls) == 1 else faithful(seen)

    with serving(broken_first) as server:
        out = load(server.url).generate([S1], src_lang="id")
    assert out == [E1]
    assert len(server.chats) == 2


def test_a_lost_placeholder_is_retried_then_left_for_the_guard() -> None:
    with serving(wrong_numbers) as server:
        out = load(server.url).generate([S1], src_lang="id")
    assert out == ["The startup raised US$7.7 billion from global investors."]
    assert len(server.chats) == 2


def test_429_then_success_waits_and_succeeds() -> None:
    def busy_first(seen: Seen) -> Reply | str:
        if len(server.chats) == 1:
            return Reply(status=429, headers={"Retry-After": "0"})
        return faithful(seen)

    with serving(busy_first) as server:
        out = load(server.url).generate([S1], src_lang="id")
    assert out == [E1]
    assert len(server.chats) == 2


def test_5xx_every_time_makes_the_model_unavailable_and_it_stays_down() -> None:
    with serving(lambda seen: Reply(status=503)) as server:
        model = load(server.url, retries=2)
        with pytest.raises(llm.LLMUnavailable, match="kept answering HTTP 503 \\(3 tries\\)"):
            model.generate([S1], src_lang="id")
        with pytest.raises(llm.LLMUnavailable):
            model.generate([S2], src_lang="id")
    assert len(server.chats) == 3  # the second call asked nothing


def test_a_hang_ends_by_the_time_out_as_unavailable() -> None:
    with serving(lambda seen: Reply(hang=True)) as server:
        model = load(server.url)
        with pytest.raises(llm.LLMUnavailable, match="did not answer within 600 s"):
            model.generate([S1], src_lang="id")


def test_no_json_schema_support_falls_back_to_the_line_format() -> None:
    def no_schema(seen: Seen) -> Reply | str:
        if "response_format" in seen.body:
            return Reply(status=400)
        return faithful(seen)

    with serving(no_schema) as server:
        model = load(server.url)
        out = model.generate([S1, S2], src_lang="id")
    assert out == [E1, E2]
    assert model.format == "lines"
    user = server.chats[1].body["messages"][-1]["content"]
    assert user == (
        "1: Perusahaan rintisan itu meraih pendanaan ZQXA dari investor global.\n"
        "2: Pendapatan naik ZQXA menjadi ZQXB pada ZQXC."
    )


def test_unreachable_server_is_unavailable_at_load() -> None:
    url = closed_port_url()
    with pytest.raises(ModelUnavailable) as info:
        load(url)
    port = url.split(":")[2].split("/")[0]
    assert info.value.message == (
        f"LLM server http://127.0.0.1:{port}/v1 is unreachable (connection refused)"
    )


def test_the_api_key_is_sent_but_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(llm.ENV_API_KEY, KEY)
    with serving(lambda seen: Reply(status=401)) as server:
        model = load(server.url)
        with pytest.raises(ModelUnavailable) as info:
            model.generate([S1], src_lang="id")
    assert [s.headers["authorization"] for s in server.seen] == [f"Bearer {KEY}"] * 2
    assert KEY not in info.value.message
    assert KEY not in repr(model)
    assert info.value.message.endswith(
        "refused the request (HTTP 401); check SUMMARISE_LLM_API_KEY"
    )


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"translations": [{"id": 2, "text": "b"}, {"id": 1, "text": "a"}]}', ["a", "b"]),
        (
            '```json\n{"translations": [{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]}\n```',
            ["a", "b"],
        ),
        ('<think>hmm</think>[{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]', ["a", "b"]),
        ('{"translations": [{"id": 1, "text": "a"}]}', None),  # missing
        ('{"translations": [{"id": 1, "text": "a"}, {"id": 1, "text": "b"}]}', None),  # duplicate
        ('{"translations": [{"id": 1, "text": "a"}, {"id": 3, "text": "b"}]}', None),  # unknown
        ('{"translations": [{"id": 1, "text": "a"}, {"id": 2}]}', None),  # malformed
        ("not json", None),
    ],
)
def test_json_answers_map_back_only_when_each_id_is_there_once(
    content: str, expected: list[str] | None
) -> None:
    assert llm.parse_json_answer(content, 2) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("1: a\n2: b", ["a", "b"]),
        ("2: b\n\n1: a\n", ["a", "b"]),
        ("1: a", None),
        ("1: a\n2: b\n3: c", None),
        ("Here you go:\n1: a\n2: b", None),
    ],
)
def test_line_answers_map_back_only_when_every_line_is_one_id(
    content: str, expected: list[str] | None
) -> None:
    assert llm.parse_line_answer(content, 2) == expected


# --- the guard on every answer ---------------------------------------------------------------


def test_pipeline_with_a_faithful_llm_gives_ok_bullets() -> None:
    with serving(faithful) as server:
        result = run(pipeline(server.url))
    assert [(b.english, b.fidelity) for b in result.bullets] == [
        (E1, "ok"),
        (E2, "ok"),
        (E3, "ok"),
    ]
    assert result.translation.status == "ok"
    assert result.translation.model == "llm:test"


def test_wrong_numbers_end_flagged_never_ok() -> None:
    with serving(wrong_numbers) as server:
        result = run(pipeline(server.url))
    assert [b.fidelity for b in result.bullets] == ["flagged", "flagged", "flagged"]
    assert any("US$14.3 billion" in w for w in result.warnings)


def test_the_guard_repairs_through_the_llm_with_figures_pre_rendered() -> None:
    """The first pass comes back with wrong numbers; the guard's pre-rendered retry (figures
    already in English go as written, the rest held) comes back right: repaired."""
    pre = {
        "Perusahaan rintisan itu meraih pendanaan US$14.3 billion dari investor global.": E1,
        "Pendapatan naik ZQXA menjadi IDR 1.2 trillion pada ZQXB.": (
            "Revenue rose ZQXA to IDR 1.2 trillion in ZQXB."
        ),
        "Sebanyak 1,500 employees terkena pemutusan hubungan kerja tahun lalu.": E3,
    }

    def placeholders_wrong(seen: Seen) -> str:
        return answer(seen, [pre.get(t) or _wrong(TABLE.get(t, t)) for t in seen.texts])

    with serving(placeholders_wrong) as server:
        result = run(pipeline(server.url))
    assert [(b.english, b.fidelity) for b in result.bullets] == [
        (E1, "repaired"),
        (E2, "repaired"),
        (E3, "repaired"),
    ]
    sent = [t for c in server.chats for t in c.texts]
    assert set(pre) <= set(sent)


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        (S1, "Perusahaan rintisan itu meraih pendanaan ZQXA dari investor global."),
        ("Sebanyak 1,500 employees terkena PHK.", "Sebanyak 1,500 employees terkena PHK."),
        (
            "Pendapatan naik 25% menjadi IDR 1.2 trillion pada 2024.",
            "Pendapatan naik ZQXA menjadi IDR 1.2 trillion pada ZQXB.",
        ),
        ("Naik ZQXA menjadi 5 persen.", "Naik ZQXA menjadi 5 persen."),  # the guard's own
    ],
)
def test_only_figures_read_for_certain_in_the_source_language_are_held(
    text: str, sent: str
) -> None:
    assert llm.hold_figures(text, "id").sent == sent


def test_missing_answers_end_flagged() -> None:
    with serving(lambda seen: answer(seen, [])) as server:
        result = run(pipeline(server.url))
    assert [b.fidelity for b in result.bullets] == ["flagged", "flagged", "flagged"]


def test_a_hang_falls_back_like_a_missing_model_and_strict_raises() -> None:
    def hang(seen: Seen) -> Reply:
        return Reply(hang=True)

    with serving(hang) as server:
        result = run(pipeline(server.url))
        assert result.translation.status == "unavailable"
        assert [b.english for b in result.bullets] == [None, None, None]
        assert result.warnings[-1].endswith(
            "/v1 did not answer within 600 s. Showing Indonesian bullets with English figures."
        )
        with pytest.raises(ModelUnavailable):
            run(pipeline(server.url, strict=True))


def test_llm_summary_numbers_go_through_the_same_check() -> None:
    english = (
        "Revenue rose 25% to Rp1.2 trillion in 2024. About 1,500 employees were laid off "
        "last year. The minister said the economy grew 5.1 percent in the third quarter.\n"
    )
    summary = "- Revenue rose 35% to Rp1.2 trillion in 2024\n- About 1,500 employees were laid off."
    with serving(lambda seen: summary) as server:
        result = run(
            pipeline(server.url, lang="en", mode="abstractive", summariser="llm:test"), english
        )
    assert [(b.english, b.fidelity) for b in result.bullets] == [
        ("Revenue rose 25% to Rp1.2 trillion in 2024.", "repaired"),
        ("About 1,500 employees were laid off.", "ok"),
    ]
    (chat,) = server.chats
    assert "response_format" not in chat.body
    assert chat.body["messages"][-1]["content"] == english.strip()


def test_llm_translates_and_summarises_an_indonesian_article_every_number_checked() -> None:
    summary = f"{E1} Revenue rose 35% to IDR 1.2 trillion in 2024."

    def both(seen: Seen) -> str:
        return faithful(seen) if "response_format" in seen.body else summary

    with serving(both) as server:
        result = run(pipeline(server.url, mode="abstractive", summariser="llm:test"))
    assert [(b.english, b.fidelity, b.sentences) for b in result.bullets] == [
        (E1, "ok", (0,)),
        (E2, "repaired", (1,)),
    ]
    assert result.translation.model == "llm:test"


# --- cache key, privacy, imports ---------------------------------------------------------------


def test_cache_key_has_host_model_and_prompt_version_never_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(llm.ENV_API_KEY, KEY)
    a = Pipeline(Settings(translator="llm:qwen2.5:7b", llm_url="http://127.0.0.1:8080/v1"))
    b = Pipeline(Settings(translator="llm:qwen2.5:7b", llm_url="http://10.1.2.3:8080/v1"))
    assert a.fingerprint()["model"] == "llm:qwen2.5:7b@127.0.0.1:8080#prompt-1"
    assert b.fingerprint()["model"] == "llm:qwen2.5:7b@10.1.2.3:8080#prompt-1"
    s = Settings(mode="abstractive", summariser="llm:m", llm_url="http://u:pw@h.example/v1")
    assert Pipeline(s).fingerprint()["summariser"] == "llm:m@h.example#prompt-1"
    assert KEY not in json.dumps([a.fingerprint(), b.fingerprint()])


@pytest.mark.parametrize(
    ("url", "note"),
    [
        ("http://localhost:11434/v1", None),
        ("http://127.0.0.1:8080/v1", None),
        ("http://127.8.9.1/v1", None),
        ("http://[::1]:8000/v1", None),
        (
            "http://gpu.lan:8000/v1",
            "article text is sent to gpu.lan:8000 (--llm-url) for the llm: model",
        ),
        (
            "https://api.example.com/v1",
            "article text is sent to api.example.com (--llm-url) for the llm: model",
        ),
        (
            "http://localhost.example.com/v1",
            "article text is sent to localhost.example.com (--llm-url) for the llm: model",
        ),
        (
            "http://user:pw@10.0.0.5/v1",
            "article text is sent to 10.0.0.5 (--llm-url) for the llm: model",
        ),
    ],
)
def test_privacy_note_only_when_the_host_is_not_loopback(url: str, note: str | None) -> None:
    assert llm.privacy_note(url) == note


def test_offline_refuses_a_remote_server_without_contacting_it() -> None:
    with pytest.raises(ModelUnavailable, match=r"--offline: 10\.0\.0\.5 is not this machine"):
        llm.load_model("translator", "llm:test", url="http://10.0.0.5/v1", offline=True)


def test_importing_and_help_never_load_the_http_client() -> None:
    code = (
        "import sys\n"
        "from summarise.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('HELP=' + str('summarise.backends.llm' in sys.modules))\n"
        "import summarise, summarise.pipeline, summarise.backends.llm, summarise.backends.loader\n"
        "print('HEAVY=' + ','.join(m for m in ('httpx', 'openai') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "HELP=False\nHEAVY=\n" in out.stdout
