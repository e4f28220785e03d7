"""A real chat-completions server on 127.0.0.1 for the llm: backend's tests, answering from a
script. Bounded: it serves only while its `with` block runs, a hang waits at most HANG_S (or
until the block ends), and every request is recorded for the test to read.

A scripted hang reaches the client as the read time-out httpx raises, the moment the server
starts hanging (`serving` tells the client's transport), so no test waits on, or depends on,
the clock: the client's own time-outs stay far above anything a busy machine needs."""

from __future__ import annotations

import itertools
import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

import pytest

HANG_S = 10.0  # a hanging answer gives up after this, or when the test's server stops
_REQUEST_ID = "X-Test-Request"  # how the server names the request it hangs on to the client
_REAL_CONNECT = socket.socket.connect  # captured before conftest's no_network patches it


@dataclass
class Reply:
    """One scripted answer: the assistant's content, or a status (429, 500, 400…)."""

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # the whole body as is (not chat-completions JSON)
    hang: bool = False


@dataclass
class Seen:
    """A request as the server received it."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def texts(self) -> list[str]:
        """The texts a translation request asked for (JSON items or `K: text` lines)."""
        user = self.body["messages"][-1]["content"]
        if "response_format" in self.body:
            return [item["text"] for item in json.loads(user)["items"]]
        return [re.sub(r"^\d+: ", "", line) for line in user.splitlines()]


Script = Callable[[Seen], "Reply | str"]


class ChatServer:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.seen: list[Seen] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.changed = threading.Condition(self._lock)  # a request hung
        self.hung: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (time-out): nothing to answer
                    pass

            def do_GET(self) -> None:
                server.record(self.path, {}, dict(self.headers))
                self._send(200, json.dumps({"data": [{"id": "test"}]}).encode(), {})

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size) or b"{}")
                seen = server.record(self.path, body, dict(self.headers))
                reply = server.script(seen)
                if isinstance(reply, str):
                    reply = Reply(reply)
                if reply.hang:
                    with server.changed:
                        server.hung.add(self.headers.get(_REQUEST_ID, ""))
                        server.changed.notify_all()
                    server.release.wait(HANG_S)
                    return
                if reply.raw is not None:
                    data = reply.raw
                elif reply.status == 200:
                    message = {"role": "assistant", "content": reply.content}
                    data = json.dumps({"choices": [{"index": 0, "message": message}]}).encode()
                else:
                    data = json.dumps({"error": {"message": f"scripted {reply.status}"}}).encode()
                self._send(reply.status, data, reply.headers)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def record(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Seen:
        seen = Seen(path, body, {k.lower(): v for k, v in headers.items()})
        with self._lock:
            self.seen.append(seen)
        return seen

    @property
    def chats(self) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith("/chat/completions")]


def _hang_is_a_read_time_out(server: ChatServer) -> Callable[..., Any]:
    """httpx's transport call, made to raise ReadTimeout as soon as the server hangs on the
    request (the real call is left waiting in a thread until the server stops)."""
    import httpx

    real = httpx.HTTPTransport.handle_request
    port = server.httpd.server_address[1]
    ids = itertools.count()

    def handle_request(transport: Any, request: Any) -> Any:
        if request.url.port != port:
            return real(transport, request)
        key = str(next(ids))
        request.headers[_REQUEST_ID] = key
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["response"] = real(transport, request)
            except BaseException as exc:  # handed to the caller below, or dropped after a hang
                outcome["error"] = exc
            with server.changed:
                server.changed.notify_all()

        threading.Thread(target=call, daemon=True).start()
        with server.changed:
            server.changed.wait_for(lambda: key in server.hung or bool(outcome))
            if key in server.hung:
                raise httpx.ReadTimeout("the test server hangs", request=request)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["response"]

    return handle_request


@contextmanager
def serving(script: Script) -> Iterator[ChatServer]:
    """The server, running in a thread for the block's duration, then stopped."""
    import httpx

    server = ChatServer(script)
    thread = threading.Thread(target=server.httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    hang = mock.patch.object(
        httpx.HTTPTransport, "handle_request", _hang_is_a_read_time_out(server)
    )
    hang.start()
    try:
        yield server
    finally:
        hang.stop()
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(HANG_S)


def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let sockets reach 127.0.0.1 only (conftest refuses every connection)."""
    guarded = socket.socket.connect

    def connect(self: socket.socket, address: Any, *args: Any, **kwargs: Any) -> Any:
        if self.family == socket.AF_INET and address[0] == "127.0.0.1":
            return _REAL_CONNECT(self, address, *args, **kwargs)
        return guarded(self, address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)


PATIENT_S = 600.0  # the client's time-outs in tests: a busy machine is slow, not down


def patient_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The llm: client's default and probe time-outs at PATIENT_S: a scripted hang needs no
    time-out to fire (see `serving`), and a loaded machine never trips one."""
    from summarise.backends import llm

    monkeypatch.setattr(llm, "DEFAULT_TIMEOUT", PATIENT_S)
    monkeypatch.setattr(llm, "PROBE_TIMEOUT", PATIENT_S)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def json_answer(texts: list[str]) -> str:
    items = [{"id": k + 1, "text": t} for k, t in enumerate(texts)]
    return json.dumps({"translations": items})


def line_answer(texts: list[str]) -> str:
    return "\n".join(f"{k + 1}: {t}" for k, t in enumerate(texts))


def answer(seen: Seen, texts: list[str]) -> str:
    """`texts` in whichever format the request asked for."""
    return json_answer(texts) if "response_format" in seen.body else line_answer(texts)
