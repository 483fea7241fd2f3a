"""`chat.completions.create` / `parse`, plain and streamed (SPEC §2.5.1 chat streaming rules)."""

from __future__ import annotations

from typing import Any, Optional

from .. import _attributes as attr
from .. import _log
from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._context import llm_call_active
from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._stream_tracing import patch_stream
from .._usage import openai_chat_usage
from ._chat_stream import ChatStreamAccumulator
from ._common import pick, provider_of, response_extras

NAME = "chat.completions.create"
REQUEST_CONTENT_KEYS = ("messages", "model", "tools", "tool_choice", "functions", "function_call")


def _caller_set_include_usage(kwargs: dict[str, Any]) -> bool:
    options = kwargs.get("stream_options")
    return isinstance(options, dict) and "include_usage" in options


def _with_usage_injected(kwargs: dict[str, Any]) -> dict[str, Any]:
    options = kwargs.get("stream_options")
    merged = dict(options) if isinstance(options, dict) else {}
    merged["include_usage"] = True
    return {**kwargs, "stream_options": merged}


def _names_stream_options(error: BaseException) -> bool:
    return getattr(error, "status_code", None) == 400 and "stream_options" in str(error)


def _start(session: Any, kwargs: dict[str, Any], provider: str, host: Optional[str], method: str) -> Any:
    def start() -> Optional[LlmCall]:
        return _start_call(session, kwargs, provider, host, method)

    return start


def _start_call(
    session: Any, kwargs: dict[str, Any], provider: str, host: Optional[str], method: str
) -> Optional[LlmCall]:
    model = kwargs.get("model")
    return LlmCall.start(
        session,
        name=NAME,
        method=method,
        operation="chat",
        provider=provider,
        request_model=model if isinstance(model, str) else None,
        stream=kwargs.get("stream") is True,
        params=kwargs,
        raw_request=pick(kwargs, REQUEST_CONTENT_KEYS),
        server_address=host,
        tools=kwargs.get("tools"),
    )


