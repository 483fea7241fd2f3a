"""`fallom.trace`: the 0.1.x API, kept for compatibility (SPEC §2.8, §3 "legacy").

Example::

    fallom.trace.set_session("my-app", "conv-1")
    openai = fallom.trace.wrap_openai(OpenAI())   # traces into whatever session is set at call time
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any, Optional, TypeVar

from . import _log, _runtime
from ._errors import NotInitializedError
from ._legacy import CONTEXT_SOURCE
from ._legacy import clear_session as _clear
from ._legacy import get_session as _get
from ._legacy import set_session as _set
from ._session import FallomSession, MetadataValue, SessionContext

__all__ = [
    "clear_session",
    "get_session",
    "set_session",
    "span",
    "wrap_anthropic",
    "wrap_google_ai",
    "wrap_openai",
]

T = TypeVar("T")


def set_session(
    config_key: str,
    session_id: str,
    customer_id: Optional[str] = None,
    metadata: Optional[Mapping[str, MetadataValue]] = None,
    tags: Optional[Sequence[str]] = None,
) -> None:
    """Sets the session of the current context (process-wide when called at top level)."""
    _set(FallomSession(config_key, session_id, customer_id, metadata, tags))


def get_session() -> Optional[SessionContext]:
    """The current context's session, or None."""
    session = _get()
    return session.get_context() if session is not None else None


def clear_session() -> None:
    _clear()


def wrap_openai(client: T) -> T:
    """A view that traces into the context session at call time; untraced when none is set."""
    from ._openai import wrap_openai_client

    return wrap_openai_client(client, CONTEXT_SOURCE)


def wrap_anthropic(client: T) -> T:
    from ._anthropic import wrap_anthropic_client

    return wrap_anthropic_client(client, CONTEXT_SOURCE)


def wrap_google_ai(model_or_client: T) -> T:
    from ._google import wrap_google

    return wrap_google(model_or_client, CONTEXT_SOURCE)


def span(data: Mapping[str, Any], config_key: Optional[str] = None, session_id: Optional[str] = None) -> None:
    """Records custom business metrics for a session (`POST /spans`, SPEC §5.6), off the caller's thread.

    Raises `NotInitializedError` before `fallom.init()` or when no session is known.
    """
    runtime = _runtime.current()
    if runtime is None:
        raise NotInitializedError("fallom.trace.span() needs fallom.init() first.")
    context = get_session()
    key = config_key or (context.config_key if context else None)
    sid = session_id or (context.session_id if context else None)
    if not key or not sid:
        raise NotInitializedError(
            "fallom.trace.span() needs a session: call fallom.trace.set_session() "
            "or pass config_key and session_id."
        )
    body = json.dumps({"config_key": key, "session_id": sid, "data": dict(data)}, default=str).encode()
    request = urllib.request.Request(
        runtime.config.traces_url + "/spans",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {runtime.config.api_key}"},
    )

    def send() -> None:
        try:
            with urllib.request.urlopen(request, timeout=10):
                pass
        except Exception as error:
            _log.debug("POST /spans failed: %r", error)

    threading.Thread(target=send, name="fallom-custom-metrics", daemon=True).start()
