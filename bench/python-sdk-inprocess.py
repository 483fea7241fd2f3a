#!/usr/bin/env python3
"""Added cost per call of the Python `fallom` SDK without network noise (issue 4 "Performance").

    npm run build -w @fallom/mock-llm
    bash bench/python-sdk-overhead.sh --rounds 1 --variants unwrapped   # creates bench/.venv-py-peers once
    bench/.venv-py-peers/bin/python bench/python-sdk-inprocess.py [--plain 2000] [--stream 600]
                                              [--warmup 50] [--modes plain,stream,stream-usage]
    # another tree's SDK (e.g. before a change): PYTHONPATH wins over the installed `fallom`
    rm -rf /tmp/sdk-before && mkdir /tmp/sdk-before && git archive HEAD python/src | tar -x -C /tmp/sdk-before
    PYTHONPATH=/tmp/sdk-before/python/src bench/.venv-py-peers/bin/python bench/python-sdk-inprocess.py

Method: mock-llm (child process) answers one chat completion and one 100-chunk stream (with and
without the usage chunk `stream_options.include_usage` asks for); those bodies are then replayed by
an in-process `httpx.MockTransport`, so no socket is involved. Two `openai.OpenAI` clients share that
transport: one unwrapped, one wrapped by a fallom session whose exporter posts to
`bench/lib/sink-server.mjs` (a child process). After `--warmup` pairs, wrapped and unwrapped calls
are interleaved (which one goes first alternates per pair) and each pair gives the difference
wrapped − unwrapped of the caller's thread CPU (`time.thread_time_ns`: the SDK's cost on the call
path, without its export thread) and of wall-clock time (`time.perf_counter_ns`: the issue's metric,
latency; it includes any GIL time the export thread takes). A stream call is timed until its last
chunk is read. The report gives the median and the interquartile range of those differences.
Prints which `fallom` it imported, so a before/after comparison can be checked.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import httpx

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "bench" / "lib"))
from child_url import start_child  # noqa: E402

MESSAGES = [{"role": "user", "content": "Benchmark: say something short."}]
STREAM_CHUNKS = "100"


def record_bodies(mock: str) -> dict[str, bytes]:
    """The mock's answers: a completion, and the stream with and without the usage chunk."""
    url = mock + "/v1/chat/completions"
    stream_headers = {"x-mock-stream-chunks": STREAM_CHUNKS}
    with httpx.Client(timeout=30) as http:
        plain = http.post(url, json={"model": "gpt-4o", "messages": MESSAGES})
        stream = http.post(
            url, headers=stream_headers, json={"model": "gpt-4o", "messages": MESSAGES, "stream": True}
        )
        with_usage = http.post(
            url,
            headers=stream_headers,
            json={
                "model": "gpt-4o",
                "messages": MESSAGES,
                "stream": True,
                "stream_options": {"include_usage": True},
            },
        )
    for answer in (plain, stream, with_usage):
        answer.raise_for_status()
    return {"plain": plain.content, "stream": stream.content, "stream_usage": with_usage.content}


