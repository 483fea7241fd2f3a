#!/usr/bin/env python3
"""The floor of stream overhead for any SDK that follows SPEC §2.5.1 rule 1 (inject
`stream_options.include_usage`), issue 4 "Performance".

    npm run build -w @fallom/mock-llm        # only for --transports http
    bash bench/python-sdk-overhead.sh --rounds 1 --variants unwrapped   # creates bench/.venv-py-peers once
    PYTHONPATH=python/src bench/.venv-py-peers/bin/python bench/python-usage-floor.py \
        [--rounds 40] [--block 20] [--warmup 30] [--transports memory,http] \
        [--variants plain,usage,floor,fallom] [--gc-stats] [--json]

What it answers: how much a 100-chunk chat stream costs the caller's thread in the real `openai`
client (the pinned one in bench/.venv-py-peers) when the request asks for the usage chunk, compared
with the same stream without it, and what the cheapest conforming wrapper adds on top.

Variants (all on one `openai.OpenAI` client per transport, in this one process, so heap and GC
state are shared):
- `plain`: unwrapped, no `stream_options` (the baseline of every difference).
- `usage`: unwrapped, the caller asks for `stream_options.include_usage` itself, and reads every
  chunk (the usage-only chunk too).
- `floor`: the cheapest SPEC-conforming wrapper: injects `include_usage`, replaces the stream's
  item iterator with a pass-through generator that keeps the usage and hides the usage-only chunk.
  No span, no accumulation, no export: the floor of *any* conforming SDK.
- `fallom`: the `fallom` SDK on PYTHONPATH (or installed), a session's `wrap_openai`, exporting to
  `bench/lib/sink-server.mjs`.
- ablations of `fallom` (see `ABLATIONS`): the same, with one part switched off by patching.

Transports: `memory` is an in-process `httpx.MockTransport` replaying a synthetic body shaped like the
OpenAI API's: a role chunk, 100 content chunks, a finish chunk, `data: [DONE]`; with
`include_usage` every chunk carries `"usage":null` and a last usage-only chunk (`"choices":[]`) comes
before `[DONE]`. `http` is mock-llm (child process) on localhost with `x-mock-stream-chunks: 100`,
its own bytes.

Method: after `--warmup` calls of every variant, `--rounds` rounds; per round each variant runs a
block of `--block` stream calls (read to the end), the variants' order rotating from round to round.
A block gives the median caller-thread CPU (`time.thread_time_ns`) and wall clock
(`time.perf_counter_ns`) per call; the report gives, per variant and transport, the median and
interquartile range over rounds of (variant's block − the reference's block in the same round) and
in how many rounds the variant was dearer. `--gc-stats` adds the garbage collector's time on the
caller's thread per call (gc callbacks), by generation.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "bench" / "lib"))
from child_url import start_child  # noqa: E402

MESSAGES = [{"role": "user", "content": "Benchmark: say something short."}]
CONTENT_CHUNKS = 100
WORDS = [
    "The",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "the",
    "lazy",
    "dog",
    "while",
    "the",
    "benchmark",
    "keeps",
    "counting",
]

# The synthetic OpenAI-shaped body ---------------------------------------------------------------


def openai_sse_body(include_usage: bool, chunks: int = CONTENT_CHUNKS) -> bytes:
    """A chat completion stream as the OpenAI API sends it (field order as observed in its answers)."""
    head = {
        "id": "chatcmpl-Bench0123456789abcdefghijklmno",
        "object": "chat.completion.chunk",
        "created": 1764280000,
        "model": "gpt-4o-2024-08-06",
        "service_tier": "default",
        "system_fingerprint": "fp_07871e2ad8",
    }

    def chunk(choices: list[dict[str, Any]], usage: Any = None) -> str:
        body: dict[str, Any] = {**head, "choices": choices}
        if include_usage:
            body["usage"] = usage
        return "data: " + json.dumps(body, separators=(",", ":")) + "\n\n"

    def choice(delta: dict[str, Any], finish: Any = None) -> dict[str, Any]:
        return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}

    events = [chunk([choice({"role": "assistant", "content": "", "refusal": None})])]
    for index in range(chunks):
        events.append(
            chunk(
                [
                    choice(
                        {"content": (" " if index else "") + WORDS[index % len(WORDS)]}
                    )
                ]
            )
        )
    events.append(chunk([choice({}, "stop")]))
    if include_usage:
        usage = {
            "prompt_tokens": 14,
            "completion_tokens": chunks,
            "total_tokens": 14 + chunks,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }
        events.append(chunk([], usage))
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def memory_transport() -> httpx.MockTransport:
    bodies = {False: openai_sse_body(False), True: openai_sse_body(True)}

    def handle(request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        usage = (payload.get("stream_options") or {}).get("include_usage") is True
        return httpx.Response(
            200, content=bodies[usage], headers={"content-type": "text/event-stream"}
        )

    return httpx.MockTransport(handle)


# The floor wrapper ------------------------------------------------------------------------------


def floor_wrap(client: Any) -> Any:
    """`create` with the injection and a pass-through item generator that hides the usage-only chunk.
    What any conforming SDK must do at least; records nothing."""
    create = client.chat.completions.create

    def items(source: Iterator[Any], seen: list[Any]) -> Iterator[Any]:
        for chunk in source:
            usage = chunk.usage
            if usage is not None and not chunk.choices:
                seen.append(usage)
                continue
            yield chunk

    def traced(**kwargs: Any) -> Any:
        options = kwargs.get("stream_options")
        caller_asked = isinstance(options, dict) and "include_usage" in options
        if kwargs.get("stream") is True and not caller_asked:
            kwargs = {
                **kwargs,
                "stream_options": {**(options or {}), "include_usage": True},
            }
        stream = create(**kwargs)
        if kwargs.get("stream") is True:
            stream._iterator = items(stream._iterator, [])
        return stream

    return SimpleNamespace(
        chat=SimpleNamespace(completions=SimpleNamespace(create=traced))
    )


# Ablations of fallom: each switches one part off by patching the imported SDK ------------------


def _ablate_no_export() -> None:
    """Ended records are dropped instead of queued: no export thread, no lock, no wake-up."""
    from fallom._export._queueing_span_processor import QueueingSpanProcessor

    QueueingSpanProcessor.on_end = lambda self, span: None  # type: ignore[method-assign]


def _ablate_no_finalize() -> None:
    """No `weakref.finalize` per stream (an abandoned stream would go unrecorded)."""
    import fallom._stream_tracing as tracing

    class _NoFinalize:
        @staticmethod
        def finalize(*_args: Any) -> None:
            return None

    tracing.weakref = _NoFinalize  # type: ignore[assignment]


ABLATIONS: dict[str, Callable[[], None]] = {
    "fallom-noexport": _ablate_no_export,
    "fallom-nofinalize": _ablate_no_finalize,
}

# Harness ----------------------------------------------------------------------------------------


class GcClock:
    """Time the collector spends on the calling thread, per generation (gc callbacks run there)."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.started = 0
        self.total = [0, 0, 0]
        self.count = [0, 0, 0]
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != self.thread:
            return
        if phase == "start":
            self.started = time.thread_time_ns()
        else:
            generation = info["generation"]
            self.total[generation] += time.thread_time_ns() - self.started
            self.count[generation] += 1

    def snapshot(self) -> tuple[list[int], list[int]]:
        return list(self.total), list(self.count)


