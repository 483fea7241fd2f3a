"""Streams: the vendor's stream object is kept, only its item iterator is wrapped (SPEC W5, W9).

The caller gets the very object the provider SDK returned (same type, `response`, `close()`, context
manager, helpers). Its `_iterator` is replaced by a generator that watches each item, and its
`close` by one that first ends the span as cancelled. The span ends when the stream ends, raises,
is closed early, or is garbage-collected unread (`weakref.finalize`; then `fallom.stream.incomplete`).

Per item on the caller's thread, the least that must happen there: until the first content item
(W9) every item goes through the accumulator's `add`, after it only the items `add` must see. An
accumulator may bring its own iterator (`iterate` / `iterate_async`, the same contract as
`traced_iterator`) with its common item inlined (OpenAI chat: `_openai/_chat_stream_iterator`). An
accumulator with `snapshot` has its response recorded on the export thread
(`LlmCall.defer_response`) from a copy of its state.

Why not keep the items and read them all on the export thread: a 100-chunk OpenAI stream is ~1,200
objects tracked by Python's cyclic GC; kept alive until the span is built they survive young
collections and get promoted, and the extra collections cost the caller more than reading them now
(measured: +300 µs median per stream; see bench/python-sdk-inprocess.py).
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import AsyncIterator, Iterator
from typing import Any, Callable, Protocol

from . import _log
from ._llm_call import LlmCall


class StreamAccumulator(Protocol):
    """Provider-specific: reads each item, then writes the call's response fields. Optional, found
    with `getattr`: `iterate(items, state)` / `iterate_async(items, state)` (replace
    `traced_iterator` / `traced_async_iterator` for this accumulator) and
    `snapshot() -> StreamAccumulator` (a copy whose `record` may run later, on the export thread),
    `final_snapshot() -> StreamAccumulator` (the same once the stream ended by itself; may return
    the accumulator itself, since nothing is added after that)."""

    def add(self, item: Any) -> tuple[bool, bool]:
        """Returns (carries content, yield it to the caller)."""
        ...

    def record(self, call: Any) -> None:
        """Writes the response with `call.record_response(...)` (an `LlmCall` or a `ResponseSink`)."""
        ...


class StreamState:
    """Holds no reference to the stream, so finalisers can run when it is collected."""

    __slots__ = ("accumulator", "call", "started")

    def __init__(self, call: LlmCall, accumulator: StreamAccumulator) -> None:
        self.call = call
        self.accumulator = accumulator
        self.started = False

    def _record(self, finished: bool = False) -> None:
        try:
            accumulator = self.accumulator
            # At the stream's natural end no `add` can follow: an accumulator may then hand over
            # itself instead of a copy (`final_snapshot`), which saves the copy on the caller's thread.
            snapshot = (finished and getattr(accumulator, "final_snapshot", None)) or getattr(
                accumulator, "snapshot", None
            )
            if snapshot is not None:
                self.call.defer_response(snapshot().record)
            else:
                accumulator.record(self.call)
        except Exception as error:
            _log.debug("stream record error (ignored): %r", error)

    def complete(self) -> None:
        if not self.call.ended:
            self._record(finished=True)
            failure = getattr(self.accumulator, "failure", None)
            if failure:
                self.call.end_failed(*failure)
            else:
                self.call.end_ok()

    def fail(self, error: BaseException) -> None:
        if not self.call.ended:
            self._record()
            self.call.end_error(error)

    def cancel(self) -> None:
        if not self.call.ended:
            self._record()
            self.call.end_ok(cancelled=True)

    def abandon(self) -> None:
        """Collected without `close()`: a consumer that read and stopped (`break`) cancelled it;
        one that never read abandoned it (SPEC W5 `fallom.stream.incomplete`)."""
        if not self.call.ended:
            self._record()
            if self.started:
                self.call.end_ok(cancelled=True)
            else:
                self.call.end_ok(incomplete=True)


def traced_iterator(items: Iterator[Any], state: StreamState) -> Iterator[Any]:
    # The per-item path is inlined here (no helper call per item): it runs ~100 times per stream.
    add = state.accumulator.add
    call = state.call
    items = iter(items)  # two loops share it (an iterable would restart)
    try:
        for item in items:  # until the first content item
            state.started = True
            try:
                has_content, keep = add(item)
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                has_content, keep = False, True
            if has_content:
                call.first_token()
            if keep:
                yield item
            if has_content:
                break
        for item in items:  # the rest: the first token is known, `started` is set
            try:
                keep = add(item)[1]
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                keep = True
            if keep:
                yield item
    except GeneratorExit:
        state.abandon()
        raise
    except BaseException as error:
        state.fail(error)
        raise
    state.complete()


async def traced_async_iterator(items: AsyncIterator[Any], state: StreamState) -> AsyncIterator[Any]:
    add = state.accumulator.add
    call = state.call
    items = items.__aiter__()
    try:
        async for item in items:
            state.started = True
            try:
                has_content, keep = add(item)
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                has_content, keep = False, True
            if has_content:
                call.first_token()
            if keep:
                yield item
            if has_content:
                break
        async for item in items:
            try:
                keep = add(item)[1]
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                keep = True
            if keep:
                yield item
    except GeneratorExit:
        state.abandon()
        raise
    except BaseException as error:
        state.fail(error)
        raise
    state.complete()


def patch_stream(stream: Any, call: LlmCall, accumulator: StreamAccumulator, *, is_async: bool) -> Any:
    """Wraps `stream._iterator` and `stream.close` on this one result object; returns the stream."""
    state = StreamState(call, accumulator)
    try:
        original = stream._iterator
        if is_async:
            iterate = getattr(accumulator, "iterate_async", None) or traced_async_iterator
        else:
            iterate = getattr(accumulator, "iterate", None) or traced_iterator
        stream._iterator = iterate(original, state)
        if callable(getattr(stream, "close", None)):
            _patch_close(stream, state, is_async)
        weakref.finalize(stream, state.abandon)
    except Exception as error:
        _log.debug("could not trace this stream; it is returned untraced: %r", error)
        state.abandon()
    return stream


def _patch_close(stream: Any, state: StreamState, is_async: bool) -> None:
    original_close = _close_without_cycle(stream)
    # `inspect` only for async streams (their `close` may be a coroutine function); a sync stream's
    # `close` is plain, and `inspect.iscoroutinefunction` is several calls on every stream.
    if is_async and inspect.iscoroutinefunction(stream.close):

        async def aclose(*args: Any, **kwargs: Any) -> Any:
            state.cancel()
            pending = original_close(*args, **kwargs)
            return None if pending is None else await pending

        stream.close = aclose
    else:

        def close(*args: Any, **kwargs: Any) -> Any:
            state.cancel()
            return original_close(*args, **kwargs)

        stream.close = close


def _close_without_cycle(stream: Any) -> Callable[..., Any]:
    """The stream's `close`, callable without holding the stream. Why: the replacement is stored on
    the stream itself, so holding the bound method (stream → close → bound method → stream) made
    every traced stream a reference cycle, freed (and its finaliser run) only by the cyclic GC:
    ~15 more objects per stream for it, and more frequent collections on the caller's thread
    (bench/python-usage-floor.py --gc-stats). The stream is alive whenever its own `close` is called
    through it; through a `close` kept after the stream was collected there is nothing left to close."""
    original_close = stream.close
    function = getattr(original_close, "__func__", None)
    if function is None or getattr(original_close, "__self__", None) is not stream:
        return original_close  # type: ignore[no-any-return]
    try:
        stream_ref = weakref.ref(stream)
    except TypeError:
        return original_close  # type: ignore[no-any-return]

    def call_original(*args: Any, **kwargs: Any) -> Any:
        target = stream_ref()
        return None if target is None else function(target, *args, **kwargs)

    return call_original
