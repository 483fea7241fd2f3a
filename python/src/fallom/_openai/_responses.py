"""`responses.create`, plain and streamed (SPEC §2.5.1 Responses streaming: no injection)."""

from __future__ import annotations

from typing import Any, Optional

from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._stream_tracing import patch_stream
from .._usage import openai_responses_usage
from ._common import pick, provider_of, response_extras

NAME = "responses.create"
REQUEST_CONTENT_KEYS = (
    "model",
    "input",
    "instructions",
    "tools",
    "temperature",
    "max_output_tokens",
    "top_p",
    "store",
    "metadata",
)
#: Stream events whose arrival is the first token (W9).
CONTENT_EVENTS = frozenset(
    {
        "response.output_text.delta",
        "response.refusal.delta",
        "response.reasoning_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning.delta",
        "response.reasoning_summary.delta",
        "response.function_call_arguments.delta",
    }
)


def responses_create_factory(source: Any, original: Any) -> Any:
    provider, host = provider_of(original)
    is_async = is_async_method(original)

    def starter(session: Any, kwargs: dict[str, Any]) -> Any:
        def start() -> Optional[LlmCall]:
            return LlmCall.start(
                session,
                name=NAME,
                operation="chat",
                provider=provider,
                request_model=kwargs.get("model") if isinstance(kwargs.get("model"), str) else None,
                stream=kwargs.get("stream") is True,
                params=kwargs,
                raw_request=pick(kwargs, REQUEST_CONTENT_KEYS),
                server_address=host,
                tools=kwargs.get("tools"),
            )

        return start

    def finish(call: LlmCall, result: Any) -> Any:
        if hasattr(result, "_iterator") and hasattr(result, "response") and not hasattr(result, "output"):
            return patch_stream(result, call, ResponsesStreamAccumulator(), is_async=is_async)
        record_response(call, result)
        call.end_ok()
        return result

    if is_async:

        async def create_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            return await run_async(starter(session, kwargs), lambda: original(*args, **kwargs), finish)

        return create_async

    def create(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        return run_sync(starter(session, kwargs), lambda: original(*args, **kwargs), finish)

    return create


def record_response(call: LlmCall, response: Any) -> None:
    """A whole `Response` object (plain result, or the one in `response.completed`)."""
    usage = getattr(response, "usage", None)
    status = getattr(response, "status", None)
    try:
        text = response.output_text
    except Exception:
        text = None
    incomplete = getattr(getattr(response, "incomplete_details", None), "reason", None)
    call.record_response(
        response_model=getattr(response, "model", None),
        response_id=getattr(response, "id", None),
        finish_reasons=[incomplete or status] if (incomplete or status) else [],
        usage=openai_responses_usage(usage) if usage is not None else None,
        raw_usage=usage,
        raw_response={
            "responseId": getattr(response, "id", None),
            "model": getattr(response, "model", None),
            "status": status,
            "output": to_jsonable(getattr(response, "output", None)) or [],
            "text": text,
        },
        extra=response_extras(response, usage),
    )


class ResponsesStreamAccumulator:
    """Final data comes from `response.completed` / `.incomplete` / `.failed`; `error` events fail."""

    def __init__(self) -> None:
        self.final: Any = None
        self.failure: Optional[tuple[str, str]] = None

    def add(self, event: Any) -> tuple[bool, bool]:
        kind = getattr(event, "type", None)
        if kind in CONTENT_EVENTS:
            return True, True
        if kind in ("response.completed", "response.incomplete", "response.failed"):
            self.final = getattr(event, "response", None)
            if kind == "response.failed":
                error = getattr(self.final, "error", None)
                self.failure = ("response.failed", str(getattr(error, "message", None) or "response failed"))
        elif kind == "error":
            self.failure = (
                str(getattr(event, "code", None) or "error"),
                str(getattr(event, "message", None) or "stream error"),
            )
        return False, True

    def record(self, call: LlmCall) -> None:
        if self.final is not None:
            record_response(call, self.final)
