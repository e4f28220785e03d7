"""Defaults from the environment and a TOML config file, resolved once with their origin.

Precedence, highest first: the command line, the environment (`SUMMARISE_<KEY>`), the config
file (`$SUMMARISE_CONFIG`, else `config.toml` in the platform's user config directory), the
built-in default. Every environment variable summarise reads is read here: the command line's
settings (so `summarise config show` can say where each value came from) and, at the end of
this module, the few the library layers need (cache and model directories, offline, download
time limit, the LLM key). Cheap to import: only the standard library (and platformdirs, when
the config path is needed).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarise.errors import ExitCode, SummariseError

LLM_URL = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible endpoint, for llm:MODEL
ENV_CONFIG = "SUMMARISE_CONFIG"
ENV_DEBUG = "SUMMARISE_DEBUG"
# Offline is also asked for by the Hugging Face variables; store.offline_requested agrees.
ENV_OFFLINE_ALIASES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
ENV_CACHE = "SUMMARISE_CACHE"
ENV_MODELS = "SUMMARISE_MODELS"
ENV_OFFLINE = ("SUMMARISE_OFFLINE", *ENV_OFFLINE_ALIASES)
ENV_DOWNLOAD_TIMEOUT = "SUMMARISE_DOWNLOAD_TIMEOUT"
ENV_LLM_API_KEY = "SUMMARISE_LLM_API_KEY"
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off", ""})


def _whole(minimum: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValueError("expected a whole number") from None
        if number < minimum:
            raise ValueError(f"expected a whole number ≥ {minimum}")
        return number

    return parse


def _choice(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip()
        if text not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return text

    return parse


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value.strip()


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError("expected true or false")


@dataclass(frozen=True, slots=True)
class Key:
    """One configurable default: its parser and its built-in value (None: decided at run time,
    e.g. the format follows the terminal)."""

    parse: Callable[[Any], Any]
    default: Any
    help: str


KEYS: Mapping[str, Key] = {
    "bullets": Key(_whole(1), 5, "number of bullets"),
    "format": Key(_choice("rich", "text", "markdown", "json", "jsonl"), None, "output format"),
    "figures": Key(_choice("all", "bullets", "none"), None, "figures listed in text views"),
    "translator": Key(_text, "auto", "auto, none, a registry name or a model directory"),
    "mode": Key(_choice("extractive", "abstractive"), "extractive", "summary style"),
    "summariser": Key(_text, "auto", "abstractive mode: auto, a registry name or a directory"),
    "llm_url": Key(_text, LLM_URL, "OpenAI-compatible server for llm:MODEL names"),
    "device": Key(_choice("auto", "cpu", "cuda", "mps"), "auto", "where models run"),
    "backend": Key(_choice("auto", "ct2", "torch"), "auto", "model engine: CTranslate2 or PyTorch"),
    "int8": Key(_flag, True, "int8 weights on CPU"),
    "beams": Key(_whole(1), None, "beam size (None: the model's default)"),
    "threads": Key(_whole(1), None, "CPU threads for models (None: torch's default)"),
    "jobs": Key(_whole(1), 1, "worker processes for the model-free stages"),
    "max_bytes": Key(_whole(1), 5_000_000, "refuse larger inputs"),
    "offline": Key(_flag, False, "never touch the network"),
    "strict": Key(_flag, False, "exit 3 instead of falling back when a model is missing"),
}


def env_name(key: str) -> str:
    return f"SUMMARISE_{key.upper()}"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$SUMMARISE_CONFIG`, else `config.toml` in the platform's user config directory."""
    env = os.environ if environ is None else environ
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("summarise", appauthor=False)) / "config.toml"


def _usage(message: str) -> SummariseError:
    return SummariseError(message, ExitCode.USAGE, kind="usage")


def read_config(path: Path, *, required: bool) -> dict[str, Any]:
    """The file's keys, checked; a missing file is empty unless it was named explicitly."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if required:
            raise _usage(f"{ENV_CONFIG}={path}: no such file") from None
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise _usage(f"{path}: cannot read the config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _usage(f"{path}: not valid TOML ({exc})") from None
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise _usage(f"{path}: unknown key {key!r}; known keys: {', '.join(KEYS)}")
        try:
            out[key] = KEYS[key].parse(value)
        except ValueError as exc:
            raise _usage(f"{path}: {key} = {value!r}: {exc}") from None
    return out


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value and where it came from: "command line", "env SUMMARISE_X", a file, "built-in"."""

    value: Any
    origin: str


def resolve(
    given: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Resolved]:
    """Every key's value by precedence: `given` (options typed on the command line), then the
    environment, then the config file, then the built-in default."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    from_file = read_config(path, required=bool(env.get(ENV_CONFIG)))
    out: dict[str, Resolved] = {}
    for key, spec in KEYS.items():
        name = env_name(key)
        if key in given:
            out[key] = Resolved(given[key], "command line")
        elif env.get(name, "").strip():
            try:
                out[key] = Resolved(spec.parse(env[name]), f"env {name}")
            except ValueError as exc:
                raise _usage(f"{name}={env[name]!r}: {exc}") from None
        elif key == "offline" and any(_is_true(env.get(v)) for v in ENV_OFFLINE_ALIASES):
            alias = next(v for v in ENV_OFFLINE_ALIASES if _is_true(env.get(v)))
            out[key] = Resolved(True, f"env {alias}")
        elif key in from_file:
            out[key] = Resolved(from_file[key], str(path))
        else:
            out[key] = Resolved(spec.default, "built-in")
    return out


def _is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in TRUE


def debug_requested(environ: Mapping[str, str] | None = None) -> bool:
    """`SUMMARISE_DEBUG` set (to anything but 0/false/no/off): tracebacks instead of one line."""
    env = os.environ if environ is None else environ
    value = env.get(ENV_DEBUG)
    return value is not None and value.strip().lower() not in FALSE


def show(resolved: Mapping[str, Resolved]) -> str:
    """The resolved settings as TOML a config file accepts, each with its origin."""
    lines = []
    for key, r in resolved.items():
        if r.value is None:
            text = f"# {key} = (auto)"
        elif isinstance(r.value, bool):
            text = f"{key} = {'true' if r.value else 'false'}"
        elif isinstance(r.value, int):
            text = f"{key} = {r.value}"
        else:
            text = f"{key} = {_toml_string(r.value)}"
        lines.append(f"{text:<34}  # {r.origin}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# --- the environment of the library layers ----------------------------------------------------


def cache_dir_env() -> str | None:
    """`SUMMARISE_CACHE`: where results are cached, if set."""
    return os.environ.get(ENV_CACHE) or None


def models_dir_env() -> str | None:
    """`SUMMARISE_MODELS`: the model store, if set."""
    return os.environ.get(ENV_MODELS) or None


def offline_env() -> bool:
    """Whether the environment forbids network access (ours or the Hugging Face variables)."""
    return any(_is_true(os.environ.get(k, "").strip().lower()) for k in ENV_OFFLINE)


def download_timeout_env(default: float) -> float:
    """`SUMMARISE_DOWNLOAD_TIMEOUT` in seconds, else `default`."""
    return float(os.environ.get(ENV_DOWNLOAD_TIMEOUT, default))


def llm_api_key() -> str | None:
    """`SUMMARISE_LLM_API_KEY`: never printed, cached or written anywhere."""
    return os.environ.get(ENV_LLM_API_KEY, "").strip() or None
