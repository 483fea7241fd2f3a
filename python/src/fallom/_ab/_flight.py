"""One fetch at a time per resource, shared by everyone who needs it (SPEC §7.2 "concurrent misses
share it"): the background refresh and any number of callers that missed the cache wait on the same
request instead of each sending their own."""

from __future__ import annotations

import threading
import time
from typing import Callable, Optional


class Flight:
    """Runs `fetch` on a daemon thread when asked and nothing is running yet; remembers the outcome."""

    def __init__(self, name: str, fetch: Callable[[], object]) -> None:
        self._name = name
        self._fetch = fetch
        self._lock = threading.Lock()
        self._running: Optional[threading.Event] = None
        self.last_error: Optional[BaseException] = None
        self.succeeded_once = False
        self._settled_at: Optional[float] = None

    def reset_after_fork(self) -> None:
        """The parent's fetch thread does not exist in a forked child: forget it was running."""
        self._lock = threading.Lock()
        self._running = None

    @property
    def running(self) -> bool:
        return self._running is not None

    def settled_within(self, seconds: float) -> bool:
        settled = self._settled_at
        return settled is not None and time.monotonic() - settled < seconds

    def start(self) -> threading.Event:
        """The event of the running fetch, starting one if none is; set when it settles."""
        with self._lock:
            done = self._running
            if done is not None:
                return done
            done = self._running = threading.Event()
        try:
            threading.Thread(target=self._run, args=(done,), name=f"fallom-{self._name}", daemon=True).start()
        except RuntimeError as error:  # interpreter shutting down: no new threads
            self._settle(done, error)
        return done

    def run_and_wait(self, timeout: Optional[float] = None) -> bool:
        """Starts (or joins) a fetch and waits for it; True when it settled in time."""
        return self.start().wait(timeout)

    def _run(self, done: threading.Event) -> None:
        error: Optional[BaseException] = None
        try:
            self._fetch()
        except BaseException as caught:  # the thread must always settle its waiters
            error = caught
        self._settle(done, error)

    def _settle(self, done: threading.Event, error: Optional[BaseException]) -> None:
        self.last_error = error
        if error is None:
            self.succeeded_once = True
        with self._lock:
            self._settled_at = time.monotonic()
            if self._running is done:
                self._running = None
        done.set()
