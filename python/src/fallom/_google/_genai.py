"""`google.genai` `Client`: `models.*`, `client.aio.models.*` and chats (SPEC §2.5.3, §3).

The sync `*_stream` methods are generator functions: the request happens at the first `next()`,
so the span starts there too (no request, no span). A chat turn is traced once, on the chat
object, because `Chat.send_message` calls the unwrapped `Models`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Optional

from .. import _attributes as attr
from .._call_runner import is_async_method, run_async, run_sync, should_trace
from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._provider import host_of
from .._stream_tracing import StreamState, traced_async_iterator, traced_iterator
from .._view import Routes, View
from ._common import OPERATION, PROVIDER, GoogleStreamAccumulator, model_name, record_google_response

_PARAM_KEYS = (
    "temperature",
    "top_p",
    "top_k",
    "max_output_tokens",
    "seed",
    "stop_sequences",
    "frequency_penalty",
    "presence_penalty",
)


def _wire_config(config: Any, embedding: bool) -> Any:
    """A config dict may use Python (`max_output_tokens`) or wire (`maxOutputTokens`) names; read it
    through the SDK's own model so both come out in wire names, as an object config does."""
    if isinstance(config, dict):
        try:
            from google.genai import types

            model = types.EmbedContentConfig if embedding else types.GenerateContentConfig
            config = model.model_validate(config)
        except Exception:
            pass  # an unusual dict: recorded as given
    return to_jsonable(config, wire=True)


def _host(models: Any) -> Optional[str]:
    """`server.address` from the `Models` object's API client (`http_options.base_url`)."""
    options = getattr(getattr(models, "_api_client", None), "_http_options", None)
    return host_of(getattr(options, "base_url", None) or "") or None


def _params(config: Any) -> dict[str, Any]:
    if config is None:
        return {}

    def get(key: str) -> Any:
        return config.get(key) if isinstance(config, dict) else getattr(config, key, None)

    return {key: get(key) for key in _PARAM_KEYS if get(key) is not None}


class _Request:
    """What one call's span needs, read from the arguments (models.*) or the chat object."""

    def __init__(
        self,
        name: str,
        model: Optional[str],
        raw: dict[str, Any],
        config: Any,
        stream: bool,
        embedding: bool = False,
    ) -> None:
        self.name, self.model, self.raw, self.config = name, model, raw, config
        self.stream, self.embedding = stream, embedding
        self.host: Optional[str] = None

    def raw_request(self) -> dict[str, Any]:
        """The request as the TypeScript SDK records it: wire (camelCase) names, e.g.
        `config.systemInstruction`, which is where the server reads the system prompt from."""
        raw: dict[str, Any] = {}
        for key, value in self.raw.items():
            if value is None:
                continue
            raw[key] = (
                _wire_config(value, self.embedding) if key == "config" else to_jsonable(value, wire=True)
            )
        return raw

    def starter(self, session: Any) -> Any:
        def start() -> Optional[LlmCall]:
            return LlmCall.start(
                session,
                name=self.name,
                operation="embeddings" if self.embedding else OPERATION,
                kind="embedding" if self.embedding else "llm",
                provider=PROVIDER,
                request_model=self.model,
                stream=self.stream,
                params=_params(self.config),
                server_address=self.host,
                raw_request=self.raw_request,
            )

        return start


def _models_request(name: str, stream: bool, embedding: bool = False) -> Any:
    def read(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> _Request:
        content_key = "contents"
        raw = {
            "model": kwargs.get("model"),
            content_key: kwargs.get(content_key),
            "config": kwargs.get("config"),
        }
        request = _Request(
            name, model_name(kwargs.get("model")), raw, kwargs.get("config"), stream, embedding
        )
        request.host = _host(getattr(method, "__self__", None))
        return request

    return read


def _chat_request(name: str, stream: bool) -> Any:
    def read(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> _Request:
        chat = getattr(method, "__self__", None)
        model = model_name(getattr(chat, "_model", None))
        message = args[0] if args else kwargs.get("message")
        config = kwargs.get("config") or getattr(chat, "_config", None)
        request = _Request(
            name, model, {"model": model, "message": message, "config": config}, config, stream
        )
        request.host = _host(getattr(chat, "_modules", None))
        return request

    return read


def _record(call: LlmCall, response: Any) -> Any:
    record_google_response(call, response)
    call.end_ok()
    return response


def _record_embeddings(call: LlmCall, response: Any) -> Any:
    embeddings = list(getattr(response, "embeddings", None) or [])
    values = getattr(embeddings[0], "values", None) if embeddings else None
    call.record_response(
        extra={
            attr.EMBEDDINGS_DIMENSION_COUNT: len(values) if isinstance(values, list) else None,
            attr.EMBEDDINGS_VECTOR_COUNT: len(embeddings),
        }
    )
    call.end_ok()
    return response


def _plain(read: Any, record: Any = _record) -> Any:
    def factory(source: Any, original: Any) -> Any:
        if is_async_method(original):

            async def traced_async(*args: Any, **kwargs: Any) -> Any:
                session = should_trace(source)
                if session is None:
                    return await original(*args, **kwargs)
                request = read(original, args, kwargs)
                return await run_async(request.starter(session), lambda: original(*args, **kwargs), record)

            return traced_async

        def traced(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return original(*args, **kwargs)
            request = read(original, args, kwargs)
            return run_sync(request.starter(session), lambda: original(*args, **kwargs), record)

        return traced

    return factory


def _stream(read: Any) -> Any:
    def factory(source: Any, original: Any) -> Any:
        if is_async_method(original):

            async def traced_async(*args: Any, **kwargs: Any) -> Any:
                session = should_trace(source)
                if session is None:
                    return await original(*args, **kwargs)
                request = read(original, args, kwargs)

                def attach(call: LlmCall, chunks: Any) -> Any:
                    return traced_async_iterator(chunks, StreamState(call, GoogleStreamAccumulator()))

                return await run_async(request.starter(session), lambda: original(*args, **kwargs), attach)

            return traced_async

        def traced(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return original(*args, **kwargs)
            return _lazy_stream(
                request_start=read(original, args, kwargs).starter(session),
                chunks=lambda: original(*args, **kwargs),
            )

        return traced

    return factory


def _lazy_stream(request_start: Any, chunks: Any) -> Iterator[Any]:
    call = request_start()
    if call is None:
        yield from chunks()
        return
    yield from traced_iterator(chunks(), StreamState(call, GoogleStreamAccumulator()))


CHAT_ROUTES: Routes = {
    "send_message": _plain(_chat_request("chat.sendMessage", False)),
    "send_message_stream": _stream(_chat_request("chat.sendMessageStream", True)),
}


def _chats_create_factory(source: Any, original: Any) -> Any:
    def create(*args: Any, **kwargs: Any) -> Any:
        return View(original(*args, **kwargs), CHAT_ROUTES, source)

    return create


_MODELS: Routes = {
    "generate_content": _plain(_models_request("generateContent", False)),
    "generate_content_stream": _stream(_models_request("generateContentStream", True)),
    "embed_content": _plain(_models_request("embedContent", False, embedding=True), _record_embeddings),
}
_CHATS: Routes = {"create": _chats_create_factory}

GENAI_CLIENT_ROUTES: Routes = {
    "models": _MODELS,
    "chats": _CHATS,
    "aio": {"models": _MODELS, "chats": _CHATS},
}
