"""`messages.create` (plain and `stream=True`) and `messages.stream()` (SPEC §2.5.2)."""

from __future__ import annotations

from typing import Any, Optional

from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._provider import host_of
from .._stream_tracing import patch_stream
from .._usage import anthropic_usage

PROVIDER = "anthropic"
REQUEST_CONTENT_KEYS = ("messages", "system", "model", "tools", "tool_choice")
_USAGE_FIELDS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
    "server_tool_use",
    "service_tier",
)


def server_host(method: Any) -> Optional[str]:
    """`server.address`: the host of the bound method's client `base_url` (as for OpenAI)."""
    client = getattr(getattr(method, "__self__", None), "_client", None)
    return host_of(getattr(client, "base_url", "")) if client is not None else None


def _start(session: Any, name: str, kwargs: dict[str, Any], stream: bool, host: Optional[str] = None) -> Any:
    def start() -> Optional[LlmCall]:
        return LlmCall.start(
            session,
            name=name,
            operation="chat",
            provider=PROVIDER,
            request_model=kwargs.get("model") if isinstance(kwargs.get("model"), str) else None,
            stream=stream,
            server_address=host,
            params=kwargs,
            tools=kwargs.get("tools"),
            raw_request={
                key: kwargs[key]
                for key in REQUEST_CONTENT_KEYS
                if key in kwargs and type(kwargs[key]).__name__ not in ("NotGiven", "Omit")
            },
        )

    return start


