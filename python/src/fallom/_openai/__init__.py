"""`wrap_openai`: OpenAI, AzureOpenAI and every OpenAI-compatible client (SPEC §2.5.1, §3)."""

from __future__ import annotations

from typing import Any, TypeVar

from .._view import Routes, View, unwrap
from ._chat import chat_create_factory, chat_parse_factory
from ._embeddings import embeddings_create_factory
from ._responses import responses_create_factory

T = TypeVar("T")


def _rewrap_factory(source: Any, original: Any) -> Any:
    """`client.with_options(...)` / `client.copy(...)` return a new client: give back a view of it."""

    def rewrap(*args: Any, **kwargs: Any) -> Any:
        return View(original(*args, **kwargs), OPENAI_ROUTES, source)

    return rewrap


OPENAI_ROUTES: Routes = {
    "chat": {"completions": {"create": chat_create_factory, "parse": chat_parse_factory}},
    "beta": {"chat": {"completions": {"parse": chat_parse_factory}}},
    "responses": {"create": responses_create_factory},
    "embeddings": {"create": embeddings_create_factory},
    "with_options": _rewrap_factory,
    "copy": _rewrap_factory,
}


def wrap_openai_client(client: T, source: Any) -> T:
    """A view of `client` that traces into `source` (a session, or the legacy context resolver)."""
    return View(unwrap(client), OPENAI_ROUTES, source)  # type: ignore[return-value]
