"""One traced provider request → one span (SPEC W5–W9). Shared by every wrapper, sync and async.

Every method is guarded: a bug here is logged in debug mode and swallowed, never raised into the
caller's code (SPEC W3). `end` runs at most once, whichever of completion, error, early close or
garbage collection comes first (it may run on the garbage collector's thread).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional, TypeVar

from opentelemetry import context as otel_context
from opentelemetry import trace as otel_trace
from opentelemetry.trace import SpanContext

from . import _attributes as attr
from . import _log, _runtime
from ._capture import content_attribute
from ._context import active_span, prompt_context
from ._provider import otel_provider_name
from ._response_sink import ResponseBuilder, response_attributes
from ._span_record import SpanRecord
from ._usage import Usage

MAX_ERROR_MESSAGE_CHARS = 2000

#: Request parameter name in the provider's API → `gen_ai.request.*` attribute (SPEC §6.1).
REQUEST_PARAMS = {
    "temperature": attr.REQUEST_TEMPERATURE,
    "top_p": attr.REQUEST_TOP_P,
    "top_k": attr.REQUEST_TOP_K,
    "max_tokens": attr.REQUEST_MAX_TOKENS,
    "max_completion_tokens": attr.REQUEST_MAX_TOKENS,
    "max_output_tokens": attr.REQUEST_MAX_TOKENS,
    "seed": attr.REQUEST_SEED,
    "stop": attr.REQUEST_STOP_SEQUENCES,
    "stop_sequences": attr.REQUEST_STOP_SEQUENCES,
    "frequency_penalty": attr.REQUEST_FREQUENCY_PENALTY,
    "presence_penalty": attr.REQUEST_PRESENCE_PENALTY,
}

F = TypeVar("F", bound=Callable[..., Any])


def guarded(method: F) -> F:
    """SDK bookkeeping never breaks the host app: errors are logged (debug) and swallowed."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except Exception as error:
            _log.debug("tracing error in %s (ignored): %r", method.__name__, error)
            return None

    return wrapper  # type: ignore[return-value]


def request_param_attributes(params: Mapping[str, Any]) -> dict[str, Any]:
    """The §6.1 request parameters present in `params`, as span attribute values."""
    out: dict[str, Any] = {}
    for name, key in REQUEST_PARAMS.items():
        if name not in params:
            continue
        value = params[name]
        if value is None or type(value).__name__ in ("NotGiven", "Omit"):
            continue
        if isinstance(value, str):
            value = [value] if key == attr.REQUEST_STOP_SEQUENCES else value
        elif isinstance(value, (list, tuple)):
            value = [str(item) for item in value]
        elif not isinstance(value, (bool, int, float)):
            continue
        out.setdefault(key, value)
    return out


class SessionLike:
    """What a call needs from a session: its span attributes and its capture override."""

    span_attributes: Mapping[str, Any]
    llm_attributes: Mapping[str, Any]
    capture_content: Optional[bool]


