#!/usr/bin/env python3
"""Added latency and CPU per call of the Python `fallom` SDK, wrapped vs unwrapped, with its peers
measured side by side in the same run (issue 4 "Performance"): the published `fallom` 0.2.7,
Langfuse's `langfuse.openai` wrapper and OpenLLMetry (`traceloop-sdk`), each exporting to a local
sink that answers 200 to anything.

    bash bench/python-sdk-overhead.sh [--calls 400] [--rounds 5] [--modes plain,stream]
                                      [--variants unwrapped,fallom,fallom-0.2.7,langfuse,openllmetry]

Method: mock-llm (`x-mock-stream-chunks: 100` for 100-chunk streams) and the sink run as child
processes; each (variant, mode) measurement is its own Python process (the peers patch `openai`
globally), with the same `openai` client, run in `--rounds` rounds with the variants in a rotating
order so machine noise hits them alike. A worker makes warm-up calls, then `--calls` timed calls
(a stream call is timed until its last chunk is read) and reports its median latency and CPU per
call. The report gives, per variant, the median over rounds of (variant median − unwrapped median
in the same round).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS_PY = HERE / ".venv-py-peers/bin/python"
PUBLISHED_PY = HERE / ".venv-py-published/bin/python"
VARIANTS = ["unwrapped", "fallom", "fallom-0.2.7", "langfuse", "openllmetry"]
WARMUP = 50
MESSAGES = [{"role": "user", "content": "Benchmark: say something short."}]


# Worker ----------------------------------------------------------------------------------------


def make_client(variant: str, mode: str, mock: str, sink: str) -> tuple[Any, Any]:
    """(client to call, flush function) for `variant`; every variant uses the same `openai.OpenAI`."""
    headers = {"x-mock-stream-chunks": "100"} if mode == "stream" else {}
    if variant == "langfuse":
        os.environ.update(
            LANGFUSE_PUBLIC_KEY="pk-lf-bench",
            LANGFUSE_SECRET_KEY="sk-lf-bench",
            LANGFUSE_HOST=sink,
            LANGFUSE_BASE_URL=sink,
        )
        from langfuse import get_client
        from langfuse.openai import openai as lf_openai  # patches openai's resources

        client = lf_openai.OpenAI(base_url=mock + "/v1", api_key="sk", max_retries=0, default_headers=headers)
        return client, lambda: get_client().flush()
    from openai import OpenAI

    client = OpenAI(base_url=mock + "/v1", api_key="sk", max_retries=0, default_headers=headers)
    if variant == "unwrapped":
        return client, lambda: None
    if variant in ("fallom", "fallom-0.2.7"):
        import fallom

        fallom.init(api_key="flm_bench", traces_url=sink, configs_url=sink, prompts_url=sink)
        session = fallom.session(config_key="bench", session_id="bench-session", customer_id="bench-user")
        flush = getattr(fallom, "flush", None) or (lambda: None)
        return session.wrap_openai(client), flush
    if variant == "openllmetry":
        os.environ["TRACELOOP_TELEMETRY"] = "false"
        from traceloop.sdk import Traceloop

        Traceloop.init(app_name="bench", api_endpoint=sink, api_key="bench", disable_batch=False)
        return client, lambda: Traceloop.flush() if hasattr(Traceloop, "flush") else None
    raise SystemExit(f"unknown variant {variant}")


def one_call(client: Any, mode: str) -> None:
    if mode == "stream":
        for _chunk in client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True):
            pass
    else:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)


def worker(variant: str, mode: str, mock: str, sink: str, calls: int) -> dict[str, Any]:
    client, flush = make_client(variant, mode, mock, sink)
    try:
        for _ in range(WARMUP):
            one_call(client, mode)
    except Exception as error:  # e.g. the published 0.2.7 raises on stream=True (SPEC §10 #1)
        return {"error": f"{type(error).__name__}: {str(error)[:120]}"}
    latencies: list[int] = []
    thread_cpu: list[int] = []
    cpu_start = time.process_time_ns()
    for _ in range(calls):
        start = time.perf_counter_ns()
        thread_start = time.thread_time_ns()
        one_call(client, mode)
        thread_cpu.append(time.thread_time_ns() - thread_start)
        latencies.append(time.perf_counter_ns() - start)
    cpu_ns = time.process_time_ns() - cpu_start
    try:
        flush()
    except Exception:
        pass
    latencies.sort()
    return {
        "median_us": statistics.median(latencies) / 1000,
        "p95_us": latencies[int(len(latencies) * 0.95)] / 1000,
        "cpu_us": cpu_ns / calls / 1000,
        # The caller's own thread only: what the SDK costs on the call path, without the export
        # threads, and far less sensitive to other load on the machine than wall-clock latency.
        "thread_cpu_us": statistics.median(thread_cpu) / 1000,
    }


# Orchestrator ----------------------------------------------------------------------------------


def start_child(args: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode().strip()  # type: ignore[union-attr]
    if not line.startswith("http"):
        raise SystemExit(f"{args}: no URL printed ({line!r})")
    return process, line


def run_worker(variant: str, mode: str, mock: str, sink: str, calls: int) -> dict[str, Any]:
    python = PUBLISHED_PY if variant == "fallom-0.2.7" else PEERS_PY
    done = subprocess.run(
        [str(python), __file__, "--worker", variant, "--mode", mode, "--mock", mock, "--sink", sink]
        + ["--calls", str(calls)],
        cwd=ROOT,
        capture_output=True,
        timeout=900,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    lines = done.stdout.decode().strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": f"exit {done.returncode}: {done.stderr.decode()[-300:]}"}
    return dict(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--mode", default="plain")
    parser.add_argument("--mock")
    parser.add_argument("--sink")
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--modes", default="plain,stream")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.mode, args.mock, args.sink, args.calls)))
        return
    variants = args.variants.split(",")
    modes = args.modes.split(",")
    mock_process, mock = start_child(["node", "packages/mock-llm/dist/cli.js", "--port", "0"])
    sink_process, sink = start_child(["node", "bench/lib/sink-server.mjs"])
    results: list[dict[str, Any]] = []
    try:
        for round_index in range(args.rounds):
            for mode in modes:
                order = [variants[(i + round_index) % len(variants)] for i in range(len(variants))]
                for variant in order:
                    result = run_worker(variant, mode, mock, sink, args.calls)
                    results.append({"round": round_index, "mode": mode, "variant": variant, **result})
                    shown = result.get("error") or f"median {result['median_us']:.0f} µs"
                    print(f"round {round_index + 1} {mode:6} {variant:13} {shown}", file=sys.stderr)
    finally:
        for process in (mock_process, sink_process):
            process.terminate()
            process.wait(10)
    report(results, variants, modes, args)


def report(results: list[dict[str, Any]], variants: list[str], modes: list[str], args: Any) -> None:
    print(f"\n{args.rounds} rounds × {args.calls} calls per variant and mode; µs per call\n")
    print(
        "| mode | variant | median latency | added latency vs unwrapped (median of rounds) | range of rounds "
        "| added caller-thread CPU | added process CPU (incl. export threads) |"
    )
    print("|---|---|---|---|---|---|---|")
    for mode in modes:
        base = {r["round"]: r for r in results if r["mode"] == mode and r["variant"] == "unwrapped"}
        for variant in variants:
            rows = [r for r in results if r["mode"] == mode and r["variant"] == variant]
            ok = [r for r in rows if "error" not in r and "error" not in base.get(r["round"], {"error": 1})]
            if not ok:
                error = rows[0].get("error", "no data") if rows else "no data"
                print(f"| {mode} | {variant} | – | n/a: {error} | | | |")
                continue
            added = [r["median_us"] - base[r["round"]]["median_us"] for r in ok]
            added_cpu = [r["cpu_us"] - base[r["round"]]["cpu_us"] for r in ok]
            added_thread = [r["thread_cpu_us"] - base[r["round"]]["thread_cpu_us"] for r in ok]
            print(
                f"| {mode} | {variant} | {statistics.median(r['median_us'] for r in ok):.0f} "
                f"| **{statistics.median(added):+.0f}** | {min(added):+.0f} … {max(added):+.0f} "
                f"| {statistics.median(added_thread):+.0f} | {statistics.median(added_cpu):+.0f} |"
            )


if __name__ == "__main__":
    main()