def messages_create_factory(source: Any, original: Any) -> Any:
    is_async = is_async_method(original)
    host = server_host(original)

    def finish(call: LlmCall, result: Any) -> Any:
        if hasattr(result, "_iterator") and hasattr(result, "response") and not hasattr(result, "content"):
            return patch_stream(result, call, MessageStreamAccumulator(), is_async=is_async)
        record_message(call, result)
        call.end_ok()
        return result

    if is_async:

        async def create_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            start = _start(session, "messages.create", kwargs, kwargs.get("stream") is True, host)
            return await run_async(start, lambda: original(*args, **kwargs), finish)

        return create_async

    def create(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        start = _start(session, "messages.create", kwargs, kwargs.get("stream") is True, host)
        return run_sync(start, lambda: original(*args, **kwargs), finish)

    return create


def messages_stream_factory(source: Any, original: Any) -> Any:
    """The manager is ours; what `with` yields is the SDK's own `MessageStream`, traced once."""
    host = server_host(original)

    def stream(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        manager = original(*args, **kwargs)
        if session is None:
            return manager
        return TracedMessageStreamManager(manager, _start(session, "messages.stream", kwargs, True, host))

    return stream


class TracedMessageStreamManager:
    """Starts the span when the request is made (`__enter__`), ends it with the stream."""

    def __init__(self, manager: Any, start: Any) -> None:
        self._manager = manager
        self._start = start

    def __getattr__(self, name: str) -> Any:
        return getattr(self._manager, name)

    def __enter__(self) -> Any:
        return run_sync(self._start, self._manager.__enter__, self._attach(False))

    def __exit__(self, *exc: Any) -> Any:
        return self._manager.__exit__(*exc)

    async def __aenter__(self) -> Any:
        return await run_async(self._start, self._manager.__aenter__, self._attach(True))

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._manager.__aexit__(*exc)

    @staticmethod
    def _attach(is_async: bool) -> Any:
        def attach(call: LlmCall, message_stream: Any) -> Any:
            return patch_stream(message_stream, call, MessageStreamAccumulator(), is_async=is_async)

        return attach


def _usage_dict(usage: Any) -> dict[str, Any]:
    data = to_jsonable(usage)
    return {key: data[key] for key in _USAGE_FIELDS if isinstance(data, dict) and data.get(key) is not None}


def _response_payload(
    message_id: Any, model: Any, stop_reason: Any, content: list[dict[str, Any]]
) -> dict[str, Any]:
    text = "".join(block.get("text", "") for block in content if block.get("type") == "text")
    tool_calls = [
        {"id": block.get("id"), "name": block.get("name"), "arguments": block.get("input")}
        for block in content
        if block.get("type") in ("tool_use", "server_tool_use")
    ]
    payload = {
        "text": text,
        "finishReason": stop_reason,
        "responseId": message_id,
        "model": model,
        "toolCalls": tool_calls,
        "content": content,
    }
    return {key: value for key, value in payload.items() if value is not None}


def record_message(call: LlmCall, message: Any) -> None:
    usage = _usage_dict(getattr(message, "usage", None))
    content = to_jsonable(getattr(message, "content", None)) or []
    stop_reason = getattr(message, "stop_reason", None)
    call.record_response(
        response_model=getattr(message, "model", None),
        response_id=getattr(message, "id", None),
        finish_reasons=[stop_reason] if stop_reason else [],
        usage=anthropic_usage(usage) if usage else None,
        raw_usage=usage or None,
        raw_response=_response_payload(
            getattr(message, "id", None), getattr(message, "model", None), stop_reason, content
        ),
    )


class MessageStreamAccumulator:
    """Raw stream events: `message_start` usage, then `message_delta` overrides field by field.

    Text and thinking deltas are kept as pieces per block (joined once, not re-concatenated per
    event); `record` runs on the export thread, on a `snapshot` (see `_stream_tracing`)."""

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.model: Optional[str] = None
        self.stop_reason: Optional[str] = None
        self.usage: dict[str, Any] = {}
        self.blocks: dict[int, dict[str, Any]] = {}
        #: Per block index: "text" / "thinking" → pieces, in the order the fields first arrived.
        self.pieces: dict[int, dict[str, list[str]]] = {}
        self.json_parts: dict[int, list[str]] = {}

    def add(self, event: Any) -> tuple[bool, bool]:
        kind = getattr(event, "type", None)
        if kind == "message_start":
            message = getattr(event, "message", None)
            self.id = getattr(message, "id", None)
            self.model = getattr(message, "model", None)
            self.usage.update(_usage_dict(getattr(message, "usage", None)))
        elif kind == "content_block_start":
            block = to_jsonable(getattr(event, "content_block", None))
            if isinstance(block, dict):
                index = getattr(event, "index", len(self.blocks))
                self.blocks[index] = block
                self.pieces.pop(index, None)  # a restarted block starts over, as its dict does
        elif kind == "content_block_delta":
            return self._delta(getattr(event, "index", 0), getattr(event, "delta", None)), True
        elif kind == "message_delta":
            self.stop_reason = getattr(getattr(event, "delta", None), "stop_reason", None) or self.stop_reason
            self.usage.update(_usage_dict(getattr(event, "usage", None)))
        return False, True

    def _delta(self, index: int, delta: Any) -> bool:
        block = self.blocks.setdefault(index, {"type": "text", "text": ""})
        kind = getattr(delta, "type", None)
        if kind == "text_delta" or kind == "thinking_delta":
            field = "text" if kind == "text_delta" else "thinking"
            fields = self.pieces.setdefault(index, {})
            pieces = fields.get(field)
            if pieces is None:
                # `+ ""`: a non-string start value fails here, on every delta, as concatenating did.
                pieces = fields[field] = [block.get(field, "") + ""]
                block.setdefault(field, "")  # the key's place in the block, as when it was concatenated
            pieces.append(getattr(delta, field, "") or "")
            return True
        if kind == "input_json_delta":
            self.json_parts.setdefault(index, []).append(getattr(delta, "partial_json", "") or "")
            return True
        return False

    def snapshot(self) -> MessageStreamAccumulator:
        """A copy for `record` on the export thread (later events, read after `close()`, miss it):
        dicts, strings and the joined pieces, no event object."""
        copy = MessageStreamAccumulator()
        copy.id, copy.model, copy.stop_reason = self.id, self.model, self.stop_reason
        copy.usage = dict(self.usage)
        copy.blocks = {index: dict(block) for index, block in self.blocks.items()}
        copy.pieces = {
            index: {field: ["".join(pieces)] for field, pieces in fields.items()}
            for index, fields in self.pieces.items()
        }
        copy.json_parts = {index: ["".join(parts)] for index, parts in self.json_parts.items()}
        return copy

    def record(self, call: Any) -> None:
        """Into an `LlmCall` or, on the export thread, a `ResponseSink`."""
        import json

        content = []
        for index in sorted(self.blocks):
            block = dict(self.blocks[index])
            for field, pieces in self.pieces.get(index, {}).items():
                block[field] = "".join(pieces)
            if index in self.json_parts:
                joined = "".join(self.json_parts[index])
                try:
                    block["input"] = json.loads(joined) if joined else {}
                except ValueError:
                    block["input"] = joined
            content.append(block)
        call.record_response(
            response_model=self.model,
            response_id=self.id,
            finish_reasons=[self.stop_reason] if self.stop_reason else [],
            usage=anthropic_usage(self.usage) if self.usage else None,
            raw_usage=self.usage or None,
            raw_response=_response_payload(self.id, self.model, self.stop_reason, content),
        )
