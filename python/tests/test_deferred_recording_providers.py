"""Anthropic and Google streams record their response on the export thread (a snapshot of the
accumulator): the exported span carries what recording on the caller's thread gave, attribute by
attribute, in order; and Anthropic text / thinking / tool input deltas are joined as sent."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from anthropic import Anthropic, AsyncAnthropic
from anthropic.types import RawContentBlockDeltaEvent, RawContentBlockStartEvent, RawMessageStartEvent
from test_deferred_recording import assert_same_attributes, exported_spans

import fallom
from _sink import Sink
from fallom._anthropic import _messages
from fallom._anthropic._messages import MessageStreamAccumulator
from fallom._google import _genai, _generativeai
from fallom._google._common import GoogleStreamAccumulator
from fallom._response_sink import ResponseSink

MODEL = "claude-sonnet-4-20250514"
MOCK_ID = re.compile(r"(msg_|toolu_|mock-response-)[A-Za-z0-9]+")
TOOLS = [{"name": "get_weather", "input_schema": {"type": "object"}}]


class _CallerThreadAccumulator(MessageStreamAccumulator):
    """Recorded before the span ends, on the caller's thread (no `snapshot`)."""

    snapshot = None  # type: ignore[assignment]


class _CallerThreadGoogleAccumulator(GoogleStreamAccumulator):
    snapshot = None  # type: ignore[assignment]


def _wire_attributes(sink: Sink, *sessions: Any) -> list[list[tuple[str, Any]]]:
    """Each session's exported span attributes in wire order, ids normalised, without the session id."""
    spans = exported_spans(sink)
    return [
        [
            (key, MOCK_ID.sub("<id>", value) if isinstance(value, str) else value)
            for key, value in spans[session.get_context().session_id]
            if key != "fallom.session_id"
        ]
        for session in sessions
    ]


@pytest.fixture
def sink() -> Any:
    instance = Sink()
    fallom.init(api_key="flm_test", base_url=instance.url)
    yield instance
    fallom.flush(10)
    instance.close()


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("case", ["text", "tool use", "messages.stream"])
async def test_an_anthropic_stream_exports_the_same_attributes_in_the_same_order(
    sink, mock, monkeypatch, case, is_async
):
    content = "use a tool" if case == "tool use" else "Explain spans briefly"
    args: dict[str, Any] = {
        "model": MODEL,
        "max_tokens": 256,
        "messages": [{"role": "user", "content": content}],
    }
    if case == "tool use":
        args["tools"] = TOOLS
    client = (AsyncAnthropic if is_async else Anthropic)(
        base_url=mock.url, api_key="sk-ant-test", max_retries=0
    )

    async def call(session: Any) -> list[Any]:
        wrapped = session.wrap_anthropic(client)
        if case == "messages.stream":
            if is_async:
                async with wrapped.messages.stream(**args) as stream:
                    return [text async for text in stream.text_stream]
            with wrapped.messages.stream(**args) as stream:
                return list(stream.text_stream)
        if is_async:
            return [event async for event in await wrapped.messages.create(**args, stream=True)]
        return list(wrapped.messages.create(**args, stream=True))

    shipped = fallom.session(config_key="py-tests", session_id="deferred-" + uuid.uuid4().hex)
    previous = fallom.session(config_key="py-tests", session_id="previous-" + uuid.uuid4().hex)
    read = [await call(shipped)]
    with monkeypatch.context() as patch:
        patch.setattr(_messages, "MessageStreamAccumulator", _CallerThreadAccumulator)
        read.append(await call(previous))
    assert len(read[0]) == len(read[1]) > 0
    new, old = _wire_attributes(sink, shipped, previous)
    assert_same_attributes(new, old)
    attributes = dict(new)
    assert attributes["gen_ai.usage.output_tokens"] > 0
    raw = json.loads(attributes["fallom.raw.response"])
    if case == "tool use":
        assert raw["toolCalls"] and raw["toolCalls"][0]["name"] == "get_weather"
        assert isinstance(raw["toolCalls"][0]["arguments"], dict)
    else:
        assert raw["text"]
        if case == "messages.stream":
            assert raw["text"] == "".join(read[0])


