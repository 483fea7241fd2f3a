"""Drives the published `fallom` 0.2.x SDK (from PyPI) against our server and mock-llm.

Environment: FALLOM_API_KEY, FALLOM_URL (our server), MOCK_LLM_URL, RUN_ID.
0.2.x has no flush(): each trace is posted from its own daemon thread, so we join those threads.
"""

import os
import threading

import fallom
import openai
from openai import OpenAI

server = os.environ["FALLOM_URL"]
run_id = os.environ["RUN_ID"]

fallom.init(
    api_key=os.environ["FALLOM_API_KEY"],
    traces_url=server,
    configs_url=server,
    prompts_url=server,
)
session = fallom.session(
    config_key="py-published",
    session_id=f"py-{run_id}",
    customer_id="py-customer",
    metadata={"env": "ci", "attempt": 1},
    tags=["published"],
)
client = session.wrap_openai(
    OpenAI(api_key="sk-test", base_url=f"{os.environ['MOCK_LLM_URL']}/v1", max_retries=0)
)

reply = client.chat.completions.create(
    model="gpt-4o",
    messages=[
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "What is the capital of France?"},
    ],
)
print("REPLY", reply.choices[0].message.content)
print("USAGE", reply.usage.prompt_tokens, reply.usage.completion_tokens)

try:
    client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Hi"}],
        extra_headers={"x-mock-error": "429"},
    )
except openai.RateLimitError:
    print("RATE_LIMITED")

for thread in threading.enumerate():
    target = repr(getattr(thread, "_target", ""))
    if thread is not threading.main_thread() and "_send_trace_sync" in target:
        thread.join(timeout=10)
print("DONE")
