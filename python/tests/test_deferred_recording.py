"""Responses recorded off the caller's thread export the span that recording on it did.

OpenAI chat streams take plain text chunks in their own iterator (`ChatStreamAccumulator.iterate`)
and record a snapshot of the accumulator on the export thread; one-choice completions record a
`_CompletionSnapshot` there. Each case runs twice through the real `openai` client, mock-llm and
the OTLP exporter: as shipped, and with the caller's-thread path (the previous code's: every chunk
through `add`, the response recorded before the span ends) selected by turning the new hooks off.
The two exported spans must carry the same attributes in the same order, compared one by one on
the wire (ids and TTFT normalised).
"""

from __future__ import annotations

import asyncio
import gc
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI, OpenAI
from openai.types.chat import ChatCompletionChunk
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

import fallom
from _servers import API_KEY
from _sink import Sink
from fallom._openai import _chat
from fallom._openai._chat_stream import ChatStreamAccumulator
from fallom._response_sink import ResponseSink
from fallom._stream_tracing import StreamState

TTFT = "gen_ai.response.time_to_first_chunk"
TOOLS = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
MOCK_ID = re.compile(r"(chatcmpl|call)[-_][A-Za-z0-9]+")


class _CallerThreadAccumulator(ChatStreamAccumulator):
    """The previous code path: the generic iterator (every chunk through `add`), no `snapshot` nor
    `final_snapshot` (recorded before the span ends, on the caller's thread)."""

    iterate = None  # type: ignore[assignment]
    iterate_async = None  # type: ignore[assignment]
    snapshot = None  # type: ignore[assignment]
    final_snapshot = None  # type: ignore[assignment]


@pytest.fixture
def sink() -> Iterator[Sink]:
    instance = Sink()
    fallom.init(api_key=API_KEY, base_url=instance.url)
    yield instance
    fallom.flush(10)
    instance.close()


def _value(any_value: Any) -> Any:
    kind = any_value.WhichOneof("value")
    if kind == "array_value":
        return [_value(item) for item in any_value.array_value.values]
    return getattr(any_value, kind) if kind else None


def _normalised(key: str, value: Any) -> Any:
    if key == TTFT:
        assert isinstance(value, float) and value >= 0
        return "<ttft>"
    return MOCK_ID.sub("<id>", value) if isinstance(value, str) else value


def exported_spans(sink: Sink) -> dict[str, list[tuple[str, Any]]]:
    """session id → the span's attributes in wire order, normalised."""
    assert fallom.flush(10)
    spans: dict[str, list[tuple[str, Any]]] = {}
    for body in sink.bodies:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    attributes = [(kv.key, _normalised(kv.key, _value(kv.value))) for kv in span.attributes]
                    spans[dict(attributes)["fallom.session_id"]] = attributes
    return spans


async def run_both(
    sink: Sink, mock: Any, monkeypatch: pytest.MonkeyPatch, call: Any, is_async: bool = False
) -> tuple[list[Any], ...]:
    """`call(client)` (awaited when it returns a coroutine) once as shipped and once on the caller's-
    thread path; their exported spans' attributes (without the session id, which differs)."""
    client = (AsyncOpenAI if is_async else OpenAI)(
        base_url=mock.url + "/v1", api_key="sk-test", max_retries=0
    )
    shipped = fallom.session(config_key="py-tests", session_id="deferred-" + uuid.uuid4().hex)
    previous = fallom.session(config_key="py-tests", session_id="previous-" + uuid.uuid4().hex)
    await _maybe_await(call(shipped.wrap_openai(client)))
    with monkeypatch.context() as patch:
        patch.setattr(_chat, "ChatStreamAccumulator", _CallerThreadAccumulator)
        patch.setattr(_chat._CompletionSnapshot, "of", staticmethod(lambda completion: None))
        await _maybe_await(call(previous.wrap_openai(client)))
    spans = exported_spans(sink)
    new = spans[shipped.get_context().session_id]
    old = spans[previous.get_context().session_id]
    return (
        [(key, value) for key, value in new if key != "fallom.session_id"],
        [(key, value) for key, value in old if key != "fallom.session_id"],
    )


