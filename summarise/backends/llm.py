"""`llm:MODEL`: translate and summarise through any OpenAI-compatible chat-completions server
(Ollama, llama.cpp's server, vLLM, a hosted API).

An LLM translates fluently and changes numbers fluently, so nothing here trusts it: figures
travel as placeholders the model only has to copy, every answer is mapped back to its text by
id (a missing, extra or malformed answer is retried once, then left empty so the guard flags
that bullet, never shifted onto a neighbour), and the guard checks every text as for Marian.
A server that cannot be reached, times out or keeps failing raises `LLMUnavailable` (a
ModelUnavailable: the pipeline falls back, `--strict` exits 3) and the model stays down for
the rest of the run. httpx is imported only when a model is loaded.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from summarise.config import LLM_URL as DEFAULT_URL
from summarise.errors import ExitCode, ModelUnavailable, SummariseError

PREFIX = "llm:"
ENV_API_KEY = "SUMMARISE_LLM_API_KEY"
# Part of the cache key: bump it whenever a prompt or the answer format changes.
PROMPT_VERSION = "1"

DEFAULT_TIMEOUT = 120.0  # seconds for one request: a local CPU model can be slow
PROBE_TIMEOUT = 10.0  # seconds for the reachability check at load time
RETRIES = 3  # extra tries on 429, 5xx and dropped connections
BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_BACKOFF = 8.0  # longest wait, a server's Retry-After included
CONCURRENCY = 2  # requests in flight at once
BATCH_SIZE = 8  # sentences per translation request
CHARS_PER_TOKEN = 3  # a deliberately high token estimate (no tokenizer for a remote model)
TRANSLATOR_INPUT_TOKENS = 1000  # estimated; longer sentences are split at clause boundaries
SUMMARISER_INPUT_TOKENS = 2000  # estimated; longer articles are summarised chunk by chunk
SUMMARY_SENTENCES = 8  # the pipeline keeps the first --bullets of them
SUMMARY_MAX_TOKENS = 512

Role = Literal["translator", "summariser"]
_PLACEHOLDER = re.compile(r"ZQX[A-Z]+")
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_LINE = re.compile(r"^\s*\[?(\d+)\]?\s*[:.)]\s?(.*)$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_OPTIONS = frozenset(
    {
        "src_lang",
        "max_length_ratio",
        "num_beams",
        "num_return_sequences",
        "max_new_tokens",
        "min_new_tokens",
        "length_penalty",
        "no_repeat_ngram_size",
        "early_stopping",
        "repetition_penalty",
        "batch_tokens",
        "truncate",
        "forced_bos",
    }
)
_SCHEMA = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}
_TRANSLATE_PROMPT = (
    "You translate news sentences from {language} into English. Translate every item on its "
    "own, completely and faithfully: do not summarise, merge, split, explain or add anything. "
    "Tokens such as ZQXA or ZQXB stand for figures: copy each token exactly once, unchanged, "
    "where it belongs in the English. Write every other number exactly as in the source; "
    "never convert, round or compute."
)
_JSON_ANSWER = (
    ' Answer only with JSON: {{"translations": [{{"id": 1, "text": "..."}}, ...]}}, one entry '
    "for each of the {n} input ids."
)
_LINE_ANSWER = (
    " Answer with exactly {n} lines and nothing else: line K is the number K, a colon, a "
    "space and the English of item K."
)
_SUMMARY_PROMPT = (
    "You summarise English news. Write at most {n} short sentences that state the article's "
    "key facts, most important first, as plain text: no list markers, headings or preamble. "
    "Use only facts the article states, and write every number, amount, percentage and date "
    "exactly as the article writes it; never convert, round or compute."
)


# --- names, URLs, privacy, cache identity (no httpx needed) --------------------------------


def is_llm(name: object) -> bool:
    """Whether a --translator/--summariser value names a model on an LLM server."""
    return isinstance(name, str) and name.startswith(PREFIX)


def model_of(name: str) -> str:
    """`llm:qwen2.5:7b` → `qwen2.5:7b` (Ollama tags contain colons)."""
    return name[len(PREFIX) :].strip()


def _usage(message: str) -> SummariseError:
    return SummariseError(message, ExitCode.USAGE, kind="usage")


def check_name(option: str, name: str) -> None:
    """`llm:` needs a model name after it."""
    if not model_of(name):
        raise _usage(f"{option} {name}: name the model after llm:, e.g. llm:qwen2.5:7b")


def check_url(url: str) -> None:
    """An http(s) URL with a host; anything else is a usage error before any work."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _usage(
            f"--llm-url {display_url(url)!r}: expected http://HOST[:PORT]/PATH, e.g. {DEFAULT_URL}"
        )


