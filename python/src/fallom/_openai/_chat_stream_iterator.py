"""The item iterator of a chat completion stream: `_stream_tracing.traced_iterator` with the chat
accumulator's common case inlined, sync and async (SPEC §2.5.1 chat streaming rules, W9).

After the first content chunk, a chunk whose only news is text for choice 0 (no usage, finish
reason, refusal, tool call, extra delta field such as reasoning, new model) has its text appended
here, in this generator's frame: no method call, and the pydantic fields read from each object's
`__dict__` (4 attribute reads instead of 10; pydantic models define `__getattr__`, so CPython cannot
specialise their attribute reads). Every other chunk, or one of unexpected shape (a missing key,
another type), goes through `ChatStreamAccumulator.add`, which reads every field; what is recorded
is the same either way (tests/test_deferred_recording.py compares both paths).

Why a generator and not a class with `__next__`: resuming a generator costs less than a Python-level
`__next__` call (measured on 103 recorded chunks replayed in a loop: 41 µs vs 48 µs per stream; the
previous `add_plain` method call per chunk: 56 µs), and the generator's `GeneratorExit` is how an
early `break` or a collected stream ends the span.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, Callable, Optional

from .. import _log

if TYPE_CHECKING:
    from .._stream_tracing import StreamState
    from ._chat_stream import ChatStreamAccumulator

#: `list.append` of choice 0's text pieces, or None when the fast path cannot be used yet.
Append = Optional[Callable[[str], None]]


def _fast_path(accumulator: ChatStreamAccumulator) -> tuple[Append, Optional[str]]:
    """(where plain text goes, the model a plain chunk may name); refreshed after every `add`."""
    first = accumulator.choices.get(0)
    if first is None or accumulator.id is None:
        return None, accumulator.model
    return first.text.append, accumulator.model


def traced_chat_iterator(items: Iterator[Any], state: StreamState) -> Iterator[Any]:
    accumulator: ChatStreamAccumulator = state.accumulator  # type: ignore[assignment]
    add = accumulator.add
    call = state.call
    items = iter(items)  # two loops share it (an iterable would restart)
    try:
        for item in items:  # until the first content chunk: every chunk through `add` (W9)
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
        append, model = _fast_path(accumulator)
        for chunk in items:
            # The plain text chunk (see the module docstring), inlined: this runs ~100 times per stream.
            text = None
            if append is not None:
                try:
                    fields = chunk.__dict__
                    if fields["usage"] is None:
                        choices = fields["choices"]
                        if len(choices) == 1:
                            choice = choices[0].__dict__
                            delta = choice["delta"]
                            delta_fields = delta.__dict__
                            text = delta_fields["content"]
                            if not (
                                text.__class__ is str
                                and text
                                and choice["index"] == 0
                                and choice["finish_reason"] is None
                                and not delta_fields["tool_calls"]
                                and not delta_fields["refusal"]
                                and not delta.__pydantic_extra__
                                and (not fields["model"] or fields["model"] == model)
                            ):
                                text = None
                except Exception:
                    text = None
            if text is not None:
                append(text)  # type: ignore[misc]
                accumulator.last_chunk = chunk
                yield chunk
                continue
            try:
                keep = add(chunk)[1]
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                keep = True
            append, model = _fast_path(accumulator)
            if keep:
                yield chunk
    except GeneratorExit:
        state.abandon()
        raise
    except BaseException as error:
        state.fail(error)
        raise
    state.complete()


async def traced_chat_async_iterator(items: AsyncIterator[Any], state: StreamState) -> AsyncIterator[Any]:
    accumulator: ChatStreamAccumulator = state.accumulator  # type: ignore[assignment]
    add = accumulator.add
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
        append, model = _fast_path(accumulator)
        async for chunk in items:
            text = None
            if append is not None:
                try:
                    fields = chunk.__dict__
                    if fields["usage"] is None:
                        choices = fields["choices"]
                        if len(choices) == 1:
                            choice = choices[0].__dict__
                            delta = choice["delta"]
                            delta_fields = delta.__dict__
                            text = delta_fields["content"]
                            if not (
                                text.__class__ is str
                                and text
                                and choice["index"] == 0
                                and choice["finish_reason"] is None
                                and not delta_fields["tool_calls"]
                                and not delta_fields["refusal"]
                                and not delta.__pydantic_extra__
                                and (not fields["model"] or fields["model"] == model)
                            ):
                                text = None
                except Exception:
                    text = None
            if text is not None:
                append(text)  # type: ignore[misc]
                accumulator.last_chunk = chunk
                yield chunk
                continue
            try:
                keep = add(chunk)[1]
            except Exception as error:
                _log.debug("stream accumulator error (ignored): %r", error)
                keep = True
            append, model = _fast_path(accumulator)
            if keep:
                yield chunk
    except GeneratorExit:
        state.abandon()
        raise
    except BaseException as error:
        state.fail(error)
        raise
    state.complete()
