"""The initialised SDK: resolved config, an isolated tracer provider and the export queue.

The provider is never registered globally (SPEC §2.2): the user's own OpenTelemetry setup, if any,
is left exactly as it is, and our spans never reach their exporters nor theirs ours.
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Optional

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanLimits, TracerProvider
from opentelemetry.sdk.trace.sampling import ALWAYS_ON
from opentelemetry.trace import Tracer

from . import _attributes as attr
from . import _log
from ._ab._remote_client import RemoteSettings
from ._ab._remote_state import start_remote, stop_remote
from ._config import ResolvedConfig
from ._export._queueing_span_processor import QueueingSpanProcessor
from ._export._transport import OtlpHttpTransport
from ._version import __version__

EXIT_FLUSH_TIMEOUT_S = 5.0


class _IsolatedTracerProvider(TracerProvider):
    """A provider whose fork hook does no work.

    The OTel SDK's own at-fork hook (1.3x+) re-runs resource detection on a `ThreadPoolExecutor` in
    the child. When `concurrent.futures.thread` was imported after the provider was created (asyncio
    does that lazily), its global lock is still held at that point and the forked child deadlocks
    before running a line of user code. Our resource is static, so there is nothing to re-detect.
    """

    def _handle_fork(self) -> None:
        self._tracers_lock = threading.Lock()


class Runtime:
    """One `init()`: replaced as a whole by a later `init()` with other options."""

    def __init__(self, config: ResolvedConfig) -> None:
        self.config = config
        self.processor = QueueingSpanProcessor(
            lambda stop: OtlpHttpTransport(config.traces_url, config.api_key, stop),
            immediate=config.export_mode == "immediate",
        )
        resource = Resource(
            {
                attr.SERVICE_NAME: config.service_name,
                attr.TELEMETRY_SDK_NAME: attr.SDK_NAME,
                attr.TELEMETRY_SDK_LANGUAGE: "python",
                attr.TELEMETRY_SDK_VERSION: __version__,
            }
        )
        self.provider = _IsolatedTracerProvider(
            sampler=ALWAYS_ON,
            resource=resource,
            shutdown_on_exit=False,
            # Explicit limits so OTEL_* environment variables meant for the user's own setup can't
            # truncate our JSON payloads; content size is bounded by the capture module instead.
            span_limits=SpanLimits(
                max_span_attributes=1024,
                max_events=128,
                max_links=128,
                max_attributes=1024,
                max_event_attributes=128,
                max_link_attributes=128,
                max_attribute_length=SpanLimits.UNSET,
                max_span_attribute_length=SpanLimits.UNSET,
            ),
        )
        self.provider.add_span_processor(self.processor)
        self.tracer: Tracer = self.provider.get_tracer("fallom", __version__)
        self.capture_content = config.capture_content

    def capture_for(self, session_capture: Optional[bool]) -> bool:
        """The environment's "off" wins; then the session's own setting; then `init`'s (SPEC §4.5)."""
        if self.config.capture_forced_off:
            return False
        return self.capture_content if session_capture is None else bool(session_capture)


_lock = threading.Lock()
_runtime: Optional[Runtime] = None
_hooks_installed = False


def current() -> Optional[Runtime]:
    """The live runtime, or None before `init` / after `shutdown` (SPEC W2: checked per call)."""
    return _runtime


def start(config: ResolvedConfig) -> Runtime:
    """Idempotent: the same options keep the running runtime; other options replace it."""
    global _runtime
    with _lock:
        previous = _runtime
        if previous is not None and previous.config == config:
            return previous
        _log.set_debug(config.debug)
        _runtime = Runtime(config)
        _install_process_hooks()
    if previous is not None:
        # The old queue still holds spans for the old server; drain it off the caller's thread.
        threading.Thread(
            target=previous.processor.shutdown_with_timeout, args=(EXIT_FLUSH_TIMEOUT_S,), daemon=True
        ).start()
    # Configs and prompts: fetched at init on a daemon thread, never awaited here (SPEC §7.4).
    start_remote(RemoteSettings(config.api_key, config.configs_url, config.prompts_url, config.debug))
    _log.debug("initialised; traces → %s/v1/traces", config.traces_url)
    return _runtime


def flush(timeout: float) -> bool:
    runtime = _runtime
    return True if runtime is None else runtime.processor.flush(timeout)


def stop(timeout: float) -> None:
    global _runtime
    with _lock:
        runtime, _runtime = _runtime, None
    stop_remote()
    if runtime is not None:
        runtime.processor.shutdown_with_timeout(timeout)


def _flush_at_exit() -> None:
    runtime = _runtime
    if runtime is not None:
        runtime.processor.flush(EXIT_FLUSH_TIMEOUT_S)


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()  # another thread may have held it at the moment of the fork
    runtime = _runtime
    if runtime is not None:
        runtime.processor.after_fork_in_child()
    _log.reset_rate_limits()


def _install_process_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_flush_at_exit)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)


__all__ = ["Runtime", "current", "flush", "start", "stop"]
