"""Starts the real Fallom server and mock-llm from the repository's built `dist/` (npm run build)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Optional

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Overridable so a developer can point the suite at another build of the server.
SERVER_CLI = os.environ.get("FALLOM_TEST_SERVER_CLI") or str(REPO_ROOT / "packages/server/dist/cli.js")
MOCK_CLI = os.environ.get("FALLOM_TEST_MOCK_CLI") or str(REPO_ROOT / "packages/mock-llm/dist/cli.js")
API_KEY = "flm_" + "0123456789abcdef" * 2 + "01234567"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TraceServer:
    """`node packages/server/dist/cli.js serve` on a port of our choosing, with a bootstrap key."""

    def __init__(self, port: Optional[int] = None, data_dir: Optional[str] = None) -> None:
        self.port = port or free_port()
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="fallom-py-test-")
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: Optional[subprocess.Popen[bytes]] = None

    def start(self) -> TraceServer:
        env = {**os.environ, "FALLOM_BOOTSTRAP_API_KEY": API_KEY}
        self.process = subprocess.Popen(
            ["node", SERVER_CLI, "serve", "--port", str(self.port), "--data-dir", self.data_dir],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"trace server exited: {self.process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("trace server did not become healthy in 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def spans(self, **query: str) -> list[dict[str, Any]]:
        url = (
            self.url
            + "/api/v1/spans?"
            + urllib.parse.urlencode({"limit": "200", "include": "content", **query})
        )
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {API_KEY}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return list(json.load(response)["data"])

    def wait_for_spans(
        self, count: int, timeout: float = 15.0, settle: float = 0.3, **query: str
    ) -> list[dict[str, Any]]:
        """Polls until at least `count` spans match, then once more after `settle` s (to see extras)."""
        deadline = time.monotonic() + timeout
        spans = self.spans(**query)
        while len(spans) < count and time.monotonic() < deadline:
            time.sleep(0.1)
            spans = self.spans(**query)
        time.sleep(settle)
        return self.spans(**query)


class MockLlm:
    """`node packages/mock-llm/dist/cli.js --port 0`; its URL is the first stdout line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["node", MOCK_CLI, "--port", "0"],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        line = self.process.stdout.readline().decode().strip()  # type: ignore[union-attr]
        if not line.startswith("http"):
            raise RuntimeError(f"mock-llm did not print its URL: {line!r}")
        self.url = line

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def closed_port_url() -> str:
    """A URL nothing listens on: network errors on demand."""
    return f"http://127.0.0.1:{free_port()}"


def http_error_status(url: str) -> Optional[int]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return None