def stream_call(client: Any, options: dict[str, Any]) -> Callable[[], None]:
    """One stream read to the end; `client.chat.completions.create` looked up per call, as user code
    does (for a wrapped client that is three attribute reads through its view)."""

    def run() -> None:
        for _chunk in client.chat.completions.create(
            model="gpt-4o", messages=MESSAGES, stream=True, **options
        ):
            pass

    return run


def block(
    call: Callable[[], None], size: int, clock: GcClock | None
) -> dict[str, float]:
    cpu: list[int] = []
    wall: list[int] = []
    before = clock.snapshot() if clock else None
    for _ in range(size):
        start_wall = time.perf_counter_ns()
        start_cpu = time.thread_time_ns()
        call()
        cpu.append(time.thread_time_ns() - start_cpu)
        wall.append(time.perf_counter_ns() - start_wall)
    result = {
        "cpu": statistics.median(cpu) / 1000,
        "wall": statistics.median(wall) / 1000,
    }
    if clock and before:
        after = clock.snapshot()
        for generation in range(3):
            result[f"gc{generation}_us"] = (
                (after[0][generation] - before[0][generation]) / size / 1000
            )
            result[f"gc{generation}_n"] = (
                after[1][generation] - before[1][generation]
            ) / size
    return result


def summary(values: list[float], target: float) -> dict[str, float]:
    """Median, quartiles, a distribution-free 95 % confidence interval of the median (order
    statistics of the binomial), and how many rounds were dearer than 0 and than `target`."""
    quartiles = statistics.quantiles(values, n=4)
    ordered = sorted(values)
    k = max(int(len(ordered) / 2 - 1.96 * len(ordered) ** 0.5 / 2), 0)
    return {
        "median": statistics.median(values),
        "q1": quartiles[0],
        "q3": quartiles[2],
        "ci_low": ordered[k],
        "ci_high": ordered[len(ordered) - 1 - k],
        "dearer": sum(1 for value in values if value > 0),
        "above_target": sum(1 for value in values if value > target),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--block", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--transports", default="memory,http")
    parser.add_argument("--variants", default="plain,usage,floor,fallom")
    parser.add_argument("--gc-stats", action="store_true")
    parser.add_argument(
        "--target", type=float, default=100.0, help="µs; rounds above it are counted"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    variants = args.variants.split(",")
    transports = args.transports.split(",")
    for variant in variants:
        if variant in ABLATIONS:
            ABLATIONS[variant]()

    children: list[subprocess.Popen[bytes]] = []
    try:
        from openai import OpenAI

        sink_process, sink = start_child(["node", "bench/lib/sink-server.mjs"])
        children.append(sink_process)
        import fallom

        fallom.init(
            api_key="flm_bench", traces_url=sink, configs_url=sink, prompts_url=sink
        )
        session = fallom.session(
            config_key="bench", session_id="bench-session", customer_id="bench-user"
        )

        def client_for(transport: str) -> Any:
            if transport == "memory":
                return OpenAI(
                    base_url="http://mock.invalid/v1",
                    api_key="sk",
                    max_retries=0,
                    http_client=httpx.Client(transport=memory_transport()),
                )
            mock_process, mock = start_child(
                ["node", "packages/mock-llm/dist/cli.js", "--port", "0"]
            )
            children.append(mock_process)
            return OpenAI(
                base_url=mock + "/v1",
                api_key="sk",
                max_retries=0,
                default_headers={"x-mock-stream-chunks": str(CONTENT_CHUNKS)},
            )

        usage_options = {"stream_options": {"include_usage": True}}
        calls: dict[tuple[str, str], Callable[[], None]] = {}
        for transport in transports:
            client = client_for(transport)
            wrapped = session.wrap_openai(client)
            for variant in variants:
                if variant == "plain":
                    calls[transport, variant] = stream_call(client, {})
                elif variant == "usage":
                    calls[transport, variant] = stream_call(client, usage_options)
                elif variant == "floor":
                    calls[transport, variant] = stream_call(floor_wrap(client), {})
                elif variant == "fallom" or variant in ABLATIONS:
                    calls[transport, variant] = stream_call(wrapped, {})
                else:
                    raise SystemExit(f"unknown variant {variant}")
        clock = GcClock() if args.gc_stats else None
        for call in calls.values():
            for _ in range(args.warmup):
                call()
        keys = list(calls)
        blocks: dict[tuple[str, str], list[dict[str, float]]] = {
            key: [] for key in keys
        }
        load_start = Path("/proc/loadavg").read_text().split()[:3]
        started = time.strftime("%H:%M:%S", time.gmtime())
        for index in range(args.rounds):
            shift = index % len(keys)
            for key in keys[shift:] + keys[:shift]:
                blocks[key].append(block(calls[key], args.block, clock))
        load_end = Path("/proc/loadavg").read_text().split()[:3]
        fallom.flush(10)
    finally:
        for child in children:
            child.terminate()
            child.wait(10)

    report: dict[str, Any] = {
        "fallom": fallom.__file__,
        "utc": f"{started}–{time.strftime('%H:%M:%S', time.gmtime())}",
        "load": [load_start, load_end],
        "rounds": args.rounds,
        "block": args.block,
        "results": [],
    }
    # Each variant against each reference listed before it (plain, then usage, then floor).
    references = [name for name in ("plain", "usage", "floor") if name in variants]
    pairs = [
        (variant, reference)
        for position, reference in enumerate(references)
        for variant in variants
        if variant != reference and variant not in references[:position]
    ]
    for transport in transports:
        for variant, reference in pairs:
            mine, theirs = blocks[transport, variant], blocks[transport, reference]
            row: dict[str, Any] = {
                "transport": transport,
                "variant": variant,
                "minus": reference,
            }
            for metric in ("cpu", "wall"):
                row[metric] = summary(
                    [a[metric] - b[metric] for a, b in zip(mine, theirs)], args.target
                )
            row["reference_cpu"] = statistics.median(b["cpu"] for b in theirs)
            if args.gc_stats:
                row["gc_us"] = [
                    round(
                        statistics.median(
                            a[f"gc{g}_us"] - b[f"gc{g}_us"]
                            for a, b in zip(mine, theirs)
                        ),
                        1,
                    )
                    for g in range(3)
                ]
                row["gc_n"] = [
                    round(statistics.mean(a[f"gc{g}_n"] for a in mine), 3)
                    for g in range(3)
                ]
            report["results"].append(row)
    if args.json:
        print(json.dumps(report))
        return
    print(
        f"fallom: {report['fallom']}; UTC {report['utc']}; load {report['load']}; {args.rounds} rounds × {args.block}"
    )
    header = (
        "| transport | variant − reference | caller CPU µs: median (IQR) | 95 % CI of median "
        f"| rounds > 0 | rounds > {args.target:.0f} µs | wall µs: median (IQR) | rounds > 0 | reference CPU µs |"
    )
    if args.gc_stats:
        header += " added GC µs gen0/1/2 | collections per call gen0/1/2 |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for row in report["results"]:
        cpu, wall = row["cpu"], row["wall"]
        line = (
            f"| {row['transport']} | {row['variant']} − {row['minus']} "
            f"| **{cpu['median']:+.0f}** ({cpu['q1']:+.0f} … {cpu['q3']:+.0f}) "
            f"| {cpu['ci_low']:+.0f} … {cpu['ci_high']:+.0f} | {cpu['dearer']}/{args.rounds} "
            f"| {cpu['above_target']}/{args.rounds} "
            f"| {wall['median']:+.0f} ({wall['q1']:+.0f} … {wall['q3']:+.0f}) | {wall['dearer']}/{args.rounds} "
            f"| {row['reference_cpu']:.0f} |"
        )
        if args.gc_stats:
            line += f" {row['gc_us']} | {row['gc_n']} |"
        print(line)


if __name__ == "__main__":
    main()
