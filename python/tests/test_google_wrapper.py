"""wrap_google_ai: google-generativeai GenerativeModel and the google-genai Client."""

from __future__ import annotations

import pytest

import fallom
from conftest import one_span


def output_text(span):
    """All text parts of the first output message (mock-llm splits Gemini text across parts)."""
    return "".join(
        part.get("content", "") for part in span["output_messages"][0]["parts"] if part["type"] == "text"
    )


def response_text(response):
    return "".join(part.text or "" for part in response.candidates[0].content.parts)


@pytest.fixture
def genai_client(mock):
    from google import genai

    return genai.Client(api_key="g-test", http_options={"base_url": mock.url})


@pytest.fixture
def generative_model(mock):
    import google.generativeai as legacy

    legacy.configure(api_key="g-test", transport="rest", client_options={"api_endpoint": mock.url})
    return legacy.GenerativeModel("gemini-1.5-flash")


class TestGenAiClient:
    def test_generate_content_matches_the_client_and_is_traced(
        self, genai_client, server, session, session_id
    ):
        expected = genai_client.models.generate_content(model="gemini-2.0-flash", contents="Hello!")
        got = session.wrap_google_ai(genai_client).models.generate_content(
            model="gemini-2.0-flash", contents="Hello!"
        )
        assert got.text == expected.text
        span = one_span(server, session_id)
        assert (span["name"], span["provider"], span["operation"]) == (
            "generateContent",
            "google",
            "generate_content",
        )
        assert span["input_tokens"] == got.usage_metadata.prompt_token_count
        assert output_text(span) == response_text(got)

    def test_generate_content_stream_and_early_stop(self, genai_client, server, session, session_id):
        wrapped = session.wrap_google_ai(genai_client)
        chunks = list(
            wrapped.models.generate_content_stream(model="gemini-2.0-flash", contents="Stream please")
        )
        expected = list(
            genai_client.models.generate_content_stream(model="gemini-2.0-flash", contents="Stream please")
        )
        assert [c.text for c in chunks] == [c.text for c in expected]
        span = one_span(server, session_id)
        assert span["name"] == "generateContentStream" and span["time_to_first_token_ms"] is not None
        assert span["output_tokens"] == chunks[-1].usage_metadata.candidates_token_count

    def test_async_client_and_chats_are_traced_once_per_turn(self, genai_client, server, session, session_id):
        import asyncio

        wrapped = session.wrap_google_ai(genai_client)

        async def run() -> None:
            await wrapped.aio.models.generate_content(model="gemini-2.0-flash", contents="Hi async")
            chat = wrapped.aio.chats.create(model="gemini-2.0-flash")
            await chat.send_message("First turn")

        asyncio.run(run())
        chat = wrapped.chats.create(model="gemini-2.0-flash")
        chat.send_message("Sync turn")
        list(chat.send_message_stream("Streamed turn"))
        wrapped.models.embed_content(model="text-embedding-004", contents="embed me")
        assert fallom.flush(10)
        names = sorted(s["name"] for s in server.wait_for_spans(5, session_id=session_id))
        assert names == [
            "chat.sendMessage",
            "chat.sendMessage",
            "chat.sendMessageStream",
            "embedContent",
            "generateContent",
        ]

    def test_a_provider_error_is_reraised_and_recorded(self, mock, server, session, session_id):
        from google import genai

        failing = genai.Client(
            api_key="g-test", http_options={"base_url": mock.url, "headers": {"x-mock-error": "500"}}
        )
        with pytest.raises(Exception) as raised:
            session.wrap_google_ai(failing).models.generate_content(
                model="gemini-2.0-flash", contents="Hello!"
            )
        span = one_span(server, session_id)
        assert span["status"] == "ERROR" and span["error_type"] == str(raised.value.code) == "500"


class TestGenerativeAi:
    def test_the_seed_generate_content_is_traced(self, generative_model, server, session, session_id):
        gemini = session.wrap_google_ai(generative_model)
        response = gemini.generate_content("Hello!")
        span = one_span(server, session_id)
        assert span["name"] == "generateContent" and span["request_model"] == "gemini-1.5-flash"
        assert output_text(span) == response_text(response)
        assert span["input_tokens"] == response.usage_metadata.prompt_token_count

    def test_streaming_reads_usage_after_the_last_chunk(self, generative_model, server, session, session_id):
        response = session.wrap_google_ai(generative_model).generate_content("Stream this", stream=True)
        text = "".join(response_text(chunk) for chunk in response)
        span = one_span(server, session_id)
        assert span["name"] == "generateContentStream" and span["status"] == "OK"
        assert output_text(span) == text
        assert span["output_tokens"] == response.usage_metadata.candidates_token_count

    def test_chat_turns_are_traced_once(self, generative_model, server, session, session_id):
        chat = session.wrap_google_ai(generative_model).start_chat()
        chat.send_message("First")
        chat.send_message("Second")
        assert fallom.flush(10)
        spans = server.wait_for_spans(2, session_id=session_id)
        assert [s["name"] for s in spans] == ["chat.sendMessage", "chat.sendMessage"]
