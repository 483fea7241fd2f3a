"""A call's response attributes, built now or later (on the export thread) from the same fields.

Wrappers record a response through `record_response(...)` on whatever they are given: the running
`LlmCall`, or a `ResponseSink` when the response is recorded after the call ended (streams hand their
chunks to the export thread, which replays them into a sink when it builds the span).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional

from . import _attributes as attr
from . import _log
from ._capture import content_attribute
from ._jsonable import usage_json
from ._usage import Usage


def response_attributes(
    capture: bool,
    *,
    response_model: Optional[str] = None,
    response_id: Optional[str] = None,
    finish_reasons: Optional[Sequence[Optional[str]]] = None,
    usage: Optional[Usage] = None,
    raw_usage: Any = None,
    raw_response: Any = None,
    extra: Optional[Mapping[str, Any]] = None,
) -> dict[str, Any]:
    """The response attributes of a call (SPEC §6.1); content only when `capture` is on."""
    attributes: dict[str, Any] = {}
    if response_model:
        attributes[attr.RESPONSE_MODEL] = response_model
    if response_id:
        attributes[attr.RESPONSE_ID] = response_id
    reasons = [str(reason) for reason in (finish_reasons or []) if reason]
    if reasons:
        attributes[attr.RESPONSE_FINISH_REASONS] = reasons
    if usage is not None:
        for key, value in (
            (attr.USAGE_INPUT_TOKENS, usage.input_tokens),
            (attr.USAGE_OUTPUT_TOKENS, usage.output_tokens),
            (attr.USAGE_CACHE_READ_INPUT_TOKENS, usage.cache_read_tokens),
            (attr.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cache_write_tokens),
            (attr.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoning_tokens),
            (attr.USAGE_TOTAL_TOKENS, usage.total_tokens),
        ):
            if value is not None:
                attributes[key] = value
    if raw_usage is not None:
        attributes[attr.RAW_USAGE] = usage_json(raw_usage)
    raw = content_attribute(raw_response, capture)
    if raw is not None:
        attributes[attr.RAW_RESPONSE] = raw
    if extra:
        attributes.update({key: value for key, value in extra.items() if value is not None})
    return attributes


class ResponseSink:
    """Stands in for the `LlmCall` when a response is recorded after the call ended (on the export
    thread): the same `record_response` and `capture`, writing into its own dict."""

    __slots__ = ("attributes", "capture")

    def __init__(self, capture: bool) -> None:
        self.capture = capture
        self.attributes: dict[str, Any] = {}

    def record_response(self, **fields: Any) -> None:
        self.attributes.update(response_attributes(self.capture, **fields))


#: Records a call's response into the sink it is given (see `LlmCall.defer_response`).
ResponseBuilder = Callable[[ResponseSink], None]


def run_builder(builder: ResponseBuilder, sink: ResponseSink) -> None:
    """A failing builder records nothing (as a failing accumulator did on the caller's thread)."""
    try:
        builder(sink)
    except Exception as error:
        _log.debug("response record error (ignored): %r", error)
