"""capture_content=False / FALLOM_CAPTURE_CONTENT=false: no content on the wire, on any path."""

from __future__ import annotations

import pytest
from anthropic import Anthropic
from openai import OpenAI

import fallom
from _servers import API_KEY, closed_port_url
from _sink import Sink

SECRET_PROMPT = "my-secret-prompt-7f3a"


def exercise_every_path(mock_url: str) -> None:
    session = fallom.session(config_key="k", session_id="s")
    openai = session.wrap_openai(OpenAI(base_url=mock_url + "/v1", api_key="sk-test", max_retries=0))
    messages = [{"role": "user", "content": SECRET_PROMPT}]
    openai.chat.completions.create(model="gpt-4o", messages=messages)
    list(openai.chat.completions.create(model="gpt-4o", messages=messages, stream=True))
    openai.responses.create(model="gpt-4o", input=SECRET_PROMPT, instructions=SECRET_PROMPT)
    openai.embeddings.create(model="text-embedding-3-small", input=SECRET_PROMPT)
    failing = session.wrap_openai(
        OpenAI(base_url=closed_port_url() + "/v1", api_key="sk-test", max_retries=0)
    )
    with pytest.raises(Exception):  # noqa: B017
        failing.chat.completions.create(model="gpt-4o", messages=messages)
    anthropic = session.wrap_anthropic(Anthropic(base_url=mock_url, api_key="sk-ant", max_retries=0))
    anthropic.messages.create(
        model="claude-sonnet-4-20250514", max_tokens=64, messages=messages, system=SECRET_PROMPT
    )
    with anthropic.messages.stream(
        model="claude-sonnet-4-20250514", max_tokens=64, messages=messages
    ) as stream:
        stream.get_final_message()
    with session.span("manual") as span:
        span.set({"input": SECRET_PROMPT, "output": SECRET_PROMPT, "documents": 3})

    @fallom.wrap_traced(session, "step")
    def step(text: str) -> str:
        return text

    step(SECRET_PROMPT)


@pytest.mark.parametrize("how", ["option", "environment", "session"])
def test_no_prompt_or_completion_text_reaches_the_wire(mock, monkeypatch, how):
    sink = Sink()
    try:
        if how == "environment":
            monkeypatch.setenv("FALLOM_CAPTURE_CONTENT", "false")
        fallom.init(api_key=API_KEY, base_url=sink.url, capture_content=how != "option")
        if how == "session":
            original = fallom.session
            monkeypatch.setattr(fallom, "session", lambda *a, **k: original(*a, **k, capture_content=False))
        exercise_every_path(mock.url)
        assert fallom.flush(10)
        wire = sink.wire
        assert b"gen_ai.usage.input_tokens" in wire  # spans did arrive
        assert b"chat.completions.create" in wire and b"manual" in wire
        assert SECRET_PROMPT.encode() not in wire
        assert b"Mock reply to" not in wire  # completions
        assert b"fallom.raw.request" not in wire and b"fallom.raw.response" not in wire
    finally:
        fallom.shutdown(1)
        sink.close()


def test_with_capture_on_the_same_paths_do_send_content(mock):
    sink = Sink()
    try:
        fallom.init(api_key=API_KEY, base_url=sink.url)
        exercise_every_path(mock.url)
        assert fallom.flush(10)
        assert SECRET_PROMPT.encode() in sink.wire and b"Mock reply to" in sink.wire
    finally:
        fallom.shutdown(1)
        sink.close()
