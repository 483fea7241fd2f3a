"""wrap_anthropic: messages.create (plain, stream=True) and messages.stream(), sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from anthropic import Anthropic, APIConnectionError, AsyncAnthropic, RateLimitError

from _compare import comparable
from _servers import closed_port_url
from conftest import one_span

MESSAGES = [{"role": "user", "content": "Explain spans briefly"}]
ARGS: dict[str, Any] = {"model": "claude-sonnet-4-20250514", "max_tokens": 256, "messages": MESSAGES}


def client(url: str, is_async: bool, **options: Any) -> Any:
    return (AsyncAnthropic if is_async else Anthropic)(
        base_url=url, api_key="sk-ant-test", max_retries=0, **options
    )


async def maybe_await(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


async def read_all(stream: Any) -> list[Any]:
    return [event async for event in stream] if hasattr(stream, "__aiter__") else list(stream)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
class TestMessages:
    async def test_a_plain_call_returns_what_the_client_returns(
        self, mock, server, session, session_id, is_async
    ):
        expected = await maybe_await(client(mock.url, is_async).messages.create(**ARGS))
        got = await maybe_await(session.wrap_anthropic(client(mock.url, is_async)).messages.create(**ARGS))
        assert type(got) is type(expected) and comparable(got) == comparable(expected)
        span = one_span(server, session_id)
        assert (span["name"], span["status"], span["provider"]) == ("messages.create", "OK", "anthropic")
        assert span["output_tokens"] == got.usage.output_tokens
        assert span["output_messages"][0]["parts"][0]["content"] == got.content[0].text

    async def test_a_streamed_create_yields_the_same_events_and_records_usage(
        self, mock, server, session, session_id, is_async
    ):
        expected = await read_all(
            await maybe_await(client(mock.url, is_async).messages.create(**ARGS, stream=True))
        )
        got = await read_all(
            await maybe_await(
                session.wrap_anthropic(client(mock.url, is_async)).messages.create(**ARGS, stream=True)
            )
        )
        assert comparable(got) == comparable(expected)
        span = one_span(server, session_id)
        assert span["is_streaming"] is True and span["time_to_first_token_ms"] is not None
        assert span["output_tokens"] == got[-2].usage.output_tokens  # message_delta carries the final count
        text = "".join(
            e.delta.text for e in got if e.type == "content_block_delta" and e.delta.type == "text_delta"
        )
        assert span["output_messages"][0]["parts"][0]["content"] == text

    async def test_a_stream_closed_after_one_event_is_cancelled(
        self, mock, server, session, session_id, is_async
    ):
        stream = await maybe_await(
            session.wrap_anthropic(client(mock.url, is_async)).messages.create(**ARGS, stream=True)
        )
        if is_async:
            await stream.__anext__()
            await stream.close()
        else:
            next(iter(stream))
            stream.close()
        span = one_span(server, session_id)
        assert span["status"] == "OK" and span["attributes"]["fallom.stream.cancelled"] is True

    async def test_messages_stream_yields_the_sdks_message_stream_and_is_traced_once(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_anthropic(client(mock.url, is_async))
        if is_async:
            async with wrapped.messages.stream(**ARGS) as stream:
                assert type(stream).__name__ == "AsyncMessageStream"
                texts = [text async for text in stream.text_stream]
                final = await stream.get_final_message()
        else:
            with wrapped.messages.stream(**ARGS) as stream:
                assert type(stream).__name__ == "MessageStream"
                texts = list(stream.text_stream)
                final = stream.get_final_message()
        assert "".join(texts) == final.content[0].text
        span = one_span(server, session_id)
        assert span["name"] == "messages.stream" and span["status"] == "OK"
        assert span["output_tokens"] == final.usage.output_tokens
        assert span["time_to_first_token_ms"] is not None

    async def test_provider_and_network_errors_are_reraised_and_recorded(
        self, mock, server, session, session_id, is_async
    ):
        wrapped = session.wrap_anthropic(client(mock.url, is_async, default_headers={"x-mock-error": "429"}))
        with pytest.raises(RateLimitError):
            await maybe_await(wrapped.messages.create(**ARGS))
        with pytest.raises(APIConnectionError):
            await maybe_await(
                session.wrap_anthropic(client(closed_port_url(), is_async)).messages.create(**ARGS)
            )
        import fallom

        assert fallom.flush(10)
        spans = server.wait_for_spans(2, session_id=session_id)
        assert sorted(s["error_type"] for s in spans) == ["429", "APIConnectionError"]
        assert {s["status"] for s in spans} == {"ERROR"}


def test_cache_tokens_are_counted_into_input(mock, server, session, session_id):
    wrapped = session.wrap_anthropic(client(mock.url, False))
    system = [{"type": "text", "text": "You are terse. " * 200, "cache_control": {"type": "ephemeral"}}]
    message = wrapped.messages.create(**ARGS, system=system)
    span = one_span(server, session_id)
    usage = message.usage
    assert span["cache_read_tokens"] == usage.cache_read_input_tokens
    assert span["cache_write_tokens"] == usage.cache_creation_input_tokens
    assert (
        span["input_tokens"]
        == usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens
    )
    assert span["system_instructions"][0]["content"].startswith("You are terse.")
