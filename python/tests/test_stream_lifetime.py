"""What the session-5 overhead cuts must not change (bench/python-usage-floor.py).

A (sync) traced stream read to the end is no longer a reference cycle (its patched `close` holds it
weakly), so dropping it frees it at once, without the cyclic GC; one not read to the end, or an
async one, is a cycle in the provider SDK itself (a suspended generator holds it), and its span
still ends when collected: cancelled with the text read so far, or incomplete when never read. `close()` still
closes the provider's response. A stream read to the end hands its accumulator over without a copy
(`final_snapshot`), which must record what the copy did (also compared on the wire in
test_deferred_recording.py). The request JSON encoder, the parent lookup, the view's attribute
reads and the export worker's liveness flag were made cheaper; their edge cases are checked here.
"""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI, OpenAI
from opentelemetry.sdk.trace import TracerProvider

import fallom
from conftest import one_span
from fallom._export._queueing_span_processor import QueueingSpanProcessor
from fallom._jsonable import fast_dumps
from fallom._openai._chat_stream import ChatStreamAccumulator
from fallom._response_sink import ResponseSink
from fallom._view import View

MESSAGES = [{"role": "user", "content": "Tell me about tracing"}]
TWENTY_CHUNKS = {"x-mock-stream-chunks": "20"}


