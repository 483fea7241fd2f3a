#!/usr/bin/env python3
"""Added latency and CPU per call of the Python `fallom` SDK, wrapped vs unwrapped, with its peers
measured side by side in the same run (issue 4 "Performance"): the published `fallom` 0.2.7,
Langfuse's `langfuse.openai` wrapper and OpenLLMetry (`traceloop-sdk`), each exporting to a local
sink that answers 200 to anything.

    bash bench/python-sdk-overhead.sh [--block 25] [--rounds 40] [--modes plain,stream]
        [--variants unwrapped,unwrapped-usage,fallom,fallom-0.2.7,langfuse,openllmetry]
        # diagnostics (not run by default): unwrapped-fallom-loaded (the unwrapped client asking for
        # usage in a process where fallom is imported and initialised), fallom-noexport (ended
        # spans dropped: no queue, no export work)

Method: mock-llm (`x-mock-stream-chunks: 100` for 100-chunk streams) and the sink run as child
processes. Per mode, every variant gets its own Python worker process (the peers patch `openai`
globally), all with the same `openai` client; each warms up (50 calls), then waits. The workers then
take turns: a round asks each one, in a rotating order, for a block of `--block` timed calls (a
stream call is timed until its last chunk is read), one worker at a time, and each reports its
block's median latency and median caller-thread CPU per call. Blocks of a round are seconds apart,
so machine noise hits the variants alike; the report gives, per variant, the median over rounds of
(variant's block − unwrapped's block in the same round), and the interquartile range of those
per-round differences. `unwrapped-usage` is the unwrapped client asking for
`stream_options.include_usage` itself (as fallom injects it, SPEC §2.5.1): the difference to it
is the SDK's cost apart from the usage chunk. Process CPU (incl. export threads) is each worker's
CPU time from its first timed call to the end of its final flush, per timed call. A second table
pairs `fallom` with each peer round by round (fallom's block − the peer's) and counts the rounds in
which fallom's block was faster.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

sys.path.insert(0, str(ROOT / "bench" / "lib"))
from child_url import start_child  # noqa: E402

PEERS_PY = HERE / ".venv-py-peers/bin/python"
PUBLISHED_PY = HERE / ".venv-py-published/bin/python"
VARIANTS = [
    "unwrapped",
    "unwrapped-usage",
    "fallom",
    "fallom-0.2.7",
    "langfuse",
    "openllmetry",
]
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

        client = lf_openai.OpenAI(
            base_url=mock + "/v1", api_key="sk", max_retries=0, default_headers=headers
        )
        return client, lambda: get_client().flush()
    from openai import OpenAI

    client = OpenAI(
        base_url=mock + "/v1", api_key="sk", max_retries=0, default_headers=headers
    )
    if variant in ("unwrapped", "unwrapped-usage"):
        return client, lambda: None
    if (
        variant == "unwrapped-fallom-loaded"
    ):  # diagnostic: fallom imported and initialised, not used
        import fallom

        fallom.init(
            api_key="flm_bench", traces_url=sink, configs_url=sink, prompts_url=sink
        )
        return client, lambda: None
    if variant in ("fallom", "fallom-0.2.7", "fallom-noexport"):
        import fallom

        fallom.init(
            api_key="flm_bench", traces_url=sink, configs_url=sink, prompts_url=sink
        )
        if (
            variant == "fallom-noexport"
        ):  # diagnostic: ended spans are dropped, the export thread idles
            from fallom._export._queueing_span_processor import QueueingSpanProcessor

            QueueingSpanProcessor.on_end = lambda self, span: None  # type: ignore[method-assign]
        session = fallom.session(
            config_key="bench", session_id="bench-session", customer_id="bench-user"
        )
        flush = getattr(fallom, "flush", None) or (lambda: None)
        return session.wrap_openai(client), flush
    if variant == "openllmetry":
        os.environ["TRACELOOP_TELEMETRY"] = "false"
        from traceloop.sdk import Traceloop

        Traceloop.init(
            app_name="bench", api_endpoint=sink, api_key="bench", disable_batch=False
        )
        return (
            client,
            lambda: Traceloop.flush() if hasattr(Traceloop, "flush") else None,
        )
    raise SystemExit(f"unknown variant {variant}")


#: Marks the worker's answers on stdout: some peers print banners there (OpenLLMetry does).
ANSWER = "@@bench "


def answer(value: dict[str, Any]) -> None:
    print(ANSWER + json.dumps(value), flush=True)


def one_call(client: Any, mode: str, options: dict[str, Any]) -> None:
    if mode == "stream":
        for _chunk in client.chat.completions.create(
            model="gpt-4o", messages=MESSAGES, stream=True, **options
        ):
            pass
    else:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)


def worker(variant: str, mode: str, mock: str, sink: str) -> None:
    """Warms up, prints a ready line, then runs a block of timed calls per `N` line on stdin (one
    JSON line each) until `quit`, which flushes and prints the process CPU per timed call."""
    asks_usage = variant in ("unwrapped-usage", "unwrapped-fallom-loaded")
    options = {"stream_options": {"include_usage": True}} if asks_usage else {}
    client, flush = make_client(variant, mode, mock, sink)
    try:
        for _ in range(WARMUP):
            one_call(client, mode, options)
    except (
        Exception
    ) as error:  # e.g. the published 0.2.7 raises on stream=True (SPEC §10 #1)
        answer({"error": f"{type(error).__name__}: {str(error)[:120]}"})
        return
    gc_clock = CallerGcClock()
    answer({"ready": True})
    calls = 0
    cpu_start = time.process_time_ns()
    for line in sys.stdin:
        if line.strip() == "quit":
            break
        latencies: list[int] = []
        thread_cpu: list[int] = []
        gc_before = gc_clock.total
        for _ in range(int(line)):
            start = time.perf_counter_ns()
            thread_start = time.thread_time_ns()
            one_call(client, mode, options)
            thread_cpu.append(time.thread_time_ns() - thread_start)
            latencies.append(time.perf_counter_ns() - start)
        calls += len(latencies)
        # The caller's own thread only: what the SDK costs on the call path, without the export
        # threads, and far less sensitive to other load on the machine than wall-clock latency.
        block = {
            "median_us": statistics.median(latencies) / 1000,
            "thread_cpu_us": statistics.median(thread_cpu) / 1000,
            "gc_us": (gc_clock.total - gc_before) / len(latencies) / 1000,
        }
        answer(block)
    try:
        flush()
    except Exception:
        pass
    answer({"cpu_us": (time.process_time_ns() - cpu_start) / max(calls, 1) / 1000})


class CallerGcClock:
    """CPU time the cyclic GC spends on the calling thread (gc callbacks run on the collecting
    thread): a collection triggered by the caller pays for every young object, the export
    thread's included."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.total = 0
        self.started = 0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, _info: dict[str, int]) -> None:
        if threading.get_ident() == self.thread:
            if phase == "start":
                self.started = time.thread_time_ns()
            else:
                self.total += time.thread_time_ns() - self.started


