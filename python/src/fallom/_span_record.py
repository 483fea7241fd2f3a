"""A finished provider-call span as plain data; it becomes an OpenTelemetry `ReadableSpan` on the
export thread.

Why not the OTel SDK's `Span` on the caller's thread: creating one and validating ~30 attributes on
start and on every `set_attribute` was about half of the SDK's added latency per call. A call now
fills a dict and this record; ids, `SpanContext`, attribute validation (`BoundedAttributes`, the
same limits) and the `ReadableSpan` are built by the export worker, so the exported span is the one
the OTel SDK would have produced: same parenting, ids, flags, trace state, attributes and status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from opentelemetry.attributes import BoundedAttributes
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanContext, SpanKind, Status, StatusCode, TraceFlags

from ._response_sink import ResponseBuilder, ResponseSink, run_builder

if TYPE_CHECKING:
    from ._runtime import Runtime

_UNSET_STATUS = Status(StatusCode.UNSET)


class SpanRecord:
    """Name, parent, times, attributes and status of one span; `readable()` builds it once."""

    __slots__ = (
        "_readable",
        "attributes",
        "capture",
        "end_ns",
        "error_message",
        "name",
        "parent",
        "pending",
        "pending_at",
        "runtime",
        "start_ns",
    )

    def __init__(
        self,
        runtime: Runtime,
        name: str,
        parent: Optional[SpanContext],
        attributes: dict[str, Any],
        start_ns: int,
        capture: bool = False,
    ) -> None:
        self.runtime = runtime
        self.name = name
        #: The parent's span context when valid (our active span or the user's OTel span), else None.
        self.parent = parent
        self.attributes = attributes
        self.start_ns = start_ns
        self.end_ns = start_ns
        #: None = status unset; a string = ERROR with that description.
        self.error_message: Optional[str] = None
        #: Content capture of the call (for a pending response).
        self.capture = capture
        #: A response still to record, on the export thread: see `defer`.
        self.pending: Optional[ResponseBuilder] = None
        self.pending_at = 0
        self._readable: Optional[ReadableSpan] = None

    def defer(self, builder: ResponseBuilder) -> None:
        """Keeps `builder` to run on the export thread when the span is built, its attributes placed
        where the response's would have been (after those set so far), so the exported span is the
        same, attribute order included. Called by the ending call, before the record is queued."""
        self.pending = builder
        self.pending_at = len(self.attributes)

    def readable(self) -> ReadableSpan:
        """The OTel span, built on first use and kept, so a resend after a failed export carries the
        same ids (the server deduplicates on them)."""
        if self._readable is None:
            self._readable = self._build()
        return self._readable

    def build_pending(self) -> None:
        """Runs the pending response builder (export thread, once) and drops what it held."""
        builder = self.pending
        if builder is None:
            return
        self.pending = None
        sink = ResponseSink(self.capture)
        run_builder(builder, sink)
        if sink.attributes:
            items = list(self.attributes.items())
            merged = dict(items[: self.pending_at])
            merged.update(sink.attributes)
            merged.update(items[self.pending_at :])
            self.attributes = merged

    def _build(self) -> ReadableSpan:
        self.build_pending()
        # The same steps as the OTel SDK's `Tracer.start_span` with our ALWAYS_ON sampler.
        runtime = self.runtime
        tracer: Any = runtime.tracer
        id_generator = tracer.id_generator
        parent = self.parent
        if parent is None:
            trace_id = id_generator.generate_trace_id()
            random_trace_id = id_generator.is_trace_id_random()
            trace_state = None
        else:
            trace_id = parent.trace_id
            random_trace_id = parent.trace_flags.random_trace_id
            trace_state = parent.trace_state
        flags = TraceFlags.SAMPLED | (TraceFlags.RANDOM_TRACE_ID if random_trace_id else 0)
        context = SpanContext(
            trace_id,
            id_generator.generate_span_id(),
            is_remote=False,
            trace_flags=TraceFlags(flags),
            trace_state=trace_state,
        )
        limits = tracer._span_limits
        attributes = BoundedAttributes(
            limits.max_span_attributes,
            self.attributes,
            immutable=True,
            max_value_len=limits.max_span_attribute_length,
        )
        status = _UNSET_STATUS if self.error_message is None else Status(StatusCode.ERROR, self.error_message)
        return ReadableSpan(
            name=self.name,
            context=context,
            parent=parent,
            resource=tracer.resource,
            attributes=attributes,
            kind=SpanKind.CLIENT,
            status=status,
            start_time=self.start_ns,
            end_time=self.end_ns,
            instrumentation_info=tracer.instrumentation_info,
            instrumentation_scope=tracer._instrumentation_scope,
        )


#: What the export queue holds: our records, and the OTel SDK's spans (manual spans).
Exportable = Union["SpanRecord", ReadableSpan]


def readable_span(item: Exportable) -> ReadableSpan:
    """What the exporter encodes: a record's built span, or an OTel span (manual spans) as is."""
    return item.readable() if isinstance(item, SpanRecord) else item
