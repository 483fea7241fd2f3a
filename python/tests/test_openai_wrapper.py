"""wrap_openai × {plain, stream read, stream closed after one chunk, provider error, network error},
sync and async: the caller sees what the unwrapped client gives, and exactly one span arrives."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from openai import APIConnectionError, AsyncOpenAI, BadRequestError, OpenAI, RateLimitError

from _compare import comparable, error_signature
from _servers import closed_port_url
from conftest import one_span

MESSAGES = [{"role": "user", "content": "Tell me about tracing"}]


def clients(url: str, is_async: bool, **options: Any) -> Any:
    cls = AsyncOpenAI if is_async else OpenAI
    return cls(base_url=url + "/v1", api_key="sk-test", max_retries=0, **options)


async def maybe_await(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


async def read_all(stream: Any) -> list[Any]:
    if hasattr(stream, "__aiter__"):
        return [chunk async for chunk in stream]
    return list(stream)


async def read_one_then_close(stream: Any) -> Any:
    if hasattr(stream, "__aiter__"):
        first = await stream.__anext__()
        await stream.close()
    else:
        first = next(iter(stream))
        stream.close()
    return first


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
class TestChatCompletions:
    async def test_a_plain_call_returns_what_the_client_returns_and_records_one_span(
        self, mock, server, session, session_id, is_async
    ):
        raw = clients(mock.url, is_async)
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        expected = await maybe_await(
            raw.chat.completions.create(model="gpt-4o", messages=MESSAGES, temperature=0.2)
        )
        got = await maybe_await(
            wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, temperature=0.2)
        )
        assert type(got) is type(expected)
        assert comparable(got) == comparable(expected)
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["name"] == "chat.completions.create"
        assert span["is_streaming"] is False
        assert span["response_id"] == got.id
        assert span["input_tokens"] == got.usage.prompt_tokens
        assert span["output_tokens"] == got.usage.completion_tokens
        assert span["request_params"]["temperature"] == 0.2
        assert span["output_messages"][0]["parts"][0]["content"] == got.choices[0].message.content

    async def test_a_fully_read_stream_yields_the_same_chunks_and_records_usage_and_ttft(
        self, mock, server, session, session_id, is_async
    ):
        raw = clients(mock.url, is_async)
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        expected = await read_all(
            await maybe_await(raw.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))
        )
        stream = await maybe_await(
            wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        )
        assert type(stream).__name__ == ("AsyncStream" if is_async else "Stream")
        got = await read_all(stream)
        # The usage-only chunk we injected is hidden: the caller sees exactly the unwrapped chunks.
        assert comparable(got) == comparable(expected)
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["is_streaming"] is True
        assert span["output_tokens"] and span["output_tokens"] > 0
        assert span["input_tokens"] and span["input_tokens"] > 0
        assert (
            span["time_to_first_token_ms"] is not None
            and span["time_to_first_token_ms"] <= span["duration_ms"]
        )
        text = "".join(c.choices[0].delta.content or "" for c in got if c.choices)
        assert span["output_messages"][0]["parts"][0]["content"] == text

    async def test_a_caller_who_asks_for_usage_gets_the_usage_chunk(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        stream = await maybe_await(
            wrapped.chat.completions.create(
                model="gpt-4o", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
            )
        )
        chunks = await read_all(stream)
        assert chunks[-1].choices == [] and chunks[-1].usage is not None
        span = one_span(server, session_id)
        assert span["output_tokens"] == chunks[-1].usage.completion_tokens

    async def test_a_stream_closed_after_one_chunk_records_a_cancelled_ok_span(
        self, mock, server, session, session_id, is_async
    ):
        raw = clients(mock.url, is_async)
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        expected = await read_one_then_close(
            await maybe_await(raw.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))
        )
        got = await read_one_then_close(
            await maybe_await(wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))
        )
        assert comparable(got) == comparable(expected)
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["attributes"]["fallom.stream.cancelled"] is True

    async def test_a_stream_used_as_a_context_manager_ends_its_span(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        stream = await maybe_await(
            wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        )
        if is_async:
            async with stream as entered:
                assert entered is stream
                async for _ in stream:
                    break
        else:
            with stream as entered:
                assert entered is stream
                for _ in stream:
                    break
        span = one_span(server, session_id)
        assert span["attributes"]["fallom.stream.cancelled"] is True

    async def test_a_provider_error_is_reraised_unchanged_and_recorded(
        self, mock, server, session, session_id, is_async
    ):
        headers = {"x-mock-error": "429"}
        raw = clients(mock.url, is_async, default_headers=headers)
        wrapped = session.wrap_openai(clients(mock.url, is_async, default_headers=headers))
        with pytest.raises(RateLimitError) as expected:
            await maybe_await(raw.chat.completions.create(model="gpt-4o", messages=MESSAGES))
        with pytest.raises(RateLimitError) as got:
            await maybe_await(wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES))
        assert error_signature(got.value)[:2] == error_signature(expected.value)[:2]
        span = one_span(server, session_id)
        assert span["status"] == "ERROR"
        assert span["error_type"] == "429"  # the HTTP status when there is one (docs/protocol.md)
        assert span["error_message"]

    async def test_a_network_error_is_reraised_unchanged_and_recorded(
        self, server, session, session_id, is_async
    ):
        url = closed_port_url()
        with pytest.raises(APIConnectionError):
            await maybe_await(
                clients(url, is_async).chat.completions.create(model="gpt-4o", messages=MESSAGES)
            )
        with pytest.raises(APIConnectionError):
            await maybe_await(
                session.wrap_openai(clients(url, is_async)).chat.completions.create(
                    model="gpt-4o", messages=MESSAGES
                )
            )
        span = one_span(server, session_id)
        assert span["status"] == "ERROR"
        assert span["error_type"] == "APIConnectionError"

    async def test_an_error_in_the_middle_of_a_stream_is_reraised_and_recorded(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_openai(
            clients(mock.url, is_async, default_headers={"x-mock-disconnect-after-chunks": "2"})
        )
        stream = await maybe_await(
            wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
        )
        with pytest.raises(Exception):  # noqa: B017 - whatever the client raises for a cut connection
            await read_all(stream)
        span = one_span(server, session_id)
        assert span["status"] == "ERROR"

    async def test_a_provider_that_rejects_stream_options_is_retried_once_without_them(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_openai(
            clients(mock.url, is_async, default_headers={"x-mock-reject-stream-options": "1"})
        )
        chunks = await read_all(
            await maybe_await(wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True))
        )
        assert chunks and all(chunk.choices for chunk in chunks)
        span = one_span(server, session_id)
        assert span["status"] == "OK"
        assert span["attributes"]["fallom.stream_usage"] is False
        # A caller's own stream_options are never retried away.
        with pytest.raises(BadRequestError):
            await maybe_await(
                wrapped.chat.completions.create(
                    model="gpt-4o", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
                )
            )


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
class TestResponsesAndEmbeddings:
    async def test_responses_create_plain_and_streamed(self, mock, server, session, session_id, is_async):
        raw = clients(mock.url, is_async)
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        expected = await maybe_await(raw.responses.create(model="gpt-4o", input="Say hi"))
        got = await maybe_await(wrapped.responses.create(model="gpt-4o", input="Say hi"))
        assert comparable(got.output) == comparable(expected.output)
        events = await read_all(
            await maybe_await(wrapped.responses.create(model="gpt-4o", input="Say hi", stream=True))
        )
        assert events[-1].type == "response.completed"
        assert fallom_flush()
        spans = sorted(server.wait_for_spans(2, session_id=session_id), key=lambda s: s["start_time"])
        assert [s["name"] for s in spans] == ["responses.create", "responses.create"]
        plain, streamed = spans
        assert plain["input_tokens"] == got.usage.input_tokens
        assert plain["output_messages"][0]["parts"][0]["content"] == got.output_text
        assert plain["input_messages"][0]["parts"][0]["content"] == "Say hi"
        assert streamed["is_streaming"] is True and streamed["time_to_first_token_ms"] is not None
        assert streamed["output_tokens"] == events[-1].response.usage.output_tokens

    async def test_embeddings_record_usage_and_dimension_but_never_vectors(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        result = await maybe_await(
            wrapped.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
        )
        span = one_span(server, session_id)
        assert span["kind"] == "embedding" and span["operation"] == "embeddings"
        assert span["input_tokens"] == result.usage.prompt_tokens
        assert span["attributes"]["gen_ai.embeddings.dimension.count"] == len(result.data[0].embedding)
        assert str(result.data[0].embedding[0]) not in str(span["attributes"])

    async def test_chat_completions_parse_is_traced_once(self, mock, server, session, session_id, is_async):
        wrapped = session.wrap_openai(clients(mock.url, is_async))
        parsed = await maybe_await(wrapped.chat.completions.parse(model="gpt-4o", messages=MESSAGES))
        assert type(parsed).__name__.startswith("ParsedChatCompletion")
        span = one_span(server, session_id)
        assert span["attributes"]["fallom.method"] == "chat.completions.parse"


def fallom_flush() -> bool:
    import fallom

    return fallom.flush(10)


def test_the_view_behaves_as_the_client_and_leaves_it_untouched(mock, session):
    client = OpenAI(base_url=mock.url + "/v1", api_key="sk-test")
    before = (client.chat.completions.create, client.chat)
    view = session.wrap_openai(client)
    assert isinstance(view, OpenAI)
    assert view.base_url == client.base_url
    assert view.models is not None  # unwrapped sub-resources still work
    assert (client.chat.completions.create.__func__, client.chat) == (before[0].__func__, before[1])
    assert type(client.chat.completions).create is type(client.chat.completions).create
    # Re-wrapping a view wraps the client, never the view: one span per call.
    assert session.wrap_openai(view).chat.completions.create.__qualname__.endswith("create")


def test_one_client_wrapped_by_two_sessions_traces_each_call_into_its_own_session(mock, server):
    import fallom

    client = OpenAI(base_url=mock.url + "/v1", api_key="sk-test")
    first = fallom.session(config_key="py-tests", session_id="py-shared-a-" + str(id(client)))
    second = fallom.session(config_key="py-tests", session_id="py-shared-b-" + str(id(client)))
    first.wrap_openai(client).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    second.wrap_openai(first.wrap_openai(client)).chat.completions.create(model="gpt-4o", messages=MESSAGES)
    assert one_span(server, first.get_context().session_id)["session_id"] == first.get_context().session_id
    assert one_span(server, second.get_context().session_id)["session_id"] == second.get_context().session_id


def test_a_stream_dropped_unread_is_ended_when_garbage_collected(mock, server, session, session_id):
    import gc

    wrapped = session.wrap_openai(clients(mock.url, False))
    stream = wrapped.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True)
    del stream
    gc.collect()
    span = one_span(server, session_id)
    assert span["status"] == "OK"
    assert span["attributes"]["fallom.stream.incomplete"] is True


def test_offered_tool_names_are_recorded_but_not_their_schemas(mock, server, session, session_id):
    tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]
    session.wrap_openai(clients(mock.url, False)).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "use a tool"}], tools=tools
    )
    span = one_span(server, session_id)
    assert span["attributes"]["fallom.tool_names"] == ["get_weather"]
    assert span["output_messages"][0]["parts"][0]["type"] == "tool_call"
