"""Option → environment → default resolution for `fallom.init` (SPEC §2.2), in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from ._errors import ConfigurationError

DEFAULT_BASE_URL = "http://localhost:4318"
DEFAULT_SERVICE_NAME = "fallom-traced-app"
_FALSE_VALUES = frozenset({"false", "0", "no"})
_TRUE_VALUES = frozenset({"true", "1"})
EXPORT_MODES = ("batch", "immediate")


@dataclass(frozen=True)
class ResolvedConfig:
    """Everything `init` decided; immutable so worker threads can read it without locks."""

    api_key: str
    traces_url: str
    configs_url: str
    prompts_url: str
    capture_content: bool
    debug: bool
    service_name: str
    export_mode: str
    #: `FALLOM_CAPTURE_CONTENT` said false/0/no: no session may turn capture back on.
    capture_forced_off: bool = False


def _non_empty(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    return value or None


def resolve_service_url(service: str, option: Optional[str], base_url: Optional[str]) -> str:
    """First non-empty of: per-service option, `base_url`, `FALLOM_<S>_URL`, `FALLOM_BASE_URL`, default.

    Trailing slashes go; a path prefix stays (a server mounted under `/fallom` keeps working).
    """
    url = (
        _non_empty(option)
        or _non_empty(base_url)
        or _non_empty(os.environ.get(f"FALLOM_{service}_URL"))
        or _non_empty(os.environ.get("FALLOM_BASE_URL"))
        or DEFAULT_BASE_URL
    )
    return url.rstrip("/")


def resolve_capture_content(option: Optional[bool]) -> bool:
    """`FALLOM_CAPTURE_CONTENT` = false/0/no (any case) forces capture off; else the option; else on."""
    env = os.environ.get("FALLOM_CAPTURE_CONTENT")
    if env is not None and env.strip().lower() in _FALSE_VALUES:
        return False
    return True if option is None else bool(option)


def resolve_config(
    *,
    api_key: Optional[str],
    traces_url: Optional[str],
    configs_url: Optional[str],
    prompts_url: Optional[str],
    capture_content: Optional[bool],
    debug: Optional[bool],
    base_url: Optional[str],
    service_name: Optional[str],
    export_mode: str,
) -> ResolvedConfig:
    """Resolves every option. Raises `ConfigurationError` (a `ValueError`) for a missing key."""
    key = _non_empty(api_key) or _non_empty(os.environ.get("FALLOM_API_KEY"))
    if key is None:
        raise ConfigurationError(
            "No API key provided: pass fallom.init(api_key=...) "
            "or set the FALLOM_API_KEY environment variable."
        )
    if export_mode not in EXPORT_MODES:
        raise ConfigurationError(f"export_mode must be 'batch' or 'immediate', got {export_mode!r}.")
    env_debug = (os.environ.get("FALLOM_DEBUG") or "").strip().lower() in _TRUE_VALUES
    return ResolvedConfig(
        api_key=key,
        traces_url=resolve_service_url("TRACES", traces_url, base_url),
        configs_url=resolve_service_url("CONFIGS", configs_url, base_url),
        prompts_url=resolve_service_url("PROMPTS", prompts_url, base_url),
        capture_content=resolve_capture_content(capture_content),
        debug=bool(debug) or env_debug,
        service_name=_non_empty(service_name)
        or _non_empty(os.environ.get("OTEL_SERVICE_NAME"))
        or DEFAULT_SERVICE_NAME,
        export_mode=export_mode,
        capture_forced_off=(os.environ.get("FALLOM_CAPTURE_CONTENT") or "").strip().lower() in _FALSE_VALUES,
    )
