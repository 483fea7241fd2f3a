"""Talking to the server's A/B side: the management API (`/api/v1/configs|prompts|prompt-ab-tests`)
and the server's own assignment function (packages/server/dist, run by node), to compare with."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
import uuid
from typing import Any, Optional

import fallom
from _servers import API_KEY, REPO_ROOT, TraceServer
from fallom._ab._remote_state import peek_remote

ASSIGN_SCRIPT = """
import { assignVariant } from "./packages/server/dist/domain/ab/assign-variant.js";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { config, cases } = JSON.parse(input);
const out = cases.map((c) => {
  const { variantIndex, model, via } = assignVariant(config, c.session_id,
    { customerId: c.customer_id ?? undefined, context: c.context ?? undefined });
  return { variant_index: variantIndex, model, via };
});
process.stdout.write(JSON.stringify(out));
"""


def unique_key(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def api(server: TraceServer, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {path} → {error.code}: {error.read().decode()}") from error


def server_assignments(config: dict[str, Any], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the server's `assignVariant` picks for each `{session_id, customer_id?, context?}`."""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", ASSIGN_SCRIPT],
        cwd=REPO_ROOT,
        input=json.dumps({"config": config, "cases": cases}).encode(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    return list(json.loads(done.stdout))


def refresh(timeout: float = 10.0) -> None:
    """Refreshes the SDK's config and prompt caches now instead of at the next 30 s tick."""
    client = peek_remote()
    assert client is not None, "fallom.init() starts the remote client"
    client.refresh_all(timeout)


def settle_assignment_records(timeout: float = 10.0) -> None:
    client = peek_remote()
    assert client is not None
    assert client.recorder.settled(timeout)


def session_detail(server: TraceServer, session_id: str) -> Optional[dict[str, Any]]:
    from urllib.parse import quote

    try:
        return dict(api(server, "GET", "/api/v1/sessions/" + quote(session_id, safe="")))
    except AssertionError:
        return None


__all__ = ["api", "fallom", "refresh", "server_assignments", "session_detail", "unique_key"]