async def _maybe_await(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


def assert_same_attributes(new: list[tuple[str, Any]], old: list[tuple[str, Any]]) -> None:
    assert [key for key, _ in new] == [key for key, _ in old]
    for (key, value), (_, expected) in zip(new, old):
        assert value == expected, key


STREAMS = {
    "100 text chunks, usage chunk hidden": dict(
        messages=[{"role": "user", "content": "Tell me about tracing"}],
        extra_headers={"x-mock-stream-chunks": "100"},
    ),
    "tool call": dict(messages=[{"role": "user", "content": "use a tool"}], tools=TOOLS),
    "refusal": dict(messages=[{"role": "user", "content": "please refuse"}]),
    "caller asked for usage": dict(
        messages=[{"role": "user", "content": "Tell me about tracing"}],
        stream_options={"include_usage": True},
    ),
    "two choices": dict(messages=[{"role": "user", "content": "Tell me about tracing"}], n=2),
}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("case", list(STREAMS))
async def test_a_chat_stream_exports_the_same_attributes_in_the_same_order(
    sink, mock, monkeypatch, case, is_async
):
    options = STREAMS[case]
    reads: list[list[Any]] = []

    async def call(client: Any) -> None:
        stream = await _maybe_await(client.chat.completions.create(model="gpt-4o", stream=True, **options))
        reads.append([chunk async for chunk in stream] if is_async else list(stream))

    new, old = await run_both(sink, mock, monkeypatch, call, is_async)
    assert_same_attributes(new, old)
    assert "fallom.raw.response" in dict(new) and TTFT in dict(new)
    assert "gen_ai.usage.output_tokens" in dict(new)
    # The caller gets the same chunks either way; the usage chunk only when it asked for it.
    shipped, previous = reads
    assert len(shipped) == len(previous)
    asked = "stream_options" in options
    assert any(not chunk.choices for chunk in shipped) is asked


@pytest.mark.parametrize(
    "case",
    ["text", "tool call", "refusal", "two choices"],
)
async def test_a_plain_completion_exports_the_same_attributes_in_the_same_order(
    sink, mock, monkeypatch, case
):
    content = {"text": "Tell me about tracing", "tool call": "use a tool", "refusal": "please refuse"}
    options: dict[str, Any] = {"messages": [{"role": "user", "content": content.get(case, "Hello")}]}
    if case == "tool call":
        options["tools"] = TOOLS
    if case == "two choices":
        options["n"] = 2
    new, old = await run_both(
        sink, mock, monkeypatch, lambda client: client.chat.completions.create(model="gpt-4o", **options)
    )
    assert_same_attributes(new, old)
    assert "gen_ai.usage.input_tokens" in dict(new) and "fallom.raw.response" in dict(new)


def test_a_completion_changed_by_the_caller_after_the_call_exports_what_the_provider_sent(sink, mock):
    session = fallom.session(config_key="py-tests", session_id="mutated-" + uuid.uuid4().hex)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
    sent = completion.choices[0].message.content
    completion.choices[0].message.content = "changed by the caller"
    completion.model = "changed-model"
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert sent and sent in attributes["fallom.raw.response"]
    assert "changed by the caller" not in attributes["fallom.raw.response"]
    assert attributes["gen_ai.response.model"] == "gpt-4o"


def test_a_stream_closed_after_one_chunk_records_the_text_read_so_far(sink, mock):
    session = fallom.session(config_key="py-tests", session_id="closed-" + uuid.uuid4().hex)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Tell me about tracing"}],
        stream=True,
        extra_headers={"x-mock-stream-chunks": "20"},
    )
    iterator = iter(stream)
    read = [next(iterator) for _ in range(3)]  # the role chunk, then two plain text chunks
    stream.close()
    text = "".join(chunk.choices[0].delta.content or "" for chunk in read)
    assert text
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert attributes["fallom.stream.cancelled"] is True
    assert f'"text":"{text}"' in attributes["fallom.raw.response"].replace(": ", ":")


