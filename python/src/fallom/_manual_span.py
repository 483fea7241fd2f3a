"""Manual spans: `with session.span(name) as s` and the `fallom.wrap_traced` decorator (SPEC §2.6)."""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections.abc import Mapping
from typing import Any, Callable, Optional, TypeVar

from opentelemetry import context as otel_context
from opentelemetry import trace as otel_trace
from opentelemetry.context import Context
from opentelemetry.trace import NonRecordingSpan, SpanContext, Status, StatusCode, TraceFlags

from . import _attributes as attr
from . import _log, _runtime
from ._capture import content_value
from ._context import active_span
from ._errors import ConfigurationError
from ._jsonable import dumps, to_jsonable
from ._llm_call import describe_error

KINDS = ("custom", "tool", "retrieval", "preprocessing", "postprocessing")
#: `set()` keys that are content: sent only with capture on (SPEC §4.5).
CONTENT_KEYS = {"input": attr.INPUT, "output": attr.OUTPUT}
F = TypeVar("F", bound=Callable[..., Any])


def _explicit_parent(trace_id: Optional[str], parent_span_id: Optional[str]) -> Optional[Context]:
    if trace_id is None and parent_span_id is None:
        return None
    try:
        trace_int = int(trace_id or "", 16) if trace_id else None
        span_int = int(parent_span_id or "", 16) if parent_span_id else None
    except ValueError as error:
        raise ConfigurationError("trace_id and parent_span_id must be hex strings.") from error
    if trace_int is None:
        current = active_span.get()
        trace_int = current.get_span_context().trace_id if current is not None else None
    if trace_int is None or span_int is None:
        return None
    parent = NonRecordingSpan(SpanContext(trace_int, span_int, is_remote=True, trace_flags=TraceFlags(1)))
    return otel_trace.set_span_in_context(parent, Context())


class FallomSpan:
    """A span you open and close yourself. Inside `with`, wrapped LLM calls become its children.

    Example:
        >>> with session.span("retrieve", kind="retrieval") as span:
        ...     span.set({"documents": 3, "input": query})
    """

    def __init__(
        self,
        session: Any,
        name: str,
        kind: str = "custom",
        parent_span_id: Optional[str] = None,
        trace_id: Optional[str] = None,
    ) -> None:
        if kind not in KINDS:
            raise ConfigurationError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
        self.kind = kind
        self._ended = False
        self._lock = threading.Lock()
        self._token: Any = None
        runtime = _runtime.current()
        self._capture = bool(runtime and runtime.capture_for(session.capture_content))
        parent_context = _explicit_parent(trace_id, parent_span_id)
        if parent_context is None:
            current = active_span.get()
            parent_context = (
                otel_trace.set_span_in_context(current) if current else otel_context.get_current()
            )
        self._start_ns = time.time_ns()
        self._start_perf_ns = time.perf_counter_ns()
        if runtime is None:
            self._span: Any = otel_trace.INVALID_SPAN
        else:
            attributes = dict(session.span_attributes)
            attributes.update({attr.SPAN_TYPE: "manual", attr.KIND: kind, attr.METHOD: name})
            self._span = runtime.tracer.start_span(
                name, context=parent_context, attributes=attributes, start_time=self._start_ns
            )
        parent = otel_trace.get_current_span(parent_context).get_span_context()
        self.parent_span_id: Optional[str] = format(parent.span_id, "016x") if parent.is_valid else None

    @property
    def span_id(self) -> str:
        return format(self._span.get_span_context().span_id, "016x")

    @property
    def trace_id(self) -> str:
        return format(self._span.get_span_context().trace_id, "032x")

    def context(self) -> dict[str, str]:
        return {"trace_id": self.trace_id, "span_id": self.span_id}

    def set(self, attributes: Mapping[str, Any]) -> FallomSpan:
        """Merges attributes: primitives as they are, anything else JSON-encoded; `input`/`output` gated."""
        if self._ended:
            _log.warn("span.set() after end() is ignored.")
            return self
        try:
            for key, value in attributes.items():
                if key in CONTENT_KEYS:
                    encoded = content_value(value, self._capture)
                    if encoded is not None:
                        self._span.set_attribute(CONTENT_KEYS[key], encoded)
                elif isinstance(value, (str, bool, int, float)):
                    self._span.set_attribute(str(key), value)
                elif value is not None:
                    self._span.set_attribute(str(key), dumps(to_jsonable(value)))
        except Exception as error:
            _log.debug("span.set failed (ignored): %r", error)
        return self

    def set_error(self, error: BaseException) -> FallomSpan:
        try:
            error_type, message = describe_error(error)
            self._span.set_attribute(attr.ERROR_TYPE, error_type)
            self._span.set_status(Status(StatusCode.ERROR, message))
        except Exception as failure:
            _log.debug("span.set_error failed (ignored): %r", failure)
        return self

    def end(self) -> None:
        with self._lock:
            if self._ended:
                _log.warn("span.end() called twice; the span was exported once.")
                return
            self._ended = True
        try:
            self._span.end(end_time=self._start_ns + (time.perf_counter_ns() - self._start_perf_ns))
        except Exception as error:
            _log.debug("span.end failed (ignored): %r", error)

    def run(self, fn: Callable[[], Any]) -> Any:
        """Runs `fn` with this span active, so wrapped calls inside become its children."""
        token = active_span.set(self._span)
        try:
            return fn()
        finally:
            active_span.reset(token)

    def __enter__(self) -> FallomSpan:
        self._token = active_span.set(self._span)
        return self

    def __exit__(self, exc_type: Any, exc: Optional[BaseException], tb: Any) -> None:
        if self._token is not None:
            active_span.reset(self._token)
            self._token = None
        if exc is not None:
            self.set_error(exc)
        if not self._ended:
            self.end()


def wrap_traced(session: Any, name: str, kind: str = "custom") -> Callable[[F], F]:
    """Decorator: each call of the function is a manual span with its input, output and errors.

    Example:
        >>> @fallom.wrap_traced(session, "summarise")
        ... async def summarise(text: str) -> str: ...
    """
    if kind not in KINDS:
        raise ConfigurationError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")

    def decorate(fn: F) -> F:
        def describe_input(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            values = list(args) + list(kwargs.values())
            return values[0] if len(values) == 1 else values

        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def traced_async(*args: Any, **kwargs: Any) -> Any:
                with FallomSpan(session, name, kind=kind) as span:
                    span.set({"input": describe_input(args, kwargs)})
                    result = await fn(*args, **kwargs)
                    span.set({"output": result})
                    return result

            return traced_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def traced(*args: Any, **kwargs: Any) -> Any:
            with FallomSpan(session, name, kind=kind) as span:
                span.set({"input": describe_input(args, kwargs)})
                result = fn(*args, **kwargs)
                span.set({"output": result})
                return result

        return traced  # type: ignore[return-value]

    return decorate
