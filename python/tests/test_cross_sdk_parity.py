"""Issue 4 acceptance: the TypeScript SDK (packages/trace/dist, driven by node with the real `openai`,
`@anthropic-ai/sdk` and `@google/genai` clients) and this SDK make the same calls against one server
and one mock-llm, and the server stores the same normalised record for each, field by field.

Only what must differ between two runs is left out: ids, times, durations, TTFT, `source` and
`resource` (the SDK's own name and version)."""

from __future__ import annotations

import json
import subprocess
import uuid
from typing import Any

import pytest
from anthropic import Anthropic
from google import genai
from openai import OpenAI

import fallom
from _servers import API_KEY, REPO_ROOT, MockLlm, TraceServer

#: Fields that legitimately differ between two SDKs making the same call.
EXCLUDED = {
    "trace_id",
    "span_id",
    "parent_span_id",
    "response_id",
    "start_time",
    "end_time",
    "duration_ms",
    "time_to_first_token_ms",
    "source",
    "resource",
    "ingested_at",
    "received_at",
}
#: Attributes that name the SDK, carry ids, or are the SDK's own bookkeeping of the same value.
EXCLUDED_ATTRIBUTES = {"gen_ai.response.id", "gen_ai.response.time_to_first_chunk"}

SYSTEM = "You are terse."
CALLS = {
    "openai-plain": "parity: openai plain",
    "openai-stream": "parity: openai stream",
    "anthropic": "parity: anthropic messages",
    "google": "parity: google generateContent",
}
METADATA = {"plan": "pro", "seats": 3, "ratio": 0.5, "beta": True}
TAGS = ["parity", "sdk"]

TS_SCRIPT = r"""
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import fallom from "./packages/trace/dist/index.js";

const [serverUrl, mockUrl, apiKey, sessionId, callsJson, metadataJson, tagsJson, system] =
  process.argv.slice(1);
const calls = JSON.parse(callsJson);
await fallom.init({ apiKey, baseUrl: serverUrl });
const session = fallom.session({ configKey: "parity", sessionId, customerId: "cust-parity",
  metadata: JSON.parse(metadataJson), tags: JSON.parse(tagsJson) });
const openai = session.wrapOpenAI(new OpenAI({ apiKey: "sk-test", baseURL: `${mockUrl}/v1`, maxRetries: 0 }));
const params = { model: "gpt-4o", temperature: 0.3, top_p: 0.9, max_tokens: 50, seed: 7, stop: ["END"],
  frequency_penalty: 0.1, presence_penalty: 0.2 };
await openai.chat.completions.create({ ...params,
  messages: [{ role: "system", content: system }, { role: "user", content: calls["openai-plain"] }] });
const stream = await openai.chat.completions.create({ ...params, stream: true,
  messages: [{ role: "system", content: system }, { role: "user", content: calls["openai-stream"] }] });
for await (const _chunk of stream) {}
const anthropic = session.wrapAnthropic(new Anthropic({ apiKey: "a-test", baseURL: mockUrl, maxRetries: 0 }));
await anthropic.messages.create({ model: "claude-sonnet-4-20250514", max_tokens: 100,
  stop_sequences: ["STOP"], system, messages: [{ role: "user", content: calls.anthropic }] });
const google = session.wrapGoogleAI(new GoogleGenAI({ apiKey: "g-test", httpOptions: { baseUrl: mockUrl } }));
await google.models.generateContent({ model: "gemini-2.0-flash", contents: calls.google,
  config: { systemInstruction: system, temperature: 0.2, topP: 0.8, topK: 20, maxOutputTokens: 64,
    stopSequences: ["HALT"], seed: 3 } });
if (!(await fallom.flush(10000))) process.exit(2);
await fallom.shutdown();
"""


def run_typescript(server: TraceServer, mock: MockLlm, session_id: str) -> None:
    subprocess.run(
        [
            "node",
            "--input-type=module",
            "-e",
            TS_SCRIPT,
            server.url,
            mock.url,
            API_KEY,
            session_id,
            json.dumps(CALLS),
            json.dumps(METADATA),
            json.dumps(TAGS),
            SYSTEM,
        ],
        cwd=REPO_ROOT,
        check=True,
        timeout=60,
        capture_output=True,
    )


