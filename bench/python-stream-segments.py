#!/usr/bin/env python3
"""Where a traced 100-chunk stream's added time goes, measured in place (issue 4 "Performance").

    PYTHONPATH=python/src bench/.venv-py-peers/bin/python bench/python-stream-segments.py [--calls 600]

Why in place: a warm micro-benchmark of the SDK's own steps (the same step in a tight loop) shows a
fraction of what they cost on a real call, where ~9 ms of the `openai` client's work between two
traced calls evicts the SDK's code and data from the CPU caches. So the steps are timed inside real
calls (`time.perf_counter_ns` marks around them; each mark costs ~0.1 µs).

Three variants on one `openai.OpenAI` client over the in-memory replay of
bench/python-usage-floor.py, interleaved call by call with a rotating order: `usage` (unwrapped,
asking for the usage chunk itself), `floor` (the cheapest conforming wrapper) and `fallom`. Per call:
"pre" from the caller's `client.chat.completions.create(...)` to the entry of openai's
`Completions.create`, "post" from its return to the caller getting the stream, and "iterate"
(reading the stream to its end, the SDK's per-chunk work and the span's end included). For `fallom`
"pre" is split further: the view's three attribute reads, the wrapper up to `LlmCall.start`,
`LlmCall.start` itself, and from there to the provider call. Medians over calls.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
T = time.perf_counter_ns


def load_floor() -> Any:
    spec = importlib.util.spec_from_file_location(
        "usage_floor", HERE / "python-usage-floor.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--calls", type=int, default=600, help="timed calls per variant"
    )
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    floor = load_floor()

    import fallom
    import fallom._llm_call as llm_call
    from openai import OpenAI
    from openai.resources.chat.completions import Completions

    # Nothing is exported (no sink needed): ended records are dropped.
    fallom.init(
        api_key="flm_bench",
        traces_url="http://127.0.0.1:9",
        configs_url="http://127.0.0.1:9",
    )
    from fallom._export._queueing_span_processor import QueueingSpanProcessor

    QueueingSpanProcessor.on_end = lambda self, span: None  # type: ignore[method-assign]

    marks: dict[str, int] = {}
    original_create = Completions.create

    @functools.wraps(original_create)
    def create(self: Any, *a: Any, **k: Any) -> Any:
        marks["in"] = T()
        result = original_create(self, *a, **k)
        marks["out"] = T()
        return result

    Completions.create = create  # type: ignore[method-assign]
    original_start = llm_call.LlmCall.start

    def start(*a: Any, **k: Any) -> Any:
        marks["start_in"] = T()
        result = original_start(*a, **k)
        marks["start_out"] = T()
        return result

    llm_call.LlmCall.start = staticmethod(start)  # type: ignore[method-assign]

    session = fallom.session(
        config_key="bench", session_id="segments", customer_id="bench-user"
    )
    client = OpenAI(
        base_url="http://mock.invalid/v1",
        api_key="sk",
        max_retries=0,
        http_client=httpx.Client(transport=floor.memory_transport()),
    )
    clients = {
        "usage": client,
        "floor": floor.floor_wrap(client),
        "fallom": session.wrap_openai(client),
    }
    usage_option = {"stream_options": {"include_usage": True}}
    rows: dict[str, list[tuple[int, ...]]] = {name: [] for name in clients}

    def one(name: str) -> None:
        options = usage_option if name == "usage" else {}
        begin = T()
        resource = clients[name].chat.completions
        method = resource.create
        looked_up = T()
        stream = method(model="gpt-4o", messages=floor.MESSAGES, stream=True, **options)
        returned = T()
        for _chunk in stream:
            pass
        read = T()
        row = (marks["in"] - begin, returned - marks["out"], read - returned)
        if name == "fallom":
            row += (
                looked_up - begin,
                marks["start_in"] - looked_up,
                marks["start_out"] - marks["start_in"],
                marks["in"] - marks["start_out"],
            )
        rows[name].append(row)

    names = list(clients)
    for _ in range(args.warmup):
        for name in names:
            one(name)
    for name in names:
        rows[name].clear()
    for index in range(args.calls):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            one(name)

    def median(name: str, column: int) -> float:
        return statistics.median(row[column] for row in rows[name]) / 1000

    print(
        f"fallom: {fallom.__file__}; {args.calls} calls per variant; µs, median over calls"
    )
    print("| variant | pre | post | iterate (to the end) |")
    print("|---|---|---|---|")
    for name in names:
        print(
            f"| {name} | {median(name, 0):.1f} | {median(name, 1):.1f} | {median(name, 2):.0f} |"
        )
    print(
        f"\nfallom pre: view lookups {median('fallom', 3):.1f}, wrapper to LlmCall.start "
        f"{median('fallom', 4):.1f}, LlmCall.start {median('fallom', 5):.1f}, start to provider call "
        f"{median('fallom', 6):.1f}"
    )
    print(
        f"iterate, fallom − floor: {median('fallom', 2) - median('floor', 2):+.0f}; "
        f"floor − usage: {median('floor', 2) - median('usage', 2):+.0f}"
    )


if __name__ == "__main__":
    main()
