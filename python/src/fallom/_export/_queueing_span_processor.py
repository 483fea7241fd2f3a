"""Bounded span queue drained by one daemon worker thread (SPEC §5.7).

Why not the OTel SDK's `BatchSpanProcessor`: it drops a batch once its exporter gives up, so a
server that is down for a minute loses that minute of spans, and its fork handling and retry policy
are not ours to tune. Here a batch the transport could not deliver goes back to the head of the
queue (still bounded), so "server down, then up" loses nothing; the server deduplicates on
`(trace_id, span_id)`, so a resend after an ambiguous failure never duplicates a span.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from typing import Callable, Optional

from opentelemetry.context import Context
from opentelemetry.sdk.trace import Span, SpanProcessor

from .. import _log
from .._span_record import Exportable
from ._transport import OtlpHttpTransport

MAX_QUEUE_SIZE = 2048
MAX_BATCH_SIZE = 512
SCHEDULE_DELAY_S = 1.0


class QueueingSpanProcessor(SpanProcessor):
    """Queues ended spans and exports them off the caller's thread; never raises into user code."""

    def __init__(
        self,
        make_transport: Callable[[Callable[[], threading.Event]], OtlpHttpTransport],
        *,
        immediate: bool = False,
        max_queue_size: int = MAX_QUEUE_SIZE,
        max_batch_size: int = MAX_BATCH_SIZE,
        schedule_delay_s: float = SCHEDULE_DELAY_S,
    ) -> None:
        self._transport = make_transport(lambda: self._stop)
        self._immediate = immediate
        self._max_queue_size = max_queue_size
        self._max_batch_size = max_batch_size
        self._schedule_delay_s = schedule_delay_s
        self.dropped_spans = 0
        self._reset_state()

    def _reset_state(self) -> None:
        """Fresh lock, queue and (lazily started) worker: at construction and in a forked child."""
        self._pid = os.getpid()
        # `on_end` (every traced call, on the caller's thread) takes the plain lock: entering a
        # `Condition` is a Python-level call; the worker and `flush` use the condition on it.
        self._mutex = threading.Lock()
        self._lock = threading.Condition(self._mutex)
        self._queue: deque[Exportable] = deque()
        self._in_flight = 0
        self._flush_requested = False
        self._stop = threading.Event()
        self._shut_down = False
        self._worker: Optional[threading.Thread] = None
        #: False once the worker's loop is left (stop, or an unexpected error): `_ensure_worker`
        #: reads it instead of `Thread.is_alive()` (several Python-level calls per queued span).
        self._worker_running = False

    def after_fork_in_child(self) -> None:
        """The parent's queued spans are the parent's to export; the child starts empty with its own
        worker (a forked child inherits no threads, and the parent's lock may be held mid-fork)."""
        shut_down = self._shut_down
        self._reset_state()
        self._shut_down = shut_down

    # SpanProcessor -----------------------------------------------------------------------------

    def on_start(self, span: Span, parent_context: Optional[Context] = None) -> None:
        pass

    def on_end(self, span: Exportable) -> None:
        try:
            if self._pid != os.getpid():  # fork without the at-fork hook (e.g. a raw os.fork in C)
                self.after_fork_in_child()
            with self._mutex:
                if self._shut_down:
                    return
                if len(self._queue) >= self._max_queue_size:
                    self.dropped_spans += 1
                    _log.warn_rate_limited(
                        "queue-full",
                        "span queue full (%d); dropped %d spans so far. Is the trace server reachable?",
                        self._max_queue_size,
                        self.dropped_spans,
                    )
                    return
                self._queue.append(span)
                self._ensure_worker()
                if self._immediate or len(self._queue) >= self._max_batch_size:
                    self._lock.notify_all()
        except Exception as error:  # pragma: no cover - defensive: never break the caller
            _log.debug("could not queue a span: %r", error)

    def shutdown(self) -> None:
        self.shutdown_with_timeout(5.0)

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.flush(timeout_millis / 1000.0)

    # Ours --------------------------------------------------------------------------------------

    def flush(self, timeout_s: float) -> bool:
        """Exports everything queued now; True when the queue drained and nothing is in flight."""
        deadline = time.monotonic() + max(timeout_s, 0.0)
        with self._lock:
            if not self._queue and self._in_flight == 0:
                return True
            self._ensure_worker()
            self._flush_requested = True
            self._lock.notify_all()
            while self._queue or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(min(remaining, 0.05))
                if not self._queue and self._in_flight == 0:
                    break
                self._flush_requested = True
                self._lock.notify_all()
            return True

    def shutdown_with_timeout(self, timeout_s: float) -> bool:
        """Flushes (bounded), then stops the worker; later spans are dropped."""
        drained = self.flush(timeout_s)
        with self._lock:
            self._shut_down = True
            self._stop.set()
            self._lock.notify_all()
        return drained

    @property
    def queued(self) -> int:
        return len(self._queue)

    # Worker ------------------------------------------------------------------------------------

    def _ensure_worker(self) -> None:
        """Caller holds the lock. Started lazily so importing or init-ing costs no thread."""
        if not self._worker_running:
            self._worker = threading.Thread(target=self._run, name="fallom-exporter", daemon=True)
            self._worker_running = True
            try:
                self._worker.start()
            except BaseException:
                self._worker_running = False
                raise

    def _take_batch(self) -> list[Exportable]:
        """Waits for a full batch, the schedule, a flush or stop; caller holds the lock."""
        deadline = time.monotonic() + self._schedule_delay_s
        while not self._stop.is_set():
            ready = (
                self._flush_requested
                or self._immediate
                or len(self._queue) >= self._max_batch_size
                or time.monotonic() >= deadline
            )
            if ready and self._queue:
                break
            self._lock.wait(max(deadline - time.monotonic(), 0.01) if self._queue else self._schedule_delay_s)
            if not self._queue:
                deadline = time.monotonic() + self._schedule_delay_s
        count = min(len(self._queue), self._max_batch_size)
        batch = [self._queue.popleft() for _ in range(count)]
        if not self._queue:
            self._flush_requested = False
        self._in_flight += len(batch)
        return batch

    def _run(self) -> None:
        try:
            self._run_loop()
        finally:
            self._worker_running = False

    def _run_loop(self) -> None:
        while True:
            with self._lock:
                batch = self._take_batch()
                if not batch and self._stop.is_set():
                    return
            keep: list[Exportable] = []
            try:
                if batch:
                    keep = self._transport.send(batch)
            except Exception as error:  # pragma: no cover - the transport never raises
                _log.debug("export failed: %r", error)
            with self._lock:
                self._in_flight -= len(batch)
                if keep:
                    self._requeue(keep)
                self._lock.notify_all()
                if self._stop.is_set() and (keep or not self._queue):
                    return
            if keep:
                # The transport already backed off five times; wait before the next round.
                self._stop.wait(self._schedule_delay_s)

    def _requeue(self, spans: list[Exportable]) -> None:
        """Back to the head, oldest first; anything past the bound is dropped and counted."""
        room = self._max_queue_size - len(self._queue)
        if room < len(spans):
            self.dropped_spans += len(spans) - max(room, 0)
            spans = spans[: max(room, 0)]
        self._queue.extendleft(reversed(spans))
