"""The Python blocks of the product docs (shared/seed/tracing-docs.txt) run as written, with only
the provider's base URL pointed at mock-llm, and their spans arrive with every SPEC §4.1 field right.

Each block runs in its own interpreter and never calls `flush()`: the export at interpreter exit
is part of what is tested."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest

from _servers import API_KEY

OPENAI = """
import os
import fallom
from openai import OpenAI
fallom.init( api_key = os.environ[ "FALLOM_API_KEY" ])
# Create a session for this conversation/request
session = fallom.session(
config_key = "my-app" ,
session_id = "session-123" ,
customer_id = "user-456" ,
)
openai = session.wrap_openai(OpenAI())
response = openai.chat.completions.create(
model = "gpt-4o" ,
messages = [{ "role" : "user" , "content" : "Hello!" }]
)
"""

ANTHROPIC = """
import os
import fallom
from anthropic import Anthropic
fallom.init( api_key = os.environ[ "FALLOM_API_KEY" ])
session = fallom.session(
config_key = "my-app" ,
session_id = "session-123" ,
customer_id = "user-456" ,
)
anthropic = session.wrap_anthropic(Anthropic())
response = anthropic.messages.create(
model = "claude-sonnet-4-20250514" ,
max_tokens = 1024 ,
messages = [{ "role" : "user" , "content" : "Hello!" }]
)
"""

# Only change: `transport` / `client_options` point the legacy Google SDK at mock-llm (it has no
# base-URL environment variable).
GOOGLE = """
import os
import fallom
import google.generativeai as genai
fallom.init( api_key = os.environ[ "FALLOM_API_KEY" ])
session = fallom.session(
config_key = "my-app" ,
session_id = "session-123" ,
customer_id = "user-456" ,
)
genai.configure( api_key = os.environ[ "GOOGLE_API_KEY" ], transport = "rest", client_options = { "api_endpoint" : os.environ[ "MOCK_LLM_URL" ]})
model = genai.GenerativeModel( "gemini-1.5-flash" )
gemini = session.wrap_google_ai(model)
response = gemini.generate_content( "Hello!" )
"""

# Only change: the base URL (OpenRouter → mock-llm).
OPENROUTER = """
import os
import fallom
from openai import OpenAI
fallom.init( api_key = os.environ[ "FALLOM_API_KEY" ])
session = fallom.session(
config_key = "my-app" ,
session_id = "session-123" ,
customer_id = "user-456" ,
)
openrouter = session.wrap_openai(
OpenAI(
base_url = os.environ[ "MOCK_LLM_URL" ] + "/v1" ,
api_key = os.environ[ "OPENROUTER_API_KEY" ],
)
)
response = openrouter.chat.completions.create(
model = "openai/gpt-4o-mini" ,
messages = [{ "role" : "user" , "content" : "Hello!" }]
)
"""

# The docs' `create( ... )` placeholder is filled in; everything else is as written.
CONCURRENT = """
import fallom
from openai import OpenAI
fallom.init()
def handle_request ( user_id : str , conversation_id : str ):
    session = fallom.session(
    config_key = "my-agent" ,
    session_id = conversation_id,
    customer_id = user_id,
    )
    openai = session.wrap_openai(OpenAI())
    # This session's context is isolated
    return openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": conversation_id}])
# Safe to run concurrently!
import concurrent.futures
with concurrent.futures.ThreadPoolExecutor() as executor:
    futures = [
    executor.submit(handle_request, "user-1" , "conv-1" ),
    executor.submit(handle_request, "user-2" , "conv-2" ),
    ]