def display_url(url: str) -> str:
    """The URL without credentials or query, safe to show."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url.split("@")[-1].split("?")[0]
    return f"{parts.scheme}://{host_of(url)}{parts.path}".rstrip("/")


def host_of(url: str) -> str:
    """`host[:port]` of the URL, credentials never included."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def is_loopback(url: str) -> bool:
    """Whether the server is this machine: `localhost` or a loopback address (127/8, ::1)."""
    import ipaddress

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def privacy_note(url: str) -> str | None:
    """The one line to say when article text leaves this machine (None: it does not)."""
    if is_loopback(url):
        return None
    return f"article text is sent to {host_of(url)} (--llm-url) for the llm: model"


def identity(name: str, url: str) -> str:
    """What the cache key records for an LLM model: model, server host and prompt version."""
    return f"{name}@{host_of(url)}#prompt-{PROMPT_VERSION}"


# --- errors and the HTTP client ------------------------------------------------------------


class LLMUnavailable(ModelUnavailable):
    """The server cannot be used (unreachable, timed out, refused): fall back as for a model
    that is missing."""


class _Rejected(Exception):
    """A 4xx answer the caller may work around (e.g. no JSON-schema support)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Client:
    """POSTs to one server: time-outs, retries with back-off on 429/5xx, nothing printed.

    The API key lives only in the httpx client's headers; messages never contain it."""

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        concurrency: int = CONCURRENCY,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.where = f"LLM server {display_url(url)}"
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._secret = api_key or None
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(
            base_url=url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, PROBE_TIMEOUT)),
            limits=httpx.Limits(max_connections=concurrency),
            trust_env=not is_loopback(url),  # a local server is never reached through a proxy
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def _scrub(self, text: str) -> str:
        text = " ".join(text.split())[:200]
        return text.replace(self._secret, "***") if self._secret else text

    def probe(self) -> None:
        """Is the server there and does it accept us? One GET of `models`, no retries."""
        import httpx

        try:
            response = self._http.get("models", timeout=min(self.timeout, PROBE_TIMEOUT))
        except httpx.TimeoutException:
            raise LLMUnavailable(f"{self.where} did not answer (timed out)") from None
        except httpx.HTTPError as exc:
            raise LLMUnavailable(f"{self.where} is unreachable ({self._reason(exc)})") from None
        if response.status_code in (401, 403):
            raise LLMUnavailable(self._refused(response.status_code))
        # 404 and the like: some servers lack /models but serve chat completions.

    def _refused(self, status: int) -> str:
        return f"{self.where} refused the request (HTTP {status}); check {ENV_API_KEY}"

    def _reason(self, exc: Exception) -> str:
        text = str(exc).strip() or type(exc).__name__
        if "refused" in text.lower():
            return "connection refused"
        return self._scrub(text.splitlines()[0])

    def chat(self, body: dict[str, Any]) -> str | None:
        """The first choice's message content (None: the answer was not chat-completions JSON).

        Raises LLMUnavailable when the server cannot serve, _Rejected on other 4xx answers."""
        import httpx

        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._http.post("chat/completions", json=body)
            except httpx.TimeoutException:
                raise LLMUnavailable(
                    f"{self.where} did not answer within {self.timeout:g} s"
                ) from None
            except httpx.TransportError as exc:
                if last:
                    raise LLMUnavailable(
                        f"{self.where} is unreachable ({self._reason(exc)})"
                    ) from None
                self._sleep(self._delay(attempt, None))
                continue
            status = response.status_code
            if status == 429 or status >= 500:
                if last:
                    raise LLMUnavailable(
                        f"{self.where} kept answering HTTP {status} ({self.retries + 1} tries)"
                    )
                self._sleep(self._delay(attempt, response.headers.get("retry-after")))
                continue
            if status in (401, 403):
                raise LLMUnavailable(self._refused(status))
            if status >= 400:
                raise _Rejected(status, self._scrub(_error_message(response)))
            return _content(response)
        return None  # pragma: no cover - the loop always returns or raises

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """Exponential back-off; a server's Retry-After (seconds) wins, both capped."""
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), MAX_BACKOFF)
            except ValueError:
                pass
        return min(self.backoff * 2**attempt, MAX_BACKOFF)