def mock_transport(bodies: dict[str, bytes]) -> httpx.MockTransport:
    """Replays the recorded bodies; the usage chunk only when the request asks for it (as mock-llm)."""

    def handle(request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        if not payload.get("stream"):
            return httpx.Response(200, content=bodies["plain"], headers={"content-type": "application/json"})
        usage = (payload.get("stream_options") or {}).get("include_usage") is True
        body = bodies["stream_usage" if usage else "stream"]
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    return httpx.MockTransport(handle)


def calls(unwrapped: Any, wrapped: Any) -> dict[str, tuple[Callable[[], None], Callable[[], None]]]:
    """Per mode: (baseline call, traced call). `stream-usage` compares the traced stream with an
    unwrapped one that asks for `stream_options.include_usage` itself: the SDK's cost apart from the
    usage chunk it injects (SPEC §2.5.1)."""

    def plain(client: Any) -> Callable[[], None]:
        return lambda: client.chat.completions.create(model="gpt-4o", messages=MESSAGES)

    def stream(client: Any, **options: Any) -> Callable[[], None]:
        def run() -> None:
            for _chunk in client.chat.completions.create(
                model="gpt-4o", messages=MESSAGES, stream=True, **options
            ):
                pass

        return run

    usage = {"stream_options": {"include_usage": True}}
    return {
        "plain": (plain(unwrapped), plain(wrapped)),
        "stream": (stream(unwrapped), stream(wrapped)),
        "stream-usage": (stream(unwrapped, **usage), stream(wrapped)),
    }


def timed(call: Callable[[], None]) -> tuple[int, int]:
    wall = time.perf_counter_ns()
    cpu = time.thread_time_ns()
    call()
    cpu = time.thread_time_ns() - cpu
    return cpu, time.perf_counter_ns() - wall


def measure(base: Callable[[], None], traced: Callable[[], None], pairs: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        base()
        traced()
    cpu: list[int] = []
    wall: list[int] = []
    base_cpu: list[int] = []
    for index in range(pairs):
        if index % 2:
            traced_cpu, traced_wall = timed(traced)
            plain_cpu, plain_wall = timed(base)
        else:
            plain_cpu, plain_wall = timed(base)
            traced_cpu, traced_wall = timed(traced)
        cpu.append(traced_cpu - plain_cpu)
        wall.append(traced_wall - plain_wall)
        base_cpu.append(plain_cpu)
    return {"cpu": summary(cpu), "wall": summary(wall), "base_cpu_us": statistics.median(base_cpu) / 1000}


def summary(values: list[int]) -> dict[str, float]:
    quartiles = statistics.quantiles(values, n=4)
    return {
        "median_us": statistics.median(values) / 1000,
        "q1_us": quartiles[0] / 1000,
        "q3_us": quartiles[2] / 1000,
    }


def spread(values: dict[str, float]) -> str:
    return f"**{values['median_us']:+.0f}** ({values['q1_us']:+.0f} … {values['q3_us']:+.0f}) µs"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plain", type=int, default=2000, help="timed pairs of plain calls")
    parser.add_argument("--stream", type=int, default=600, help="timed pairs of 100-chunk streams")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--modes", default="plain,stream", help="plain, stream, stream-usage")
    parser.add_argument("--json", action="store_true", help="one JSON line instead of the table")
    args = parser.parse_args()

    mock_process, mock = start_child(["node", "packages/mock-llm/dist/cli.js", "--port", "0"])
    try:
        bodies = record_bodies(mock)
    finally:
        mock_process.terminate()
        mock_process.wait(10)
    sink_process, sink = start_child(["node", "bench/lib/sink-server.mjs"])
    try:
        from openai import OpenAI

        import fallom

        transport = mock_transport(bodies)

        def client() -> Any:
            return OpenAI(
                base_url="http://mock.invalid/v1",
                api_key="sk",
                max_retries=0,
                http_client=httpx.Client(transport=transport),
            )

        fallom.init(api_key="flm_bench", traces_url=sink, configs_url=sink, prompts_url=sink)
        session = fallom.session(config_key="bench", session_id="bench-session", customer_id="bench-user")
        pairs = calls(client(), session.wrap_openai(client()))
        counts = {"plain": args.plain, "stream": args.stream, "stream-usage": args.stream}
        results = {}
        for mode in args.modes.split(","):
            base, traced = pairs[mode]
            results[mode] = measure(base, traced, counts[mode], args.warmup)
        fallom.flush(10)
    finally:
        sink_process.terminate()
        sink_process.wait(10)

    if args.json:
        print(json.dumps({"fallom": fallom.__file__, **results}))
        return
    print(f"fallom: {fallom.__file__}")
    print(
        "| mode | pairs | added caller-thread CPU: median (IQR) | added wall clock: median (IQR) |"
        " unwrapped CPU |"
    )
    print("|---|---|---|---|---|")
    for mode, result in results.items():
        cpu, wall = result["cpu"], result["wall"]
        print(
            f"| {mode} | {counts[mode]} | {spread(cpu)} | {spread(wall)} | {result['base_cpu_us']:.0f} µs |"
        )


if __name__ == "__main__":
    main()