"""

METADATA = """
import fallom
from openai import OpenAI
fallom.init()
session = fallom.session(
config_key = "my-agent" ,
session_id = "session-123" ,
customer_id = "user-456" ,
metadata = {
"deployment" : "dedicated" ,
"request_type" : "transcript" ,
"user_tier" : "premium" ,
},
tags = [ "production" , "high-priority" , "premium" ],
)
session.wrap_openai(OpenAI()).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
"""


def run_block(source: str, server, mock, **extra_env: str) -> None:
    env = {
        **os.environ,
        "FALLOM_API_KEY": API_KEY,
        "FALLOM_BASE_URL": server.url,  # FALLOM_BASE_URL alone must be enough (SPEC §2.2)
        "OPENAI_BASE_URL": mock.url + "/v1",
        "OPENAI_API_KEY": "sk-test",
        "ANTHROPIC_BASE_URL": mock.url,
        "ANTHROPIC_API_KEY": "sk-ant-test",
        "GOOGLE_API_KEY": "g-test",
        "OPENROUTER_API_KEY": "sk-or-test",
        "MOCK_LLM_URL": mock.url,
        **extra_env,
    }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode()


def newest(server, count: int, **query: str) -> dict:
    spans = server.wait_for_spans(count, **query)
    assert len(spans) >= count
    return max(spans, key=lambda span: span["start_time"])


def assert_session_fields(span: dict, session_id: str = "session-123") -> None:
    assert span["config_key"] == "my-app"
    assert span["session_id"] == session_id
    assert span["customer_id"] == "user-456"
    assert span["source"] == "sdk-py"
    assert span["status"] == "OK" and span["error_type"] is None
    assert span["kind"] == "llm" and span["operation"] in ("chat", "generate_content")
    assert span["end_time"] > span["start_time"] and span["duration_ms"] > 0
    assert span["is_streaming"] is False and span["time_to_first_token_ms"] is None


def test_the_openai_block(server, mock):
    run_block(OPENAI, server, mock)
    span = newest(server, 1, session_id="session-123", model="gpt-4o")
    assert_session_fields(span)
    assert (span["name"], span["request_model"], span["response_model"]) == (
        "chat.completions.create",
        "gpt-4o",
        "gpt-4o",
    )
    assert span["input_messages"] == [{"role": "user", "parts": [{"type": "text", "content": "Hello!"}]}]
    assert span["output_messages"][0]["parts"][0]["content"] == "Mock reply to: Hello!"
    assert span["finish_reasons"] == ["stop"] and span["response_id"].startswith("chatcmpl-")
    assert span["input_tokens"] > 0 and span["output_tokens"] > 0 and span["cache_read_tokens"] == 0
    assert span["total_tokens"] == span["input_tokens"] + span["output_tokens"]
    # gpt-4o: $2.50 / 1M input, $10 / 1M output (genai-prices).
    assert span["cost_status"] == "computed"
    assert span["cost_usd"] == pytest.approx(span["input_tokens"] * 2.5e-6 + span["output_tokens"] * 10e-6)


def test_the_anthropic_block(server, mock):
    run_block(ANTHROPIC, server, mock)
    span = newest(server, 1, session_id="session-123", model="claude-sonnet-4-20250514")
    assert_session_fields(span)
    assert (span["name"], span["provider"]) == ("messages.create", "anthropic")
    assert span["input_messages"][0]["parts"][0]["content"] == "Hello!"
    assert span["output_messages"][0]["parts"][0]["content"] == "Mock reply to: Hello!"
    assert span["finish_reasons"] == ["end_turn"]
    assert span["request_params"]["max_tokens"] == 1024
    # claude-sonnet-4: $3 / 1M input, $15 / 1M output.
    assert span["cost_usd"] == pytest.approx(span["input_tokens"] * 3e-6 + span["output_tokens"] * 15e-6)


def test_the_google_block(server, mock):
    run_block(GOOGLE, server, mock)
    span = newest(server, 1, session_id="session-123", model="gemini-1.5-flash")
    assert_session_fields(span)
    assert (span["name"], span["provider"]) == ("generateContent", "google")
    assert span["input_messages"][0]["parts"][0]["content"] == "Hello!"
    assert "".join(p["content"] for p in span["output_messages"][0]["parts"]) == "Mock reply to: Hello!"
    assert span["input_tokens"] > 0 and span["output_tokens"] > 0


def test_the_openrouter_block(server, mock):
    run_block(OPENROUTER, server, mock)
    span = newest(server, 1, session_id="session-123", model="openai/gpt-4o-mini")
    assert_session_fields(span)
    assert span["request_model"] == "openai/gpt-4o-mini"
    assert span["output_messages"][0]["parts"][0]["content"] == "Mock reply to: Hello!"


def test_the_concurrent_sessions_block_gives_each_span_its_own_session(server, mock):
    run_block(CONCURRENT, server, mock)
    for user, conversation in (("user-1", "conv-1"), ("user-2", "conv-2")):
        span = newest(server, 1, session_id=conversation)
        assert (span["config_key"], span["customer_id"]) == ("my-agent", user)
        assert span["input_messages"][0]["parts"][0]["content"] == conversation


def test_the_metadata_and_tags_block(server, mock):
    marker = uuid.uuid4().hex
    run_block(METADATA.replace('"session-123"', f'"session-{marker}"'), server, mock)
    span = newest(server, 1, session_id=f"session-{marker}")
    assert span["metadata"] == {
        "deployment": "dedicated",
        "request_type": "transcript",
        "user_tier": "premium",
    }
    assert span["tags"] == ["production", "high-priority", "premium"]