@pytest.fixture
def no_cyclic_gc() -> Iterator[None]:
    """Only reference counting frees objects while the test runs."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def client_for(mock: Any, session: Any, is_async: bool) -> Any:
    cls = AsyncOpenAI if is_async else OpenAI
    return session.wrap_openai(cls(base_url=mock.url + "/v1", api_key="sk-test", max_retries=0))


async def open_stream(client: Any, is_async: bool, **options: Any) -> Any:
    stream = client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True, **options)
    return await stream if is_async else stream


def recorded_text(span: dict[str, Any]) -> str:
    return str(span["output_messages"][0]["parts"][0]["content"])


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
class TestStreamLifetime:
    async def test_a_stream_dropped_after_some_chunks_records_the_text_read(
        self, mock, server, session, session_id, is_async
    ):
        stream = await open_stream(client_for(mock, session, is_async), is_async, extra_headers=TWENTY_CHUNKS)
        if is_async:
            iterator = stream.__aiter__()
            read = [await iterator.__anext__() for _ in range(4)]
        else:
            iterator = iter(stream)
            read = [next(iterator) for _ in range(4)]
        text = "".join(chunk.choices[0].delta.content or "" for chunk in read)
        freed = weakref.ref(stream)
        del stream, iterator
        for _ in range(3):  # a stream not read to the end is a cycle in the provider SDK itself;
            gc.collect()  # the event loop closes the collected async generators on its next turns
            await asyncio.sleep(0)
        assert freed() is None
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["attributes"]["fallom.stream.cancelled"] is True
        assert text and recorded_text(span) == text

    async def test_a_stream_dropped_unread_is_recorded_incomplete(
        self, mock, server, session, session_id, is_async
    ):
        stream = await open_stream(client_for(mock, session, is_async), is_async)
        freed = weakref.ref(stream)
        del stream
        gc.collect()
        assert freed() is None
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["attributes"]["fallom.stream.incomplete"] is True
        assert "fallom.stream.cancelled" not in span["attributes"]

    async def test_close_after_one_chunk_closes_the_response_and_records_its_text(
        self, mock, server, session, session_id, is_async
    ):
        stream = await open_stream(client_for(mock, session, is_async), is_async, extra_headers=TWENTY_CHUNKS)
        if is_async:
            iterator = stream.__aiter__()
            read = [await iterator.__anext__() for _ in range(2)]  # the role chunk, then text
            assert await stream.close() is None
        else:
            iterator = iter(stream)
            read = [next(iterator) for _ in range(2)]
            assert stream.close() is None
        assert stream.response.is_closed  # the provider's own close ran
        span = one_span(server, session_id)
        assert span["attributes"]["fallom.stream.cancelled"] is True
        text = read[1].choices[0].delta.content
        assert text and recorded_text(span) == text

    async def test_a_stream_read_to_the_end_is_freed_at_once_hides_the_usage_chunk_and_records_it_all(
        self, mock, server, session, session_id, is_async, no_cyclic_gc
    ):
        stream = await open_stream(client_for(mock, session, is_async), is_async, extra_headers=TWENTY_CHUNKS)
        chunks = [chunk async for chunk in stream] if is_async else list(stream)
        freed = weakref.ref(stream)
        del stream
        if not is_async:  # openai's AsyncStream keeps a suspended event generator: a cycle of its own
            assert freed() is None  # no reference cycle left: freed by reference counting alone
        assert all(chunk.choices for chunk in chunks)  # the injected usage-only chunk is not yielded
        span = one_span(server, session_id)
        assert "fallom.stream.cancelled" not in span["attributes"]
        assert recorded_text(span) == "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
        assert span["output_tokens"] and span["output_tokens"] > 0


def test_a_close_kept_after_its_stream_was_collected_does_nothing(mock, server, session, session_id):
    stream = client_for(mock, session, False).chat.completions.create(
        model="gpt-4o", messages=MESSAGES, stream=True
    )
    close = stream.close
    del stream
    gc.collect()
    assert close() is None
    span = one_span(server, session_id)  # ended once, when collected
    assert span["attributes"]["fallom.stream.incomplete"] is True


def test_the_final_snapshot_records_what_a_copied_snapshot_records():
    accumulator = ChatStreamAccumulator(True)
    for text in ("Hel", "lo", " there"):
        accumulator.add(_chunk(text))
    copied, final = ResponseSink(True), ResponseSink(True)
    accumulator.snapshot().record(copied)
    accumulator.final_snapshot().record(final)
    assert list(final.attributes.items()) == list(copied.attributes.items())
    assert json.loads(final.attributes["fallom.raw.response"])["text"] == "Hello there"
    assert not hasattr(accumulator.last_chunk, "choices")  # no chunk is held while queued


def _chunk(text: str) -> Any:
    from openai.types.chat import ChatCompletionChunk

    return ChatCompletionChunk.model_validate(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "system_fingerprint": "fp_1",
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
        }
    )


@pytest.mark.parametrize(
    "value",
    [
        {"messages": [{"role": "user", "content": 'é "quoted"\n\t\u2028'}], "n": 2, "t": 0.5, "x": None},
        [1, 2.5, True, {"nested": ["a", {}]}],
        {"nan": float("nan"), "inf": float("inf")},
        {1: "int key", 2.5: "float key", None: "null key", False: "bool key"},
    ],
)
def test_the_request_encoder_writes_what_json_dumps_writes(value):
    assert fast_dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_the_request_encoder_falls_back_on_a_circular_value_and_an_unknown_object():
    circular: list[Any] = ["a"]
    circular.append(circular)
    encoded = fast_dumps(circular)
    assert encoded.startswith('["a",["a",') and "[too deep]" in encoded
    assert fast_dumps({"tool": object()}) == '{"tool":"<object>"}'


def test_a_call_inside_the_users_opentelemetry_span_is_its_child(mock, server, session, session_id):
    tracer = TracerProvider().get_tracer("user-code")
    client = client_for(mock, session, False)
    with tracer.start_as_current_span("user-request") as user_span:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
    context = user_span.get_span_context()
    span = one_span(server, session_id)
    assert span["trace_id"] == format(context.trace_id, "032x")
    assert span["parent_span_id"] == format(context.span_id, "016x")


def test_a_call_outside_any_span_is_a_root(mock, server, session, session_id):
    client_for(mock, session, False).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert not one_span(server, session_id)["parent_span_id"]


def test_a_view_built_without_init_raises_attribute_error_not_recursion():
    view = View.__new__(View)
    with pytest.raises(AttributeError):
        view.chat  # noqa: B018


def test_the_export_worker_is_restarted_after_its_loop_ended(monkeypatch):
    class Transport:
        def __init__(self) -> None:
            self.sent: list[Any] = []

        def send(self, batch: list[Any]) -> list[Any]:
            self.sent.extend(batch)
            return []

    transport = Transport()
    processor = QueueingSpanProcessor(lambda stop: transport, immediate=True)  # type: ignore[arg-type,return-value]
    first_loop = processor._run_loop
    failures = iter([RuntimeError("worker died")])

    def dying_loop() -> None:
        error = next(failures, None)
        if error is not None:
            raise error
        first_loop()

    monkeypatch.setattr(processor, "_run_loop", dying_loop)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)
    processor.on_end("span-1")  # type: ignore[arg-type]
    dead = processor._worker
    assert dead is not None
    dead.join(5)
    assert not processor._worker_running
    processor.on_end("span-2")  # type: ignore[arg-type]
    assert processor.flush(5)
    assert processor._worker is not dead
    assert transport.sent == ["span-1", "span-2"]
    processor.shutdown_with_timeout(1)


def test_spans_still_arrive_after_the_cuts(mock, server, session, session_id):
    """The whole path once more, as a user reads it: one plain call, one span, the text recorded."""
    completion = client_for(mock, session, False).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    span = one_span(server, session_id)
    assert recorded_text(span) == completion.choices[0].message.content
    assert fallom.flush(5)
