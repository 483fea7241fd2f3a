"""`embeddings.create`: usage, vector count and dimension; never the vectors (SPEC §2.5.1)."""

from __future__ import annotations

from typing import Any, Optional

from .. import _attributes as attr
from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._llm_call import LlmCall
from .._usage import openai_embeddings_usage
from ._common import pick, provider_of

NAME = "embeddings.create"


def embeddings_create_factory(source: Any, original: Any) -> Any:
    provider, host = provider_of(original)

    def starter(session: Any, kwargs: dict[str, Any]) -> Any:
        def start() -> Optional[LlmCall]:
            return LlmCall.start(
                session,
                name=NAME,
                operation="embeddings",
                kind="embedding",
                provider=provider,
                request_model=kwargs.get("model") if isinstance(kwargs.get("model"), str) else None,
                stream=False,
                params=kwargs,
                raw_request=pick(kwargs, ("model", "input", "dimensions", "encoding_format")),
                server_address=host,
            )

        return start

    if is_async_method(original):

        async def create_async(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return await original(*args, **kwargs)
            return await run_async(
                starter(session, kwargs), lambda: original(*args, **kwargs), record_embeddings
            )

        return create_async

    def create(*args: Any, **kwargs: Any) -> Any:
        session = should_trace(source)
        if session is None:
            return original(*args, **kwargs)
        return run_sync(starter(session, kwargs), lambda: original(*args, **kwargs), record_embeddings)

    return create


def record_embeddings(call: LlmCall, response: Any) -> Any:
    data = list(getattr(response, "data", None) or [])
    first = getattr(data[0], "embedding", None) if data else None
    usage = getattr(response, "usage", None)
    call.record_response(
        response_model=getattr(response, "model", None),
        usage=openai_embeddings_usage(usage) if usage is not None else None,
        raw_usage=usage,
        extra={
            attr.EMBEDDINGS_DIMENSION_COUNT: len(first) if isinstance(first, (list, tuple)) else None,
            attr.EMBEDDINGS_VECTOR_COUNT: len(data),
        },
    )
    call.end_ok()
    return response