class LlmCall:
    """A running provider request. Create with `LlmCall.start`, which returns None when untraced.

    It records into a plain `SpanRecord` (see there for why); the record goes to the export queue
    when the call ends and is never touched by this object again."""

    __slots__ = ("_ended", "_first_token_ns", "_lock", "_pending", "_start_perf_ns", "capture", "record")

    def __init__(self, record: SpanRecord, capture: bool, start_perf_ns: int) -> None:
        self.record = record
        self.capture = capture
        self._start_perf_ns = start_perf_ns
        self._first_token_ns: Optional[int] = None
        self._ended = False
        self._lock = threading.Lock()
        self._pending: Optional[ResponseBuilder] = None

    @staticmethod
    def start(
        session: SessionLike,
        *,
        name: str,
        operation: str,
        provider: str,
        request_model: Optional[str],
        stream: bool,
        params: Mapping[str, Any],
        raw_request: Any,
        server_address: Optional[str] = None,
        kind: str = "llm",
        method: Optional[str] = None,
        tools: Any = None,
    ) -> Optional[LlmCall]:
        """Starts the span just before the provider call (SPEC W5); None before init / after shutdown."""
        runtime = _runtime.current()
        if runtime is None:
            return None
        try:
            capture = runtime.capture_for(session.capture_content)
            attributes: dict[str, Any] = dict(session.span_attributes)
            attributes.update(session.llm_attributes)
            linked = prompt_context.get()
            if linked and attr.PROMPT_KEY not in attributes:
                attributes.update(linked)
            attributes[attr.METHOD] = method or name
            attributes[attr.KIND] = kind
            attributes[attr.OPERATION_NAME] = operation
            attributes[attr.PROVIDER_NAME] = otel_provider_name(provider)
            attributes[attr.REQUEST_STREAM] = stream
            if request_model:
                attributes[attr.REQUEST_MODEL] = request_model
            if server_address:
                attributes[attr.SERVER_ADDRESS] = server_address
            attributes.update(request_param_attributes(params))
            names = tool_names(tools)
            if names:
                attributes[attr.TOOL_NAMES] = names
            raw = content_attribute(raw_request, capture)
            if raw is not None:
                attributes[attr.RAW_REQUEST] = raw
            # Our active span, else the user's active OpenTelemetry span (in the current context),
            # else a new root: the same parenting as the TypeScript SDK.
            valid_parent = _parent_span_context()
            record = SpanRecord(runtime, name, valid_parent, attributes, time.time_ns(), capture)
            return LlmCall(record, capture, time.perf_counter_ns())
        except Exception as error:
            _log.debug("could not start a span (call runs untraced): %r", error)
            return None

    def first_token(self) -> None:
        """W9: the first chunk that carries content; later calls are ignored. Not `guarded`: it runs
        per chunk and cannot fail."""
        if self._first_token_ns is None:
            self._first_token_ns = time.perf_counter_ns()

    def set_attribute(self, key: str, value: Any) -> None:
        with self._lock:
            if not self._ended:  # an ended call's record belongs to the export queue
                self.record.attributes[key] = value

    @guarded
    def record_response(
        self,
        *,
        response_model: Optional[str] = None,
        response_id: Optional[str] = None,
        finish_reasons: Optional[Sequence[Optional[str]]] = None,
        usage: Optional[Usage] = None,
        raw_usage: Any = None,
        raw_response: Any = None,
        extra: Optional[Mapping[str, Any]] = None,
    ) -> None:
        """What every wrapper records after the call; content only when capture is on."""
        attributes = response_attributes(
            self.capture,
            response_model=response_model,
            response_id=response_id,
            finish_reasons=finish_reasons,
            usage=usage,
            raw_usage=raw_usage,
            raw_response=raw_response,
            extra=extra,
        )
        with self._lock:
            if not self._ended:  # an ended call's record belongs to the export queue
                self.record.attributes.update(attributes)

    def defer_response(self, builder: ResponseBuilder) -> None:
        """Records the response on the export thread instead of now: `builder` gets a `ResponseSink`
        when the span is built (`SpanRecord.defer`). Call right before ending the call; whatever
        `builder` reads must not change afterwards (pass a snapshot)."""
        with self._lock:
            if not self._ended:
                self._pending = builder

    def end_ok(self, *, cancelled: bool = False, incomplete: bool = False) -> None:
        self._end(None, cancelled=cancelled, incomplete=incomplete)

    def end_error(self, error: BaseException) -> None:
        error_type, message = describe_error(error)
        status_code = http_status_of(error)
        self._end((str(status_code) if status_code is not None else error_type, message, status_code))

    def end_failed(self, error_type: str, message: str) -> None:
        """An error the provider reported inside an otherwise readable stream (e.g. `response.failed`)."""
        self._end((error_type, message[:MAX_ERROR_MESSAGE_CHARS], None))

    @property
    def ended(self) -> bool:
        return self._ended

    def _end(
        self,
        error: Optional[tuple[str, str, Optional[int]]],
        *,
        cancelled: bool = False,
        incomplete: bool = False,
    ) -> None:
        # Guarded as `guarded` does, but inline: one call less on every traced call's path.
        try:
            with self._lock:
                if self._ended:
                    return
                self._ended = True
            record = self.record
            attributes = record.attributes
            if self._pending is not None:
                record.defer(self._pending)
                self._pending = None
            first_token_ns = self._first_token_ns
            if first_token_ns is not None:
                attributes[attr.RESPONSE_TIME_TO_FIRST_CHUNK] = (first_token_ns - self._start_perf_ns) / 1e9
            if cancelled:
                attributes[attr.STREAM_CANCELLED] = True
            if incomplete:
                attributes[attr.STREAM_INCOMPLETE] = True
            if error is not None:
                error_type, message, status_code = error
                attributes[attr.ERROR_TYPE] = error_type
                if status_code is not None:
                    attributes[attr.HTTP_STATUS_CODE] = status_code
                record.error_message = message
            # Duration from the monotonic clock (W5), anchored at the wall-clock start.
            record.end_ns = record.start_ns + (time.perf_counter_ns() - self._start_perf_ns)
            record.runtime.processor.on_end(record)
        except Exception as failure:
            _log.debug("tracing error in _end (ignored): %r", failure)


def _parent_span_context() -> Optional[SpanContext]:
    """Our active span's context, else the user's current OpenTelemetry span's, when valid. An empty
    OTel context (no user span: the usual case) skips `get_current_span`'s layers of calls."""
    span = active_span.get()
    if span is None:
        current = otel_context.get_current()
        if not current:
            return None
        span = otel_trace.get_current_span(current)
    parent = span.get_span_context()
    return parent if parent.is_valid else None


def http_status_of(error: BaseException) -> Optional[int]:
    """The HTTP status of a provider error (`status_code`: OpenAI, Anthropic; `code`: google-genai)."""
    for name in ("status_code", "code"):
        value = getattr(error, name, None)
        if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
            return value
    return None


def tool_names(tools: Any) -> list[str]:
    """Names of offered tools: OpenAI `{function: {name}}` or `{name}`, Anthropic `{name}`."""
    if not isinstance(tools, (list, tuple)):
        return []
    names: list[str] = []
    for tool in tools:
        if isinstance(tool, dict):
            function = tool.get("function")
            name = function.get("name") if isinstance(function, dict) else tool.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def describe_error(error: BaseException) -> tuple[str, str]:
    """`error.type` (the exception class) and the message, at most 2,000 characters (SPEC W6)."""
    message = str(error) or type(error).__name__
    if len(message) > MAX_ERROR_MESSAGE_CHARS:
        message = message[: MAX_ERROR_MESSAGE_CHARS - 1] + "…"
    return type(error).__name__, message
