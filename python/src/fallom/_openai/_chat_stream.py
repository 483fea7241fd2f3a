"""Accumulates a streamed chat completion (SPEC §2.5.1 chat streaming rules) into the span's response."""

from __future__ import annotations

from typing import Any, Optional

from .._usage import openai_chat_usage
from ._chat_stream_iterator import traced_chat_async_iterator, traced_chat_iterator
from ._common import response_extras


class _Choice:
    __slots__ = ("finish_reason", "reasoning", "refusal", "text", "tool_calls")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.refusal: list[str] = []
        self.reasoning: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: Optional[str] = None

    def copy(self) -> _Choice:
        """Text pieces joined now (one string instead of one object per chunk while queued)."""
        copy = _Choice()
        copy.text = _joined(self.text)
        copy.refusal = _joined(self.refusal)
        copy.reasoning = _joined(self.reasoning)
        copy.tool_calls = {
            index: {**entry, "function": dict(entry["function"])} for index, entry in self.tool_calls.items()
        }
        copy.finish_reason = self.finish_reason
        return copy


def _joined(pieces: list[str]) -> list[str]:
    return ["".join(pieces)] if pieces else []


class _ChunkExtras:
    """The two fields `response_extras` reads from the last chunk, so a snapshot holds no chunk."""

    __slots__ = ("service_tier", "system_fingerprint")

    def __init__(self, chunk: Any) -> None:
        self.system_fingerprint = getattr(chunk, "system_fingerprint", None)
        self.service_tier = getattr(chunk, "service_tier", None)


class ChatStreamAccumulator:
    """Per choice index: text, refusal, reasoning, tool calls (arguments concatenated by `index`).

    On the caller's thread per chunk: its own iterator (`iterate`, `iterate_async`) appends the
    common text chunk's text itself and hands the others to `add`; `record` runs on the export
    thread, on a `snapshot`."""

    __slots__ = ("choices", "id", "injected", "last_chunk", "model", "usage")

    iterate = staticmethod(traced_chat_iterator)
    iterate_async = staticmethod(traced_chat_async_iterator)

    def __init__(self, injected: bool) -> None:
        self.injected = injected
        self.choices: dict[int, _Choice] = {}
        self.id: Optional[str] = None
        self.model: Optional[str] = None
        self.usage: Any = None
        self.last_chunk: Any = None

    def snapshot(self) -> ChatStreamAccumulator:
        """A copy for `record` on the export thread: later `add`s (a read after `close()`) miss it.
        It holds strings, the tool calls, the `usage` object and no chunk (≈ 3–4 KB per queued
        100-chunk stream; the export queue holds at most `MAX_QUEUE_SIZE` records)."""
        copy = ChatStreamAccumulator(self.injected)
        copy.choices = {index: choice.copy() for index, choice in self.choices.items()}
        copy.id = self.id
        copy.model = self.model
        copy.usage = self.usage
        copy.last_chunk = _ChunkExtras(self.last_chunk)
        return copy

    def final_snapshot(self) -> ChatStreamAccumulator:
        """At the stream's natural end (no `add` follows): this accumulator itself, its last chunk
        swapped for the two fields read from it, so no chunk is held while queued. Copying here
        would cost the caller's thread ~10 µs per stream (bench/python-usage-floor.py)."""
        self.last_chunk = _ChunkExtras(self.last_chunk)
        return self

    def add(self, chunk: Any) -> tuple[bool, bool]:
        # Runs on the caller's thread for the chunks the fast path declines: every field is read.
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

    def record(self, call: Any) -> None:
        """Into an `LlmCall` or, on the export thread, a `ResponseSink`."""
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
