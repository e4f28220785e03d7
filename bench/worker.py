"""One benchmarked system in its own process, driven over stdin/stdout with JSON lines.

A process per system keeps each system's peak RSS its own and lets the parent alternate
between systems article by article while every model stays loaded. Protocol: the worker
loads, answers {"ready": true, "load_ms": ...}; then for each request line
{"cmd": "run", "path": P} | {"cmd": "batch", "dir": D} | {"cmd": "exit"} it answers one line.
Anything else the libraries print goes to stderr, never into the protocol.

    python -m bench.worker SYSTEM TRANSLATOR_DIR SUMMARISER_DIR
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any, TextIO


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB.

    On Linux, VmHWM of this process's own memory map: getrusage's ru_maxrss survives fork and
    exec, so a worker started by a parent that had just built 1.5 GB of stand-ins would report
    the parent's peak as its own. Elsewhere ru_maxrss (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_ms(since: float) -> float:
    return (time.process_time() - since) * 1000


def _send(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj) + "\n")
    out.flush()


def serve(name: str, standins: dict[str, Path], requests: TextIO, out: TextIO) -> None:
    """Load system `name`, then answer requests until "exit" or end of input.

    Every answer carries `cpu_ms`, the CPU time this process spent on the request (all its
    threads): steadier than wall time when other work shares the machine.
    """
    from importlib.metadata import PackageNotFoundError, version

    from bench.systems import load_system

    t0, c0 = time.perf_counter(), time.process_time()
    system = load_system(name, standins)
    load_ms = (time.perf_counter() - t0) * 1000
    versions = {}
    for package in ("torch", "transformers", "ctranslate2"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    torch = sys.modules.get("torch")
    _send(
        out,
        {
            "ready": True,
            "load_ms": load_ms,
            "load_cpu_ms": (time.process_time() - c0) * 1000,
            **versions,
            "torch_imported": torch is not None,  # a CTranslate2 row should not need it
            "threads": torch.get_num_threads() if torch is not None else os.cpu_count(),
        },
    )
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        cmd = request.get("cmd")
        c0 = time.process_time()
        try:
            if cmd == "run":
                answer = {**system.run(Path(request["path"])), "cpu_ms": _cpu_ms(c0)}
            elif cmd == "batch" and hasattr(system, "batch"):
                answer = {**system.batch(Path(request["dir"])), "cpu_s": _cpu_ms(c0) / 1000}
            elif cmd == "exit":
                # A Ray row's memory is mostly in the Ray processes it started.
                own = getattr(system, "peak_rss_mb", peak_rss_mb)
                _send(out, {"peak_rss_mb": own()})
                if hasattr(system, "close"):
                    system.close()
                return
            else:
                answer = {"error": f"unknown command {cmd!r} for {name}"}
        except Exception:
            answer = {"error": traceback.format_exc()}
        _send(out, answer)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        raise SystemExit("usage: python -m bench.worker SYSTEM TRANSLATOR_DIR SUMMARISER_DIR")
    name, translator, summariser = args
    # The protocol owns the real stdout; stray prints from libraries go to stderr.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    standins = {"translator": Path(translator), "summariser": Path(summariser)}
    try:
        serve(name, standins, sys.stdin, out)
    except Exception:
        _send(out, {"error": traceback.format_exc()})
        raise


if __name__ == "__main__":
    main()