def _error_message(response: Any) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text or f"HTTP {response.status_code}"
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error or data)


def _content(response: Any) -> str | None:
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None


def clean_answer(content: str) -> str:
    """Drop a reasoning model's <think> block and a Markdown code fence around the answer."""
    text = _THINK.sub("", content).strip()
    return _FENCE.sub("", text).strip()


# --- answers mapped back to their texts ----------------------------------------------------


def parse_json_answer(content: str, n: int) -> list[str] | None:
    """Texts for ids 1..n in order, or None unless there is exactly one entry per id (a
    missing, duplicate or unknown id distrusts the whole answer: it may be shifted)."""
    try:
        data = json.loads(clean_answer(content))
    except ValueError:
        return None
    items = data.get("translations") if isinstance(data, dict) else data
    if not isinstance(items, list) or len(items) != n:
        return None
    found: dict[int, str] = {}
    for item in items:
        if not isinstance(item, dict):
            return None
        key, text = item.get("id"), item.get("text")
        if isinstance(key, str) and key.strip().isdigit():
            key = int(key)
        if not isinstance(key, int) or isinstance(key, bool) or not isinstance(text, str):
            return None
        if key in found or not 1 <= key <= n:
            return None
        found[key] = text.strip()
    return [found[k] for k in range(1, n + 1)]


def parse_line_answer(content: str, n: int) -> list[str] | None:
    """Texts of `K: text` lines 1..n in order, or None unless every line is one of them,
    each id once (blank lines aside)."""
    found: dict[int, str] = {}
    for line in clean_answer(content).splitlines():
        if not line.strip():
            continue
        m = _LINE.match(line)
        if m is None:
            return None
        key = int(m.group(1))
        if key in found or not 1 <= key <= n:
            return None
        found[key] = m.group(2).strip()
    if len(found) != n:
        return None
    return [found[k] for k in range(1, n + 1)]


def tokens_kept(sent: str, answer: str) -> bool:
    """Each placeholder of the sent text is in the answer exactly once, and no other."""
    wanted = _PLACEHOLDER.findall(sent)
    got = [t.upper() for t in _PLACEHOLDER.findall(answer.upper())]
    return sorted(wanted) == sorted(got)


@dataclass(frozen=True, slots=True)
class _Item:
    """One text as sent (figures held as placeholders) and how to put them back."""

    sent: str
    mapping: dict[str, str]  # placeholder → the figure's English


def hold_figures(text: str, lang: str | None) -> _Item:
    """`text` with its clearly read figures as placeholders (guard.with_placeholders). A
    figure in doubt, one whose English would keep a source word, one already written in
    English (the guard's pre-rendered repair), and a text that already holds placeholders (the
    guard's own repair) go as they are: the model translates them and the guard judges."""
    if not lang or lang == "en" or _PLACEHOLDER.search(text):
        return _Item(text, {})
    from summarise import guard
    from summarise.figures import read_figures

    english = [e for e in read_figures(text, "en") if e.english == e.text]
    figs = [
        f
        for f in read_figures(text, lang)
        if not f.doubt
        and not (f.kind == "count" and f.unit and not f.unit_english)
        and not any(e.start < f.end and f.start < e.end and e.value != f.value for e in english)
    ]
    held, mapping = guard.with_placeholders(text, figs)
    return _Item(held, {token: fig.english for token, fig in mapping.items()})