def chat_create_factory(source: Any, original: Any) -> Any:
    """`create` with few layers per call: no per-call closures, `run_sync` / `run_async` inlined.
    Why: on a call's path each Python-level call costs 5–10× what a warm micro-benchmark shows (the
    provider SDK's work in between evicts ours from the CPU caches; measured in situ, session 5 of
    bench/python-usage-floor.py), so layers matter more than their instruction count suggests."""
    provider, host = provider_of(original)

    def injects(kwargs: dict[str, Any]) -> bool:
        """Whether to inject `include_usage` (SPEC §2.5.1 rule 1)."""
        return kwargs.get("stream") is True and not _caller_set_include_usage(kwargs)

    if is_async_method(original):

        async def invoke_async(
            args: tuple[Any, ...], kwargs: dict[str, Any], injected: bool, call: Optional[LlmCall]
        ) -> tuple[Any, bool]:
            """(result, whether the sent request still carries the injected option)."""
            if not injected:
                return await original(*args, **kwargs), False
            try:
                return await original(*args, **_with_usage_injected(kwargs)), True
            except Exception as error:
                if not _names_stream_options(error):
                    raise
            _mark_no_stream_usage(call)
            return await original(*args, **kwargs), False

        async def create_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            injected = injects(kwargs)
            call = _start_call(session, kwargs, provider, host, NAME)
            if call is None:
                return (await invoke_async(args, kwargs, injected, None))[0]
            token = llm_call_active.set(True)
            try:
                result, injected = await invoke_async(args, kwargs, injected, call)
            except BaseException as error:
                call.end_error(error)
                raise
            finally:
                llm_call_active.reset(token)
            return _finish_now(call, result, injected, True)

        return create_async

    def invoke(
        args: tuple[Any, ...], kwargs: dict[str, Any], injected: bool, call: Optional[LlmCall]
    ) -> tuple[Any, bool]:
        """(result, whether the sent request still carries the injected option)."""
        if not injected:
            return original(*args, **kwargs), False
        try:
            return original(*args, **_with_usage_injected(kwargs)), True
        except Exception as error:
            if not _names_stream_options(error):
                raise
        # The provider rejects stream_options: retry once as the caller asked (SPEC §2.5.1 step 5).
        _mark_no_stream_usage(call)
        return original(*args, **kwargs), False

    def create(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        injected = injects(kwargs)
        call = _start_call(session, kwargs, provider, host, NAME)
        if call is None:
            return invoke(args, kwargs, injected, None)[0]
        token = llm_call_active.set(True)
        try:
            result, injected = invoke(args, kwargs, injected, call)
        except BaseException as error:
            call.end_error(error)
            raise
        finally:
            llm_call_active.reset(token)
        return _finish_now(call, result, injected, False)

    return create


def chat_parse_factory(source: Any, original: Any) -> Any:
    """`parse` posts the request itself (it does not route through `create`), so it is traced here."""
    provider, host = provider_of(original)
    method = "chat.completions.parse"
    if is_async_method(original):

        async def parse_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            return await run_async(
                _start(session, kwargs, provider, host, method),
                lambda: original(*args, **kwargs),
                record_completion,
            )

        return parse_async

    def parse(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        return run_sync(
            _start(session, kwargs, provider, host, method),
            lambda: original(*args, **kwargs),
            record_completion,
        )

    return parse


def _mark_no_stream_usage(call: Optional[LlmCall]) -> None:
    if call is not None:
        call.set_attribute(attr.STREAM_USAGE, False)


def _finish_now(call: LlmCall, result: Any, injected: bool, is_async: bool) -> Any:
    """`finish_result` with `_finish`, without a closure per call."""
    try:
        returned = _finish(call, result, injected, is_async)
        return returned if returned is not None else result
    except Exception as error:
        _log.debug("could not record the response (ignored): %r", error)
        call.end_ok()
        return result


def _finish(call: LlmCall, result: Any, injected: bool, is_async: bool) -> Any:
    if hasattr(result, "_iterator") and hasattr(result, "response") and not hasattr(result, "choices"):
        return patch_stream(result, call, ChatStreamAccumulator(injected), is_async=is_async)
    return record_completion(call, result)


def record_completion(call: LlmCall, completion: Any) -> Any:
    """A whole `ChatCompletion` (or `ParsedChatCompletion`). With one choice (the usual case) its
    response attributes are built on the export thread from a `_CompletionSnapshot`."""
    try:
        snapshot = _CompletionSnapshot.of(completion)
    except Exception as error:
        _log.debug("could not snapshot the completion (recorded now): %r", error)
        snapshot = None
    if snapshot is None:
        _record_completion_now(call, completion)
    else:
        call.defer_response(snapshot.record)
    call.end_ok()
    return completion


class _CompletionSnapshot:
    """What `record` needs from a one-choice completion, read now: strings, numbers, the tool calls
    already as JSON values, and the `usage` object (read later; nothing mutates usage). Not the
    completion itself, which the caller may change (e.g. `message.content`) before the export."""

    __slots__ = (
        "finish_reason",
        "function_call",
        "id",
        "model",
        "refusal",
        "service_tier",
        "system_fingerprint",
        "text",
        "tool_calls",
        "usage",
    )

    def __init__(self, completion: Any, first: Any) -> None:
        message = getattr(first, "message", None)
        self.text: Any = getattr(message, "content", None)
        self.refusal: Any = getattr(message, "refusal", None)
        tool_calls = getattr(message, "tool_calls", None)
        self.tool_calls: Any = to_jsonable(tool_calls) if tool_calls is not None else None
        function_call = getattr(message, "function_call", None)
        self.function_call: Any = to_jsonable(function_call) if function_call is not None else None
        self.finish_reason: Any = getattr(first, "finish_reason", None)
        self.id: Any = getattr(completion, "id", None)
        self.model: Any = getattr(completion, "model", None)
        self.usage: Any = getattr(completion, "usage", None)
        self.system_fingerprint: Any = getattr(completion, "system_fingerprint", None)
        self.service_tier: Any = getattr(completion, "service_tier", None)

    @staticmethod
    def of(completion: Any) -> Optional[_CompletionSnapshot]:
        """None for several choices (recorded now, with each choice's whole message)."""
        choices = getattr(completion, "choices", None) or []
        if len(choices) > 1:
            return None
        return _CompletionSnapshot(completion, choices[0] if choices else None)

    def record(self, call: Any) -> None:
        """Into a `ResponseSink` on the export thread: the same fields `_record_completion_now` writes."""
        raw_response: dict[str, Any] = {
            "text": self.text,
            "finishReason": self.finish_reason,
            "responseId": self.id,
            "model": self.model,
            "toolCalls": self.tool_calls or [],
            "functionCall": self.function_call,
        }
        if self.refusal:
            raw_response["refusal"] = self.refusal
        usage = self.usage
        call.record_response(
            response_model=self.model,
            response_id=self.id,
            finish_reasons=[self.finish_reason],  # None is dropped, as for a completion without choices
            usage=openai_chat_usage(usage) if usage is not None else None,
            raw_usage=usage,
            raw_response={key: value for key, value in raw_response.items() if value is not None},
            extra=response_extras(self, usage),
        )


def _record_completion_now(call: LlmCall, completion: Any) -> None:
    choices = list(getattr(completion, "choices", None) or [])
    usage = getattr(completion, "usage", None)
    first = choices[0] if choices else None
    message = getattr(first, "message", None)
    raw_response: dict[str, Any] = {
        "text": getattr(message, "content", None),
        "finishReason": getattr(first, "finish_reason", None),
        "responseId": getattr(completion, "id", None),
        "model": getattr(completion, "model", None),
        "toolCalls": to_jsonable(getattr(message, "tool_calls", None)) or [],
        "functionCall": to_jsonable(getattr(message, "function_call", None)),
    }
    refusal = getattr(message, "refusal", None)
    if refusal:
        raw_response["refusal"] = refusal
    if len(choices) > 1:
        raw_response["choices"] = [
            {
                "index": getattr(choice, "index", i),
                "message": to_jsonable(getattr(choice, "message", None)),
                "finish_reason": getattr(choice, "finish_reason", None),
            }
            for i, choice in enumerate(choices)
        ]
    call.record_response(
        response_model=getattr(completion, "model", None),
        response_id=getattr(completion, "id", None),
        finish_reasons=[getattr(choice, "finish_reason", None) for choice in choices],
        usage=openai_chat_usage(usage) if usage is not None else None,
        raw_usage=usage,
        raw_response={key: value for key, value in raw_response.items() if value is not None},
        extra=response_extras(completion, usage),
    )
