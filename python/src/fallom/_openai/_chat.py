"""`chat.completions.create` / `parse`, plain and streamed (SPEC §2.5.1 chat streaming rules)."""

from __future__ import annotations

from typing import Any, Optional

from .. import _attributes as attr
from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._stream_tracing import patch_stream
from .._usage import openai_chat_usage
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
        return LlmCall.start(
            session,
            name=NAME,
            method=method,
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


def chat_create_factory(source: Any, original: Any) -> Any:
    provider, host = provider_of(original)
    is_async = is_async_method(original)

    def plan(kwargs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """(arguments to send, whether `include_usage` was injected)."""
        if kwargs.get("stream") is True and not _caller_set_include_usage(kwargs):
            return _with_usage_injected(kwargs), True
        return kwargs, False

    if is_async:

        async def create_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            send, injected = plan(kwargs)
            state: dict[str, Any] = {"injected": injected, "call": None}
            start = _start(session, kwargs, provider, host, NAME)

            def started() -> Optional[LlmCall]:
                state["call"] = start()
                return state["call"]  # type: ignore[no-any-return]

            async def invoke() -> Any:
                try:
                    return await original(*args, **send)
                except Exception as error:
                    if not (state["injected"] and _names_stream_options(error)):
                        raise
                state["injected"] = False
                _mark_no_stream_usage(state["call"])
                return await original(*args, **kwargs)

            return await run_async(started, invoke, lambda call, result: _finish(call, result, state, True))

        return create_async

    def create(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        send, injected = plan(kwargs)
        state: dict[str, Any] = {"injected": injected, "call": None}
        start = _start(session, kwargs, provider, host, NAME)

        def started() -> Optional[LlmCall]:
            state["call"] = start()
            return state["call"]  # type: ignore[no-any-return]

        def invoke() -> Any:
            try:
                return original(*args, **send)
            except Exception as error:
                if not (state["injected"] and _names_stream_options(error)):
                    raise
            # The provider rejects stream_options: retry once as the caller asked (SPEC §2.5.1 step 5).
            state["injected"] = False
            _mark_no_stream_usage(state["call"])
            return original(*args, **kwargs)

        return run_sync(started, invoke, lambda call, result: _finish(call, result, state, False))

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


def _finish(call: LlmCall, result: Any, state: dict[str, Any], is_async: bool) -> Any:
    if hasattr(result, "_iterator") and hasattr(result, "response") and not hasattr(result, "choices"):
        return patch_stream(result, call, ChatStreamAccumulator(bool(state["injected"])), is_async=is_async)
    return record_completion(call, result)


def record_completion(call: LlmCall, completion: Any) -> Any:
    """A whole `ChatCompletion` (or `ParsedChatCompletion`)."""
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
    call.end_ok()
    return completion


class _Choice:
    __slots__ = ("finish_reason", "reasoning", "refusal", "text", "tool_calls")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.refusal: list[str] = []
        self.reasoning: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: Optional[str] = None


class ChatStreamAccumulator:
    """Per choice index: text, refusal, reasoning, tool calls (arguments concatenated by `index`)."""

    def __init__(self, injected: bool) -> None:
        self.injected = injected
        self.choices: dict[int, _Choice] = {}
        self.id: Optional[str] = None
        self.model: Optional[str] = None
        self.usage: Any = None
        self.last_chunk: Any = None

    def add(self, chunk: Any) -> tuple[bool, bool]:
        # Runs once per chunk on the caller's thread: plain attribute reads, nothing allocated for a
        # chunk that only carries text.
        self.last_chunk = chunk
        if self.id is None:
            self.id = getattr(chunk, "id", None)
        model = getattr(chunk, "model", None)
        if model:
            self.model = model
        usage = getattr(chunk, "usage", None)
        if usage is not None:
            self.usage = usage
        choices = getattr(chunk, "choices", None)
        if not choices:
            # The usage-only chunk we asked for is consumed, not yielded.
            return False, not (self.injected and usage is not None)
        has_content = False
        for choice in choices:
            index = getattr(choice, "index", 0) or 0
            state = self.choices.get(index)
            if state is None:
                state = self.choices[index] = _Choice()
            reason = getattr(choice, "finish_reason", None)
            if reason:
                state.finish_reason = reason
            delta = getattr(choice, "delta", None)
            if delta is None:
                continue
            text = getattr(delta, "content", None)
            if text and isinstance(text, str):
                state.text.append(text)
                has_content = True
            refusal = getattr(delta, "refusal", None)
            if refusal and isinstance(refusal, str):
                state.refusal.append(refusal)
                has_content = True
            extra = getattr(delta, "model_extra", None)
            if extra:
                reasoning = extra.get("reasoning") or extra.get("reasoning_content")
                if reasoning and isinstance(reasoning, str):
                    state.reasoning.append(reasoning)
                    has_content = True
            tool_calls = getattr(delta, "tool_calls", None)
            if not tool_calls:
                continue
            for tool_call in tool_calls:
                has_content = True
                entry = state.tool_calls.setdefault(
                    getattr(tool_call, "index", 0) or 0,
                    {"id": None, "type": "function", "function": {"name": "", "arguments": ""}},
                )
                entry["id"] = entry["id"] or getattr(tool_call, "id", None)
                function = getattr(tool_call, "function", None)
                if function is not None:
                    entry["function"]["name"] += getattr(function, "name", None) or ""
                    entry["function"]["arguments"] += getattr(function, "arguments", None) or ""
        return has_content, True

    def record(self, call: LlmCall) -> None:
        ordered = [self.choices[index] for index in sorted(self.choices)]
        first = ordered[0] if ordered else None
        raw_response: dict[str, Any] = {
            "text": "".join(first.text) if first else "",
            "finishReason": first.finish_reason if first else None,
            "responseId": self.id,
            "model": self.model,
        }
        raw_response["toolCalls"] = (
            [first.tool_calls[i] for i in sorted(first.tool_calls)] if first and first.tool_calls else []
        )
        if first and first.refusal:
            raw_response["refusal"] = "".join(first.refusal)
        if first and first.reasoning:
            raw_response["reasoning"] = "".join(first.reasoning)
        if len(ordered) > 1:
            raw_response["choices"] = [
                {
                    "index": index,
                    "message": {
                        "role": "assistant",
                        "content": "".join(choice.text),
                        **(
                            {"tool_calls": [choice.tool_calls[i] for i in sorted(choice.tool_calls)]}
                            if choice.tool_calls
                            else {}
                        ),
                    },
                    "finish_reason": choice.finish_reason,
                }
                for index, choice in sorted(self.choices.items())
            ]
        call.record_response(
            response_model=self.model,
            response_id=self.id,
            finish_reasons=[choice.finish_reason for choice in ordered if choice.finish_reason],
            usage=openai_chat_usage(self.usage) if self.usage is not None else None,
            raw_usage=self.usage,
            raw_response={key: value for key, value in raw_response.items() if value is not None},
            extra=response_extras(self.last_chunk, self.usage),
        )
