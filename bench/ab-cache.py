#!/usr/bin/env python3
"""`fallom.models.get` and `fallom.prompts.get` of the Python SDK on a warm cache (issue 6
"Performance", target <= 20 µs per call): the median cost of one call once the config and the
prompt are cached and every session's assignment has been recorded.

    npm run build -w @fallom/server && .venv-sdk/bin/python bench/ab-cache.py [--calls 200000] [--sessions 1000]

Method: the real server (`node packages/server/dist/cli.js serve`, temp data dir) with one config
(two variants, targeting on) and one prompt with three variables, created through the management
API, exactly as bench/ab-cache.mjs does. After `init` and a warm-up over every session id, the
calls are timed in batches of 1,000 (`time.perf_counter_ns` around each batch, session ids cycling
through `--sessions`); the report gives the median, p10 and p90 of the per-call time over batches.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import fallom

ROOT = Path(__file__).resolve().parent.parent
BATCH = 1_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(api_key: str, data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        ["node", str(ROOT / "packages/server/dist/cli.js"), "serve", "--port", str(port), "--data-dir", data_dir],
        cwd=ROOT,
        env={**os.environ, "FALLOM_BOOTSTRAP_API_KEY": api_key, "FALLOM_PRICE_REFRESH": "off"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not become healthy in 30 s")


def post(url: str, api_key: str, path: str, body: object) -> None:
    request = urllib.request.Request(
        url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--sessions", type=int, default=1_000)
    args = parser.parse_args()

    api_key = "flm_" + secrets.token_hex(20)
    data_dir = tempfile.mkdtemp(prefix="fallom-bench-ab-py-")
    process, url = start_server(api_key, data_dir)
    try:
        post(url, api_key, "/api/v1/configs", {
            "key": "bench-config",
            "variants": [{"model": "gpt-4o", "weight": 50}, {"model": "gpt-4o-mini", "weight": 50}],
            "targeting": {
                "enabled": True,
                "individualTargets": [{"field": "customerId", "value": "vip", "variantIndex": 0}],
                "rules": [{"conditions": [{"field": "plan", "operator": "eq", "value": "enterprise"}], "variantIndex": 0}],
            },
        })
        post(url, api_key, "/api/v1/prompts", {
            "key": "bench-prompt",
            "system_prompt": "You are {{ role }}. Answer briefly.",
            "user_template": "Hi {{name}}, here is your question: {{question}}",
        })
        fallom.init(api_key=api_key, base_url=url)
        sessions = [f"bench-session-{i}" for i in range(args.sessions)]
        variables = {"role": "a support agent", "name": "Ann", "question": "Where is my invoice?"}
        count = args.sessions

        def models_get(i: int) -> object:
            return fallom.models.get(
                "bench-config", sessions[i % count], fallback="fallback-model", customer_id="acme", context={"plan": "pro"}
            )

        def prompts_get(i: int) -> object:
            return fallom.prompts.get("bench-prompt", variables=variables)

        cases = {"models.get": models_get, "prompts.get": prompts_get}
        # The first lookups wait for the initial fetch; make sure both answer from the server
        # (not the fallback) before timing anything.
        deadline = time.monotonic() + 30
        while True:
            try:
                if models_get(0) != "fallback-model" and prompts_get(0).version == 1:
                    break
            except Exception:  # noqa: BLE001 - not cached yet
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the config and prompt never reached the SDK's cache")
            time.sleep(0.2)
        # Warm-up: fills the cache and records every session's assignment.
        for run in cases.values():
            for i in range(max(20_000, count * 2)):
                run(i)
        time.sleep(0.5)

        results = {}
        for name, run in cases.items():
            per_call = []
            for done in range(0, args.calls, BATCH):
                start = time.perf_counter_ns()
                for i in range(done, done + BATCH):
                    run(i)
                per_call.append((time.perf_counter_ns() - start) / BATCH)
            per_call.sort()

            def at(q: float, values: list[float] = per_call) -> float:
                return values[min(len(values) - 1, int(q * len(values)))]

            results[name] = (at(0.5), at(0.1), at(0.9))
        fallom.shutdown()
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(data_dir, ignore_errors=True)

    print(f"fallom (Python) {fallom.__version__} warm cache, {args.calls} calls each, {args.sessions} sessions, "
          f"Python {platform.python_version()}")
    for name, (median, p10, p90) in results.items():
        print(f"{name:<12} median {median / 1000:.2f} µs  (p10 {p10 / 1000:.2f} µs, p90 {p90 / 1000:.2f} µs)  target <= 20 µs")


if __name__ == "__main__":
    main()