@pytest.mark.parametrize("library", ["google-genai", "google-generativeai"])
def test_a_google_stream_exports_the_same_attributes_in_the_same_order(sink, mock, monkeypatch, library):
    def call(session: Any) -> str:
        if library == "google-genai":
            from google import genai

            client = genai.Client(api_key="g-test", http_options={"base_url": mock.url})
            chunks = session.wrap_google_ai(client).models.generate_content_stream(
                model="gemini-2.0-flash", contents="Stream please"
            )
        else:
            import google.generativeai as legacy

            legacy.configure(api_key="g-test", transport="rest", client_options={"api_endpoint": mock.url})
            model = session.wrap_google_ai(legacy.GenerativeModel("gemini-1.5-flash"))
            chunks = model.generate_content("Stream this", stream=True)
        return "".join(part.text or "" for chunk in chunks for part in chunk.candidates[0].content.parts)

    shipped = fallom.session(config_key="py-tests", session_id="deferred-" + uuid.uuid4().hex)
    previous = fallom.session(config_key="py-tests", session_id="previous-" + uuid.uuid4().hex)
    text = call(shipped)
    with monkeypatch.context() as patch:
        patch.setattr(_genai, "GoogleStreamAccumulator", _CallerThreadGoogleAccumulator)
        patch.setattr(_generativeai, "GoogleStreamAccumulator", _CallerThreadGoogleAccumulator)
        assert call(previous) == text
    new, old = _wire_attributes(sink, shipped, previous)
    assert_same_attributes(new, old)
    attributes = dict(new)
    assert text and text in attributes["fallom.raw.response"]
    assert attributes["gen_ai.usage.output_tokens"] > 0


def _events() -> list[Any]:
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 1},
    }
    events: list[Any] = [RawMessageStartEvent.model_validate({"type": "message_start", "message": message})]
    blocks = [
        {"type": "thinking", "thinking": "", "signature": ""},
        {"type": "text", "text": ""},
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}},
    ]
    deltas = [
        [{"type": "thinking_delta", "thinking": piece} for piece in ("Let ", "me ", "think")],
        [{"type": "text_delta", "text": piece} for piece in ("Hel", "lo", "!")],
        [{"type": "input_json_delta", "partial_json": piece} for piece in ('{"city"', ': "Paris"}')],
    ]
    for index, (block, pieces) in enumerate(zip(blocks, deltas)):
        events.append(
            RawContentBlockStartEvent.model_validate(
                {"type": "content_block_start", "index": index, "content_block": block}
            )
        )
        events.extend(
            RawContentBlockDeltaEvent.model_validate(
                {"type": "content_block_delta", "index": index, "delta": d}
            )
            for d in pieces
        )
    return events


def test_deltas_are_joined_per_block_in_the_snapshot_and_later_events_miss_it():
    accumulator = MessageStreamAccumulator()
    for event in _events():
        accumulator.add(event)
    snapshot = accumulator.snapshot()
    accumulator.add(
        RawContentBlockDeltaEvent.model_validate(
            {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": " later"}}
        )
    )
    recorded = ResponseSink(True)
    snapshot.record(recorded)
    raw = json.loads(recorded.attributes["fallom.raw.response"])
    assert raw["text"] == "Hello!"
    assert raw["content"] == [
        {"type": "thinking", "thinking": "Let me think", "signature": ""},
        {"type": "text", "text": "Hello!"},
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
    ]
    assert raw["toolCalls"] == [{"id": "toolu_1", "name": "get_weather", "arguments": {"city": "Paris"}}]
    now = ResponseSink(True)
    accumulator.record(now)
    assert json.loads(now.attributes["fallom.raw.response"])["text"] == "Hello! later"