def run_python(mock: MockLlm, session_id: str) -> None:
    session = fallom.session(
        config_key="parity", session_id=session_id, customer_id="cust-parity", metadata=METADATA, tags=TAGS
    )
    openai = session.wrap_openai(OpenAI(api_key="sk-test", base_url=mock.url + "/v1", max_retries=0))
    params: dict[str, Any] = {
        "model": "gpt-4o",
        "temperature": 0.3,
        "top_p": 0.9,
        "max_tokens": 50,
        "seed": 7,
        "stop": ["END"],
        "frequency_penalty": 0.1,
        "presence_penalty": 0.2,
    }
    openai.chat.completions.create(
        **params,
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": CALLS["openai-plain"]}],
    )
    for _chunk in openai.chat.completions.create(
        **params,
        stream=True,
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": CALLS["openai-stream"]}],
    ):
        pass
    anthropic = session.wrap_anthropic(Anthropic(api_key="a-test", base_url=mock.url, max_retries=0))
    anthropic.messages.create(
        model="claude-sonnet-4-20250514",
        max_tokens=100,
        stop_sequences=["STOP"],
        system=SYSTEM,
        messages=[{"role": "user", "content": CALLS["anthropic"]}],
    )
    google = session.wrap_google_ai(genai.Client(api_key="g-test", http_options={"base_url": mock.url}))
    google.models.generate_content(
        model="gemini-2.0-flash",
        contents=CALLS["google"],
        config={
            "system_instruction": SYSTEM,
            "temperature": 0.2,
            "top_p": 0.8,
            "top_k": 20,
            "max_output_tokens": 64,
            "stop_sequences": ["HALT"],
            "seed": 3,
        },
    )
    assert fallom.flush(10)


def last_user_text(record: dict[str, Any]) -> str:
    for message in reversed(record.get("input_messages") or []):
        for part in message.get("parts") or []:
            if part.get("type") == "text" and str(part.get("content", "")).startswith("parity:"):
                return str(part["content"])
    raise AssertionError(f"no parity message in {record.get('name')}: {record.get('input_messages')}")


def normalised(record: dict[str, Any]) -> dict[str, Any]:
    out = {key: value for key, value in record.items() if key not in EXCLUDED}
    attributes = {
        key: value
        for key, value in (record.get("attributes") or {}).items()
        if key not in EXCLUDED_ATTRIBUTES
    }
    # JSON attributes compare as values: key order is not part of the record.
    for key in ("fallom.raw.usage",):
        if isinstance(attributes.get(key), str):
            attributes[key] = json.loads(attributes[key])
    out["attributes"] = attributes
    if isinstance(out.get("raw_response"), dict):
        out["raw_response"] = {k: v for k, v in out["raw_response"].items() if k != "responseId"}
    return out


def differences(ts: Any, py: Any, path: str = "") -> list[str]:
    if isinstance(ts, dict) and isinstance(py, dict):
        found: list[str] = []
        for key in sorted(set(ts) | set(py)):
            if key not in py:
                found.append(f"{path}.{key}: only TS has {ts[key]!r}")
            elif key not in ts:
                found.append(f"{path}.{key}: only Python has {py[key]!r}")
            else:
                found.extend(differences(ts[key], py[key], f"{path}.{key}"))
        return found
    if isinstance(ts, list) and isinstance(py, list) and len(ts) == len(py):
        return [d for index, (a, b) in enumerate(zip(ts, py)) for d in differences(a, b, f"{path}[{index}]")]
    if ts != py:
        return [f"{path}: TS {ts!r} != Python {py!r}"]
    return []


@pytest.fixture(scope="module")
def both_records(server: TraceServer, mock: MockLlm) -> dict[str, dict[str, dict[str, Any]]]:
    session_id = "parity-" + uuid.uuid4().hex
    fallom.init(api_key=API_KEY, base_url=server.url)
    run_python(mock, session_id)
    run_typescript(server, mock, session_id)
    records = server.wait_for_spans(8, session_id=session_id)
    by_source: dict[str, dict[str, dict[str, Any]]] = {"sdk-ts": {}, "sdk-py": {}}
    for record in records:
        by_source[record["source"]][last_user_text(record)] = record
    assert {source: sorted(calls) for source, calls in by_source.items()} == {
        "sdk-ts": sorted(CALLS.values()),
        "sdk-py": sorted(CALLS.values()),
    }
    return by_source


@pytest.mark.parametrize("call", list(CALLS))
def test_typescript_and_python_store_the_same_record(call: str, both_records: Any) -> None:
    text = CALLS[call]
    ts, py = both_records["sdk-ts"][text], both_records["sdk-py"][text]
    found = differences(normalised(ts), normalised(py))
    assert not found, "\n".join(found)
    # The comparison covered the fields that matter (not two empty records).
    assert py["session_id"].startswith("parity-") and py["metadata"] and py["input_tokens"]