def test_a_stream_garbage_collected_after_some_chunks_records_the_text_read_so_far(sink, mock):
    session = fallom.session(config_key="py-tests", session_id="collected-" + uuid.uuid4().hex)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Tell me about tracing"}],
        stream=True,
        extra_headers={"x-mock-stream-chunks": "20"},
    )
    iterator = iter(stream)
    read = [next(iterator) for _ in range(4)]
    text = "".join(chunk.choices[0].delta.content or "" for chunk in read)
    del stream, iterator
    gc.collect()
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert attributes["fallom.stream.cancelled"] is True
    assert f'"text":"{text}"' in attributes["fallom.raw.response"].replace(": ", ":")


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("reads", [2, 5], ids=["after the first content chunk", "after plain chunks"])
async def test_a_stream_closed_early_records_the_text_read_so_far(sink, mock, reads, is_async):
    session = fallom.session(config_key="py-tests", session_id="closed-early-" + uuid.uuid4().hex)
    client = session.wrap_openai(
        (AsyncOpenAI if is_async else OpenAI)(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0)
    )
    stream = await _maybe_await(
        client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "Tell me about tracing"}],
            stream=True,
            extra_headers={"x-mock-stream-chunks": "20"},
        )
    )
    if is_async:
        iterator = stream.__aiter__()
        read = [await iterator.__anext__() for _ in range(reads)]
        await stream.close()
    else:
        iterator = iter(stream)
        read = [next(iterator) for _ in range(reads)]
        stream.close()
    text = "".join(chunk.choices[0].delta.content or "" for chunk in read)
    assert text and not read[0].choices[0].delta.content  # the role chunk, then content
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert attributes["fallom.stream.cancelled"] is True
    assert f'"text":"{text}"' in attributes["fallom.raw.response"].replace(": ", ":")


async def test_an_async_stream_garbage_collected_after_some_chunks_records_the_text_read_so_far(sink, mock):
    session = fallom.session(config_key="py-tests", session_id="collected-async-" + uuid.uuid4().hex)
    client = session.wrap_openai(AsyncOpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))
    stream = await client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Tell me about tracing"}],
        stream=True,
        extra_headers={"x-mock-stream-chunks": "20"},
    )
    iterator = stream.__aiter__()
    read = [await iterator.__anext__() for _ in range(4)]
    text = "".join(chunk.choices[0].delta.content or "" for chunk in read)
    del stream, iterator
    for _ in range(3):  # the event loop closes collected async generators on its next turns
        gc.collect()
        await asyncio.sleep(0)
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert attributes["fallom.stream.cancelled"] is True
    assert f'"text":"{text}"' in attributes["fallom.raw.response"].replace(": ", ":")


def _chunk(delta: dict[str, Any], **fields: Any) -> ChatCompletionChunk:
    return ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            **fields,
        }
    )


class _Call:
    """Stands in for the `LlmCall` in the iterator unit tests: keeps what the stream state hands it."""

    def __init__(self) -> None:
        self.ended = False
        self.first_tokens = 0
        self.builder: Any = None
        self.outcome: Any = None

    def first_token(self) -> None:
        self.first_tokens += 1

    def defer_response(self, builder: Any) -> None:
        self.builder = builder

    def end_ok(self, **flags: Any) -> None:
        self.ended, self.outcome = True, flags

    def end_error(self, error: BaseException) -> None:
        self.ended, self.outcome = True, error


class _CountingAccumulator(ChatStreamAccumulator):
    """Notes which chunks reached `add` (the others were taken by the iterator's fast path)."""

    def __init__(self, injected: bool) -> None:
        super().__init__(injected)
        self.added: list[Any] = []

    def add(self, chunk: Any) -> tuple[bool, bool]:
        self.added.append(chunk)
        return super().add(chunk)


def _iterate(
    chunks: list[Any], accumulator: ChatStreamAccumulator, is_async: bool
) -> tuple[list[Any], _Call]:
    """The chunks the caller reads through the chat iterator, and the call it ended."""
    call = _Call()
    state = StreamState(call, accumulator)  # type: ignore[arg-type]
    if not is_async:
        return list(accumulator.iterate(iter(chunks), state)), call

    async def source() -> Any:
        for chunk in chunks:
            yield chunk

    async def read() -> list[Any]:
        return [chunk async for chunk in accumulator.iterate_async(source(), state)]

    return asyncio.run(read()), call


def _recorded(builder: Any) -> dict[str, Any]:
    sink = ResponseSink(True)
    builder(sink)
    return sink.attributes


def _reference(chunks: list[Any], injected: bool = False) -> dict[str, Any]:
    """What the accumulator records when every chunk goes through `add` (the full read)."""
    reference = ChatStreamAccumulator(injected)
    for chunk in chunks:
        reference.add(chunk)
    return _recorded(reference.record)


