"""Drives the published `fallom` 0.2.x models and prompts modules (from PyPI) against our server.

Environment: FALLOM_API_KEY, FALLOM_URL (our server). stdin: a JSON object
{"model_cases": [{session_id, customer_id?, context?}], "config_key", "prompt_key",
"ab_test_key", "ab_sessions": [...], "variables": {...}}. stdout: one JSON object with every answer.
"""

import json
import os
import sys
import threading

from fallom import models, prompts

server = os.environ["FALLOM_URL"]
key = os.environ["FALLOM_API_KEY"]
request = json.load(sys.stdin)

models.init(api_key=key, base_url=server)
prompts.init(api_key=key, base_url=server)

out = {"models": [], "prompt_current": None, "prompt_pinned": None, "ab": [], "missing_config_error": None}
# Pinned first: a cold fetch of /configs/{key}/version/1 with the 2 s timeout of the SDK, before
# the hundreds of background POST /sessions threads below compete with it.
out["pinned_v1"] = models.get(request["config_key"], request["model_cases"][0]["session_id"], version=1)
for case in request["model_cases"]:
    out["models"].append(
        models.get(
            request["config_key"],
            case["session_id"],
            customer_id=case.get("customer_id"),
            context=case.get("context"),
        )
    )
# Same id again: sticky.
out["models_again"] = [
    models.get(
        request["config_key"], case["session_id"], customer_id=case.get("customer_id"), context=case.get("context")
    )
    for case in request["model_cases"][:20]
]

current = prompts.get(request["prompt_key"], variables=request["variables"])
out["prompt_current"] = {"version": current.version, "system": current.system, "user": current.user}
pinned = prompts.get(request["prompt_key"], variables=request["variables"], version=1)
out["prompt_pinned"] = {"version": pinned.version, "system": pinned.system, "user": pinned.user}
for session_id in request["ab_sessions"]:
    result = prompts.get_ab(request["ab_test_key"], session_id, variables=request["variables"])
    out["ab"].append(
        {"key": result.key, "version": result.version, "variant_index": result.variant_index, "user": result.user}
    )

try:
    models.get("does-not-exist", "s")
except ValueError as error:
    out["missing_config_error"] = str(error)

# POST /sessions runs on daemon threads; wait for them before exiting.
for thread in threading.enumerate():
    if thread is not threading.main_thread() and "_record_session" in repr(getattr(thread, "_target", "")):
        thread.join(timeout=10)
print(json.dumps(out, ensure_ascii=False))