def put_back(answer: str, mapping: dict[str, str]) -> str:
    """The answer with each placeholder that is there once replaced by its figure's English."""
    for token, english in mapping.items():
        pattern = re.compile(re.escape(token), re.IGNORECASE)
        if len(pattern.findall(answer)) == 1:
            answer = pattern.sub(lambda _m, e=english: e, answer)
    return answer


# --- the model -----------------------------------------------------------------------------


class LLMModel:
    """A chat model on an OpenAI-compatible server, behind the Seq2SeqModel protocol."""

    def __init__(
        self,
        role: Role,
        model: str,
        client: Client,
        *,
        concurrency: int = CONCURRENCY,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.role = role
        self.model = model
        self.name = PREFIX + model
        self.client = client
        self.concurrency = max(1, concurrency)
        self.batch_size = max(1, batch_size)
        self.max_input_tokens = (
            TRANSLATOR_INPUT_TOKENS if role == "translator" else SUMMARISER_INPUT_TOKENS
        )
        self.defaults: dict[str, Any] = {"max_new_tokens": SUMMARY_MAX_TOKENS}
        self.format: Literal["json", "lines"] = "json"
        self._down: LLMUnavailable | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LLMModel({self.role}, {self.name!r}, {self.client.where})"

    # --- protocol --------------------------------------------------------------------------

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        """English for each text (translator) or a summary of each (summariser), in order;
        an answer that never came right is "" (the guard flags it). With
        num_return_sequences=n each output is repeated n times (temperature 0: one answer)."""
        unknown = set(options) - _OPTIONS
        if unknown:
            raise TypeError(f"unknown generate options: {sorted(unknown)}")
        if self._down is not None:
            raise self._down
        if not texts:
            return []
        n = int(options.get("num_return_sequences", 1))
        try:
            if self.role == "translator":
                out = self._translate(list(texts), options.get("src_lang"))
            else:
                out = self._summarise(list(texts), options.get("max_new_tokens"))
        except LLMUnavailable as exc:
            self._down = exc
            raise
        return [o for o in out for _ in range(n)]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """An estimate from the length (the server's tokenizer is not at hand)."""
        return [math.ceil(len(t) / CHARS_PER_TOKEN) + 1 for t in texts]

    # --- translation -----------------------------------------------------------------------

    def _translate(self, texts: list[str], lang: str | None) -> list[str]:
        items = [hold_figures(t, lang) for t in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        batches = [todo[k : k + self.batch_size] for k in range(0, len(todo), self.batch_size)]
        answers: dict[int, str] = {}

        def run(batch: list[int]) -> dict[int, str]:
            return self._translate_batch([items[i] for i in batch], batch, lang)

        for done in self._map(run, batches):
            answers.update(done)
        return [put_back(answers.get(i, ""), items[i].mapping) for i in range(len(texts))]

    def _translate_batch(
        self, items: list[_Item], ids: list[int], lang: str | None
    ) -> dict[int, str]:
        """One request for the batch; each text whose answer is missing, malformed or lost a
        placeholder is asked again alone, once; what still fails stays as best answered."""
        got = self._ask([it.sent for it in items], lang)
        out: dict[int, str] = {}
        for k, (item, i) in enumerate(zip(items, ids, strict=True)):
            first = got[k] if got is not None else None
            if first and tokens_kept(item.sent, first):
                out[i] = first
                continue
            again = self._ask([item.sent], lang)
            second = again[0] if again is not None else None
            if second and tokens_kept(item.sent, second):
                out[i] = second
            else:
                out[i] = second or first or ""
        return out

    def _ask(self, texts: list[str], lang: str | None) -> list[str] | None:
        """The answers for `texts` in order, or None when the answer does not map back."""
        from summarise.language import SUPPORTED

        language = SUPPORTED.get(lang or "", lang or "the source language")
        system = _TRANSLATE_PROMPT.format(language=language)
        est = sum(self.count_tokens(texts))
        body: dict[str, Any] = {
            "model": self.model,
            "temperature": 0,
            "max_tokens": 2 * est + 48 * len(texts) + 64,
            "stream": False,
        }
        fmt = self.format
        if fmt == "json":
            items = [{"id": k + 1, "text": t} for k, t in enumerate(texts)]
            user = json.dumps({"items": items}, ensure_ascii=False)
            system += _JSON_ANSWER.format(n=len(texts))
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "translations", "strict": True, "schema": _SCHEMA},
            }
        else:
            user = "\n".join(f"{k + 1}: {' '.join(t.split())}" for k, t in enumerate(texts))
            system += _LINE_ANSWER.format(n=len(texts))
        body["messages"] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        try:
            content = self.client.chat(body)
        except _Rejected as exc:
            if fmt == "json" and exc.status in (400, 422):
                with self._lock:  # no JSON-schema support: the strict line format from now on
                    self.format = "lines"
                return self._ask(texts, lang)
            raise self._refused(exc) from None
        if content is None:
            return None
        parse = parse_json_answer if fmt == "json" else parse_line_answer
        return parse(content, len(texts))

    # --- summaries -------------------------------------------------------------------------

    def _summarise(self, texts: list[str], max_new_tokens: Any) -> list[str]:
        limit = int(max_new_tokens or SUMMARY_MAX_TOKENS)

        def one(text: str) -> str:
            for _ in range(2):  # an empty or malformed answer is asked again once
                answer = self._summary(text, limit)
                if answer:
                    return answer
            return ""

        return list(self._map(one, texts))

    def _summary(self, text: str, limit: int) -> str:
        body = {
            "model": self.model,
            "temperature": 0,
            "max_tokens": limit,
            "stream": False,
            "messages": [
                {"role": "system", "content": _SUMMARY_PROMPT.format(n=SUMMARY_SENTENCES)},
                {"role": "user", "content": text},
            ],
        }
        try:
            content = self.client.chat(body)
        except _Rejected as exc:
            raise self._refused(exc) from None
        return as_sentences(content or "")

    def _refused(self, exc: _Rejected) -> LLMUnavailable:
        return LLMUnavailable(f"{self.client.where} refused {self.name}: {exc.message}")

    def _map(self, fn: Callable[[Any], Any], work: Sequence[Any]) -> list[Any]:
        """fn over work, at most `concurrency` requests at once, results in order; the first
        failure cancels what has not started."""
        if len(work) <= 1 or self.concurrency == 1:
            return [fn(w) for w in work]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(work))) as pool:
            futures = [pool.submit(fn, w) for w in work]
            try:
                return [f.result() for f in futures]
            except BaseException:
                for f in futures:
                    f.cancel()
                raise


