"""`wrap_anthropic`: `Anthropic` and `AsyncAnthropic` (SPEC §2.5.2, §3)."""

from __future__ import annotations

from typing import Any, TypeVar

from .._view import Routes, View, unwrap
from ._messages import messages_create_factory, messages_stream_factory

T = TypeVar("T")


def _rewrap_factory(source: Any, original: Any) -> Any:
    def rewrap(*args: Any, **kwargs: Any) -> Any:
        return View(original(*args, **kwargs), ANTHROPIC_ROUTES, source)

    return rewrap


_MESSAGES: Routes = {"create": messages_create_factory, "stream": messages_stream_factory}
ANTHROPIC_ROUTES: Routes = {
    "messages": _MESSAGES,
    "beta": {"messages": _MESSAGES},
    "with_options": _rewrap_factory,
    "copy": _rewrap_factory,
}


def wrap_anthropic_client(client: T, source: Any) -> T:
    return View(unwrap(client), ANTHROPIC_ROUTES, source)  # type: ignore[return-value]
