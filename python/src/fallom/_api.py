"""`fallom.init`, `fallom.session`, `fallom.flush`, `fallom.shutdown` (SPEC §3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from . import _runtime
from ._config import resolve_config
from ._session import FallomSession, MetadataValue


def init(
    api_key: Optional[str] = None,
    traces_url: Optional[str] = None,
    configs_url: Optional[str] = None,
    prompts_url: Optional[str] = None,
    capture_content: bool = True,
    debug: bool = False,
    base_url: Optional[str] = None,
    service_name: Optional[str] = None,
    export_mode: str = "batch",
) -> None:
    """Starts tracing. Idempotent; calling it again with other options reconfigures.

    URLs resolve per service: the option, `base_url`, `FALLOM_<S>_URL`, `FALLOM_BASE_URL`, then
    `http://localhost:4318`. Raises `ConfigurationError` (a `ValueError`) when neither `api_key`
    nor `FALLOM_API_KEY` is set. Does no network I/O and installs no global OpenTelemetry state.

    Example:
        >>> fallom.init(api_key="flm_...", base_url="http://localhost:4318")
    """
    config = resolve_config(
        api_key=api_key,
        traces_url=traces_url,
        configs_url=configs_url,
        prompts_url=prompts_url,
        capture_content=capture_content,
        debug=debug,
        base_url=base_url,
        service_name=service_name,
        export_mode=export_mode,
    )
    _runtime.start(config)


def session(
    config_key: str,
    session_id: str,
    customer_id: Optional[str] = None,
    metadata: Optional[Mapping[str, MetadataValue]] = None,
    tags: Optional[Sequence[str]] = None,
    capture_content: Optional[bool] = None,
) -> FallomSession:
    """A session groups calls (a conversation or request). No I/O; safe to create per request.

    Example:
        >>> s = fallom.session(config_key="my-agent", session_id="conv-1", tags=["beta"])
    """
    return FallomSession(config_key, session_id, customer_id, metadata, tags, capture_content)


def flush(timeout: float = 5.0) -> bool:
    """Exports everything queued; True when it all went out within `timeout` seconds."""
    try:
        return _runtime.flush(timeout)
    except Exception:
        return False


def shutdown(timeout: float = 5.0) -> None:
    """Flushes (at most `timeout` seconds), then stops; later calls run untraced until `init`."""
    try:
        _runtime.stop(timeout)
    except Exception:
        pass
