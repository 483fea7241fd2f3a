"""The shape every traced method shares, sync and async: start the span, call the provider, record
or attach to the stream, re-raise provider errors unchanged (SPEC W2–W5)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Callable, Optional, TypeVar

from . import _log, _runtime
from ._context import llm_call_active
from ._llm_call import LlmCall

R = TypeVar("R")

#: Builds the call's span; returns None to run the call untraced.
Starter = Callable[[], Optional[LlmCall]]
#: Records a result (or attaches to a stream) and returns what the caller gets: the result itself.
Finisher = Callable[[LlmCall, Any], Any]


def should_trace(source: Any) -> Any:
    """The session to trace into, or None: not initialised, no session, or nested in a traced call."""
    if _runtime.current() is None or llm_call_active.get():
        return None
    try:
        return source.current_session()
    except Exception:
        return None


def run_sync(start: Starter, invoke: Callable[[], R], finish: Finisher) -> R:
    call = start()
    if call is None:
        return invoke()
    token = llm_call_active.set(True)
    try:
        result = invoke()
    except BaseException as error:
        call.end_error(error)
        raise
    finally:
        llm_call_active.reset(token)
    return _finish(call, result, finish)


async def run_async(start: Starter, invoke: Callable[[], Awaitable[R]], finish: Finisher) -> R:
    call = start()
    if call is None:
        return await invoke()
    token = llm_call_active.set(True)
    try:
        result = await invoke()
    except BaseException as error:
        call.end_error(error)
        raise
    finally:
        llm_call_active.reset(token)
    return _finish(call, result, finish)


def _finish(call: LlmCall, result: R, finish: Finisher) -> R:
    try:
        returned = finish(call, result)
        return returned if returned is not None else result
    except Exception as error:
        _log.debug("could not record the response (ignored): %r", error)
        call.end_ok()
        return result


def is_async_method(method: Any) -> bool:
    """Async provider methods are not always `async def` (decorators return plain functions that
    return coroutines), so the owning resource's class decides too (`AsyncCompletions`, …)."""
    import inspect

    if inspect.iscoroutinefunction(method):
        return True
    owner = getattr(method, "__self__", None)
    return owner is not None and "Async" in type(owner).__name__