# Orchestrator ----------------------------------------------------------------------------------


class Worker:
    """One variant's worker process, driven over its stdin/stdout."""

    def __init__(self, variant: str, mode: str, mock: str, sink: str) -> None:
        self.variant = variant
        python = PUBLISHED_PY if variant == "fallom-0.2.7" else PEERS_PY
        # A file, not a pipe: a chatty peer filling an unread stderr pipe would block mid-round.
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                str(python),
                __file__,
                "--worker",
                variant,
                "--mode",
                mode,
                "--mock",
                mock,
                "--sink",
                sink,
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        self.error: str | None = None

    def answer(self) -> dict[str, Any]:
        while True:
            line = self.process.stdout.readline().decode()  # type: ignore[union-attr]
            if not line:
                self.process.wait(60)
                self.stderr.seek(0)
                stderr = self.stderr.read().decode(errors="replace")[-300:]
                return {"error": f"exit {self.process.returncode}: {stderr}"}
            if line.startswith(ANSWER):
                return dict(json.loads(line[len(ANSWER) :]))

    def ask(self, line: str) -> dict[str, Any]:
        self.process.stdin.write(line.encode() + b"\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return self.answer()

    def ready(self) -> None:
        self.error = self.answer().get("error")
        if self.error:
            self.process.wait(60)

    def quit(self) -> float | None:
        if self.error:
            return None
        cpu = self.ask("quit").get("cpu_us")
        self.process.wait(60)
        return cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--mode", default="plain")
    parser.add_argument("--mock")
    parser.add_argument("--sink")
    parser.add_argument(
        "--block", type=int, default=25, help="timed calls per variant and round"
    )
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--modes", default="plain,stream")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.mode, args.mock, args.sink)
        return
    variants = args.variants.split(",")
    modes = args.modes.split(",")
    mock_process, mock = start_child(
        ["node", "packages/mock-llm/dist/cli.js", "--port", "0"]
    )
    sink_process, sink = start_child(["node", "bench/lib/sink-server.mjs"])
    results: list[dict[str, Any]] = []
    errors: dict[tuple[str, str], str] = {}
    cpu: dict[tuple[str, str], float] = {}
    try:
        for mode in modes:
            # Without streams the usage option changes nothing: that variant is the unwrapped one again.
            here = [v for v in variants if mode == "stream" or v != "unwrapped-usage"]
            workers = {variant: Worker(variant, mode, mock, sink) for variant in here}
            for (
                worker_
            ) in workers.values():  # they warm up side by side; no timing happens then
                worker_.ready()
                if worker_.error:
                    errors[(mode, worker_.variant)] = worker_.error
            live = [variant for variant in here if not workers[variant].error]
            for round_index in range(args.rounds):
                order = [live[(i + round_index) % len(live)] for i in range(len(live))]
                for variant in order:
                    result = workers[variant].ask(str(args.block))
                    results.append(
                        {
                            "round": round_index,
                            "mode": mode,
                            "variant": variant,
                            **result,
                        }
                    )
                shown = " ".join(
                    f"{r['variant']} {r.get('median_us', 0):.0f}"
                    for r in results
                    if r["round"] == round_index and r["mode"] == mode
                )
                print(f"{mode} round {round_index + 1}: {shown}", file=sys.stderr)
            for variant, worker_ in workers.items():
                value = worker_.quit()
                if value is not None:
                    cpu[(mode, variant)] = value
    finally:
        for process in (mock_process, sink_process):
            process.terminate()
            process.wait(10)
    report(results, errors, cpu, variants, modes, args)
    paired(results, variants, modes)


def _added(
    rows: dict[int, dict[str, Any]],
    by_round: dict[str, dict[int, dict[str, Any]]],
    key: str,
    base: str,
) -> list[float]:
    """Per round: this variant's block value minus the `base` variant's in the same round."""
    reference = by_round.get(base, {})
    return [row[key] - reference[i][key] for i, row in rows.items() if i in reference]


def report(
    results: list[dict[str, Any]],
    errors: dict[tuple[str, str], str],
    cpu: dict[tuple[str, str], float],
    variants: list[str],
    modes: list[str],
    args: Any,
) -> None:
    print(
        f"\n{args.rounds} rounds × {args.block} calls per variant and mode; µs per call\n"
    )
    print(
        "| mode | variant | median latency | added latency (median of rounds) | IQR of rounds "
        "| added caller-thread CPU (median of rounds) | added process CPU (incl. export threads) "
        "| added latency vs unwrapped-usage | added caller CPU vs unwrapped-usage |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in modes:
        by_round: dict[str, dict[int, dict[str, Any]]] = {}
        for r in results:
            if r["mode"] == mode and "error" not in r:
                by_round.setdefault(r["variant"], {})[r["round"]] = r
        for variant in variants:
            if mode != "stream" and variant == "unwrapped-usage":
                continue
            if (mode, variant) in errors or variant not in by_round:
                error = errors.get((mode, variant), "no data")
                print(f"| {mode} | {variant} | – | n/a: {error} | | | | | |")
                continue
            rows = by_round[variant]
            added = functools.partial(_added, rows, by_round)

            latency = added("median_us", "unwrapped")
            quartiles = (
                statistics.quantiles(latency, n=4)
                if len(latency) > 1
                else [0.0, 0.0, 0.0]
            )
            process_cpu = cpu.get((mode, variant), float("nan")) - cpu.get(
                (mode, "unwrapped"), float("nan")
            )
            vs_usage = ""
            if mode == "stream" and "unwrapped-usage" in by_round:
                vs_usage = (
                    f"| {statistics.median(added('median_us', 'unwrapped-usage')):+.0f} "
                    f"| {statistics.median(added('thread_cpu_us', 'unwrapped-usage')):+.0f} |"
                )
            else:
                vs_usage = "| | |"
            print(
                f"| {mode} | {variant} | {statistics.median(r['median_us'] for r in rows.values()):.0f} "
                f"| **{statistics.median(latency):+.0f}** | {quartiles[0]:+.0f} … {quartiles[2]:+.0f} "
                f"| {statistics.median(added('thread_cpu_us', 'unwrapped')):+.0f} | {process_cpu:+.0f} {vs_usage}"
            )


def paired(
    results: list[dict[str, Any]], variants: list[str], modes: list[str]
) -> None:
    """Per mode and peer: fallom's block minus the peer's in the same round (latency and caller CPU),
    and in how many rounds fallom's block was the faster one."""
    if "fallom" not in variants:
        return
    print(
        "\n| mode | fallom − peer, same round | latency: median (IQR) | caller CPU: median | fallom lower "
        "| caller-thread GC: mean |"
    )
    print("|---|---|---|---|---|---|")
    for mode in modes:
        by_round: dict[str, dict[int, dict[str, Any]]] = {}
        for r in results:
            if r["mode"] == mode and "error" not in r:
                by_round.setdefault(r["variant"], {})[r["round"]] = r
        ours = by_round.get("fallom", {})
        for peer in variants:
            if (
                peer in ("fallom", "unwrapped", "unwrapped-usage")
                or peer not in by_round
            ):
                continue
            latency = _added(ours, by_round, "median_us", peer)
            cpu = _added(ours, by_round, "thread_cpu_us", peer)
            collector = (
                _added(ours, by_round, "gc_us", peer)
                if "gc_us" in next(iter(ours.values()))
                else [0.0]
            )
            if len(latency) < 2:
                continue
            quartiles = statistics.quantiles(latency, n=4)
            lower = sum(1 for value in latency if value < 0)
            print(
                f"| {mode} | {peer} | **{statistics.median(latency):+.0f}** ({quartiles[0]:+.0f} … "
                f"{quartiles[2]:+.0f}) | {statistics.median(cpu):+.0f} | {lower}/{len(latency)} rounds "
                f"| {statistics.mean(collector):+.0f} |"
            )


if __name__ == "__main__":
    main()
