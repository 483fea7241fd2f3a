"""`google.generativeai` (legacy SDK): `GenerativeModel.generate_content[_async]` and chat sessions.

`ChatSession.send_message` calls the *unwrapped* model, so the view wraps the chat session that
`start_chat()` returns and traces each turn there, once.
"""

from __future__ import annotations

from typing import Any, Optional

from .._call_runner import run_async, run_sync, should_trace
from .._llm_call import LlmCall
from .._stream_tracing import patch_stream
from .._view import Routes, View
from ._common import (
    OPERATION,
    PROVIDER,
    GoogleStreamAccumulator,
    model_name,
    record_google_response,
)

_CONFIG_KEYS = (
    "temperature",
    "top_p",
    "top_k",
    "max_output_tokens",
    "seed",
    "stop_sequences",
    "frequency_penalty",
    "presence_penalty",
)


def _params(config: Any) -> dict[str, Any]:
    if config is None:
        return {}
    if isinstance(config, dict):
        return {key: config.get(key) for key in _CONFIG_KEYS if config.get(key) is not None}
    return {key: getattr(config, key) for key in _CONFIG_KEYS if getattr(config, key, None) is not None}


def _finish(is_async: bool) -> Any:
    def finish(call: LlmCall, response: Any) -> Any:
        if getattr(response, "_done", True) is False:
            # `from_iterator` has already read the first chunk: account for it, then watch the rest.
            accumulator = GoogleStreamAccumulator()
            first = getattr(response, "_result", None)
            if first is not None and accumulator.add(first)[0]:
                call.first_token()
            return patch_stream(response, call, accumulator, is_async=is_async)
        record_google_response(call, response)
        call.end_ok()
        return response

    return finish


def _traced(name_plain: str, name_stream: str, is_async: bool, model_of: Any) -> Any:
    def factory(source: Any, original: Any) -> Any:
        def start_for(session: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            stream = kwargs.get("stream") is True
            contents = args[0] if args else kwargs.get("contents", kwargs.get("content"))

            def start() -> Optional[LlmCall]:
                return LlmCall.start(
                    session,
                    name=name_stream if stream else name_plain,
                    operation=OPERATION,
                    provider=PROVIDER,
                    request_model=model_of(original),
                    stream=stream,
                    params=_params(kwargs.get("generation_config")),
                    raw_request=contents,
                )

            return start

        if is_async:

            async def traced_async(*args: Any, **kwargs: Any) -> Any:
                session = should_trace(source)
                if session is None:
                    return await original(*args, **kwargs)
                return await run_async(
                    start_for(session, args, kwargs), lambda: original(*args, **kwargs), _finish(True)
                )

            return traced_async

        def traced(*args: Any, **kwargs: Any) -> Any:
            session = should_trace(source)
            if session is None:
                return original(*args, **kwargs)
            return run_sync(
                start_for(session, args, kwargs), lambda: original(*args, **kwargs), _finish(False)
            )

        return traced

    return factory


def _model_of_model_method(method: Any) -> Optional[str]:
    return model_name(getattr(getattr(method, "__self__", None), "model_name", None))


def _model_of_chat_method(method: Any) -> Optional[str]:
    chat = getattr(method, "__self__", None)
    return model_name(getattr(getattr(chat, "model", None), "model_name", None))


CHAT_SESSION_ROUTES: Routes = {
    "send_message": _traced("chat.sendMessage", "chat.sendMessageStream", False, _model_of_chat_method),
    "send_message_async": _traced("chat.sendMessage", "chat.sendMessageStream", True, _model_of_chat_method),
}


def _start_chat_factory(source: Any, original: Any) -> Any:
    def start_chat(*args: Any, **kwargs: Any) -> Any:
        return View(original(*args, **kwargs), CHAT_SESSION_ROUTES, source)

    return start_chat


GENERATIVE_MODEL_ROUTES: Routes = {
    "generate_content": _traced("generateContent", "generateContentStream", False, _model_of_model_method),
    "generate_content_async": _traced(
        "generateContent", "generateContentStream", True, _model_of_model_method
    ),
    "start_chat": _start_chat_factory,
}