ROLE = _chunk({"role": "assistant", "content": ""})
USAGE = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
DECLINED = {
    "reasoning (an extra field)": _chunk({"content": "x", "reasoning": "thinking"}),
    "refusal": _chunk({"content": "x", "refusal": "no"}),
    "tool call": _chunk({"content": "x", "tool_calls": [{"index": 0, "function": {"arguments": ""}}]}),
    "new model": _chunk({"content": "x"}, model="other"),
    "usage": _chunk({"content": "x"}, usage=USAGE),
    "finish reason": ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": "stop"}],
        }
    ),
    "empty text": _chunk({"content": ""}),
    "another choice": ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 1, "delta": {"content": "x"}, "finish_reason": None}],
        }
    ),
    "two choices in one chunk": ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [
                {"index": 0, "delta": {"content": "x"}, "finish_reason": None},
                {"index": 1, "delta": {"content": "y"}, "finish_reason": None},
            ],
        }
    ),
    "not a chunk": object(),
}


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("case", list(DECLINED))
def test_the_chat_iterator_takes_only_plain_text_chunks_itself_and_records_what_add_would(case, is_async):
    declined = DECLINED[case]
    plain, after = _chunk({"content": " there"}), _chunk({"content": "!"})
    chunks = [ROLE, _chunk({"content": "Hi"}), plain, declined, after]
    accumulator = _CountingAccumulator(injected=False)
    read, call = _iterate(chunks, accumulator, is_async)
    assert [id(chunk) for chunk in read] == [id(chunk) for chunk in chunks]  # every chunk, unchanged
    assert call.first_tokens == 1 and call.outcome == {}
    # The role chunk and the first content chunk go through `add` (W9), the plain one does not, the
    # declined one does.
    assert accumulator.added[:2] == chunks[:2] and plain not in accumulator.added
    assert declined in accumulator.added
    assert _recorded(call.builder) == _reference(chunks)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_the_chat_iterator_hides_only_the_usage_chunk_it_asked_for(is_async):
    usage_only = ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [],
            "usage": USAGE,
        }
    )
    chunks = [ROLE, _chunk({"content": "Hi"}), _chunk({"content": "!"}), usage_only]
    for injected in (True, False):
        read, call = _iterate(chunks, ChatStreamAccumulator(injected), is_async)
        assert read == (chunks[:-1] if injected else chunks)
        recorded = _recorded(call.builder)
        assert recorded == _reference(chunks, injected)
        assert recorded["gen_ai.usage.output_tokens"] == 1
        assert '"text":"Hi!"' in recorded["fallom.raw.response"].replace(": ", ":")


def test_a_snapshot_records_the_same_response_as_the_accumulator_and_ignores_later_chunks():
    chunks = [
        ROLE,
        _chunk({"content": "Hel", "reasoning": "hmm"}),
        _chunk({"content": "lo"}),
        _chunk({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f", "arguments": '{"a"'}}]}),
        _chunk({"tool_calls": [{"index": 0, "function": {"arguments": ":1}"}}]}),
    ]
    accumulator = _CountingAccumulator(injected=False)
    _iterate(chunks, accumulator, is_async=False)
    assert chunks[2] not in accumulator.added  # "lo" took the fast path
    snapshot = accumulator.snapshot()
    accumulator.add(_chunk({"content": " later"}))
    accumulator.add(_chunk({"tool_calls": [{"index": 0, "function": {"arguments": "more"}}]}))
    later = _recorded(snapshot.record)
    assert later == _reference(chunks)
    assert '"reasoning":"hmm"' in later["fallom.raw.response"].replace(": ", ":")
    assert '"arguments":"{\\"a\\":1}"' in later["fallom.raw.response"].replace(": ", ":")


def test_a_response_that_fails_to_record_on_the_export_thread_still_exports_its_span(sink, mock, monkeypatch):
    def broken(self: Any, call: Any) -> None:
        raise RuntimeError("a bug in recording")

    monkeypatch.setattr(_chat._CompletionSnapshot, "record", broken)
    session = fallom.session(config_key="py-tests", session_id="broken-" + uuid.uuid4().hex)
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])
    assert completion.choices[0].message.content
    attributes = dict(exported_spans(sink)[session.get_context().session_id])
    assert attributes["gen_ai.request.model"] == "gpt-4o"
    assert "fallom.raw.response" not in attributes and "gen_ai.response.id" not in attributes
