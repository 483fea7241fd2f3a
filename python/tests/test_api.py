"""init / session / flush / shutdown, manual spans, the legacy `fallom.trace` API, models and prompts."""

from __future__ import annotations

import asyncio
import importlib.metadata
import uuid

import pytest
from openai import OpenAI

import fallom
from _servers import API_KEY
from _sink import Sink
from conftest import one_span

HELLO = [{"role": "user", "content": "Hello!"}]


def test_the_public_api_is_exactly_the_documented_names():
    assert sorted(fallom.__all__) == sorted(
        [
            "ConfigurationError",
            "FallomError",
            "FallomSession",
            "FallomSpan",
            "NotFoundError",
            "NotInitializedError",
            "SessionContext",
            "__version__",
            "flush",
            "init",
            "models",
            "prompts",
            "session",
            "shutdown",
            "trace",
            "wrap_traced",
        ]
    )
    assert fallom.__version__ == importlib.metadata.version("fallom") == "0.3.0"


def test_init_without_a_key_names_both_ways_to_give_one(monkeypatch):
    monkeypatch.delenv("FALLOM_API_KEY", raising=False)
    with pytest.raises(ValueError) as raised:
        fallom.init()
    assert "api_key" in str(raised.value) and "FALLOM_API_KEY" in str(raised.value)
    assert isinstance(raised.value, fallom.ConfigurationError)


def test_fallom_base_url_alone_sends_traces_there(monkeypatch, mock):
    sink = Sink()
    try:
        monkeypatch.setenv("FALLOM_API_KEY", API_KEY)
        monkeypatch.setenv("FALLOM_BASE_URL", sink.url + "/")
        fallom.init()
        fallom.init()  # idempotent
        fallom.session(config_key="k", session_id="s").wrap_openai(
            OpenAI(base_url=mock.url + "/v1", api_key="sk")
        ).chat.completions.create(model="gpt-4o", messages=HELLO)
        assert fallom.flush(5)
        assert len(sink.bodies) == 1
        assert sink.headers[0]["Authorization"] == f"Bearer {API_KEY}"
        assert sink.headers[0]["Content-Type"] == "application/x-protobuf"
        assert sink.headers[0]["Content-Encoding"] == "gzip"
        assert b"telemetry.sdk.name" in sink.bodies[0] and b"fallom" in sink.bodies[0]
    finally:
        fallom.shutdown(1)
        sink.close()


def test_after_shutdown_calls_pass_through_untraced(mock, server, session, session_id):
    fallom.shutdown()
    reply = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk")).chat.completions.create(
        model="gpt-4o", messages=HELLO
    )
    assert reply.choices[0].message.content == "Mock reply to: Hello!"
    fallom.init(api_key=API_KEY, base_url=server.url)
    assert server.wait_for_spans(0, session_id=session_id, settle=0.5) == []


def test_get_context_is_a_copy(session):
    context = session.get_context()
    context.metadata["deployment"] = "changed"
    assert session.get_context().metadata["deployment"] == "test"
    with pytest.raises(ValueError):
        fallom.session(config_key="", session_id="s")


def test_llm_calls_inside_a_manual_span_are_its_children(mock, server, session, session_id):
    client = session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk"))
    with session.span("retrieve", kind="retrieval") as span:
        span.set({"documents": 3, "input": "question", "filters": {"lang": "en"}})
        client.chat.completions.create(model="gpt-4o", messages=HELLO)
    assert fallom.flush(10)
    spans = {s["name"]: s for s in server.wait_for_spans(2, session_id=session_id)}
    manual, llm = spans["retrieve"], spans["chat.completions.create"]
    assert manual["kind"] == "retrieval" and manual["span_id"] == span.span_id
    assert llm["parent_span_id"] == manual["span_id"] and llm["trace_id"] == manual["trace_id"]
    assert manual["attributes"]["documents"] == 3
    assert manual["input_messages"][0]["parts"][0]["content"] == "question"


def test_wrap_traced_records_input_output_and_errors(server, session, session_id):
    @fallom.wrap_traced(session, "double")
    def double(value: int) -> int:
        return value * 2

    @fallom.wrap_traced(session, "explode", kind="tool")
    async def explode() -> None:
        raise KeyError("boom")

    assert double(21) == 42
    with pytest.raises(KeyError):
        asyncio.run(explode())
    assert fallom.flush(10)
    spans = {s["name"]: s for s in server.wait_for_spans(2, session_id=session_id)}
    assert spans["double"]["status"] == "OK"
    assert spans["explode"]["status"] == "ERROR" and spans["explode"]["error_type"] == "KeyError"


def test_the_legacy_context_session_traces_module_level_wrappers(mock, server):
    session_id = "py-legacy-" + uuid.uuid4().hex
    client = fallom.trace.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk"))
    client.chat.completions.create(model="gpt-4o", messages=HELLO)  # no session: untraced
    fallom.trace.set_session("legacy-app", session_id, customer_id="c-1")
    try:
        assert fallom.trace.get_session().session_id == session_id
        client.chat.completions.create(model="gpt-4o", messages=HELLO)
    finally:
        fallom.trace.clear_session()
    assert fallom.trace.get_session() is None
    span = one_span(server, session_id)
    assert (span["config_key"], span["customer_id"]) == ("legacy-app", "c-1")


def test_models_and_prompts_return_the_fallback_or_say_what_is_missing(session):
    assert fallom.models.get("cfg-missing", "s", fallback="gpt-4o-mini") == "gpt-4o-mini"
    with pytest.raises(fallom.NotFoundError, match=r"^Config 'cfg-missing' not found"):
        fallom.models.get("cfg-missing", "s")
    assert asyncio.run(session.get_model(fallback="gpt-4o")) == "gpt-4o"
    assert session.get_model_sync(fallback="gpt-4o") == "gpt-4o"
    assert session.llm_attributes == {}  # a fallback is no assignment
    fallback = fallom.prompts.PromptResult(key="other", version=2, system="s {{v}}", user="u")
    result = fallom.prompts.get("greet-missing", variables={"v": True}, fallback=fallback)
    assert result == fallom.prompts.PromptResult(key="greet-missing", version=0, system="s true", user="u")
    assert fallom.prompts.get_prompt_context() == {
        "prompt_key": "greet-missing",
        "prompt_version": 0,
        "ab_test_key": None,
        "variant_index": None,
    }
    fallom.prompts.clear_prompt_context()
    assert fallom.prompts.get_prompt_context() is None


def test_a_prompt_set_on_the_session_links_its_llm_spans(mock, server, session, session_id):
    session.set_prompt(
        fallom.prompts.PromptResult(
            key="greet", version=3, system="s", user="u", ab_test_key="ab", variant_index=1
        )
    )
    session.wrap_openai(OpenAI(base_url=mock.url + "/v1", api_key="sk")).chat.completions.create(
        model="gpt-4o", messages=HELLO
    )
    span = one_span(server, session_id)
    assert (
        span["prompt_key"],
        span["prompt_version"],
        span["prompt_ab_test_key"],
        span["prompt_variant_index"],
    ) == ("greet", 3, "ab", 1)
