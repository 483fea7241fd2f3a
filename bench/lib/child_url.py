"""Starts a child process that prints its URL on its first line (mock-llm, the trace sink): the
Python benchmarks' counterpart of child-url.mjs."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def start_child(args: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """Runs `args` from the repository root; returns the process and the URL it printed."""
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode().strip()  # type: ignore[union-attr]
    if not line.startswith("http"):
        raise SystemExit(
            f"{args}: no URL printed ({line!r}); build mock-llm first (npm run build -w @fallom/mock-llm)"
        )
    return process, line