def as_sentences(content: str) -> str:
    """A summary as plain sentences: list markers and headings dropped, one line each."""
    lines = []
    for line in clean_answer(content).splitlines():
        line = _LIST_MARK.sub("", line.strip()).strip("*# ").strip()
        if not line:
            continue
        lines.append(line if line[-1] in ".!?\"')" else line + ".")
    return " ".join(lines)


def load_model(
    role: Role,
    name: str,
    *,
    url: str = DEFAULT_URL,
    timeout: float | None = None,
    retries: int | None = None,
    backoff: float | None = None,
    concurrency: int = CONCURRENCY,
    batch_size: int = BATCH_SIZE,
    probe: bool = True,
    offline: bool = False,
) -> LLMModel:
    """The `llm:MODEL` model for `role` at `url`, the server checked once; LLMUnavailable
    when it cannot be reached (or, under --offline, is not on this machine). The API key
    comes from SUMMARISE_LLM_API_KEY only."""
    model = model_of(name)
    if not model:
        raise LLMUnavailable(f"{name}: no model name after llm:")
    check_url(url)
    if offline and not is_loopback(url):
        raise LLMUnavailable(f"--offline: {host_of(url)} is not this machine, so {name} is off")
    from summarise.config import llm_api_key

    client = Client(
        url,
        api_key=llm_api_key(),
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,  # read now: tests lower them
        retries=RETRIES if retries is None else retries,
        backoff=BACKOFF if backoff is None else backoff,
        concurrency=concurrency,
    )
    if probe:
        try:
            client.probe()
        except LLMUnavailable:
            client.close()
            raise
    return LLMModel(role, model, client, concurrency=concurrency, batch_size=batch_size)
