"""SPEC §7.2 step 6: `POST /sessions` for each assignment a real config version made, off the
caller's thread (one daemon worker, 1 s timeout, errors only logged), at most once per
`(config key, version, session)` per process, remembered in a 10,000-entry LRU."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict, deque
from typing import Callable, Optional

from .. import _log
from ._http import request_json

RECORD_TIMEOUT_S = 1.0
REMEMBERED_ASSIGNMENTS = 10_000
#: Records waiting for the worker; past this (a server that hangs) new ones are forgotten, so the
#: session's next lookup tries again.
MAX_PENDING = 10_000

_Key = tuple[str, int, str]


class AssignmentRecorder:
    def __init__(self, configs_url: str, api_key: str, log: Callable[[str], None]) -> None:
        self._url = configs_url + "/sessions"
        self._api_key = api_key
        self._log = log
        self._seen: OrderedDict[_Key, None] = OrderedDict()
        self._stopped = False
        self._reset_state()

    def _reset_state(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Condition(threading.Lock())
        self._pending: deque[tuple[_Key, str]] = deque()
        self._busy = 0
        self._worker: Optional[threading.Thread] = None

    def after_fork_in_child(self) -> None:
        """The parent's worker and queued records stay the parent's; the child starts clean."""
        self._reset_state()

    def record(self, config_key: str, config_version: int, session_id: str, model: str) -> None:
        """Schedules the record unless this process already sent it; never blocks, never raises."""
        key = (config_key, config_version, session_id)
        try:
            if self._pid != os.getpid():
                self.after_fork_in_child()
            with self._lock:
                if self._stopped:
                    return
                if key in self._seen:
                    self._seen.move_to_end(key)
                    return
                if len(self._pending) >= MAX_PENDING:
                    return
                self._seen[key] = None
                if len(self._seen) > REMEMBERED_ASSIGNMENTS:
                    self._seen.popitem(last=False)
                self._pending.append((key, model))
                if self._worker is None or not self._worker.is_alive():
                    self._worker = threading.Thread(target=self._run, name="fallom-assignments", daemon=True)
                    self._worker.start()
                else:
                    self._lock.notify()
        except Exception as error:  # pragma: no cover - defensive
            _log.debug("could not schedule an assignment record: %r", error)

    def settled(self, timeout: float) -> bool:
        """Waits until every record scheduled so far was sent or failed (tests, shutdown)."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending and self._busy == 0, timeout)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._pending.clear()
            self._lock.notify_all()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._lock.wait_for(lambda: self._pending or self._stopped, 30.0):
                    self._worker = None  # idle: let the thread end; the next record starts one
                    return
                if self._stopped:
                    return
                key, model = self._pending.popleft()
                self._busy += 1
            try:
                config_key, config_version, session_id = key
                request_json(
                    self._url,
                    self._api_key,
                    RECORD_TIMEOUT_S,
                    body={
                        "config_key": config_key,
                        "config_version": config_version,
                        "session_id": session_id,
                        "assigned_model": model,
                    },
                )
            except Exception as error:
                with self._lock:
                    self._seen.pop(key, None)  # forgotten, so the session's next lookup retries
                self._log(f"recording the assignment of session {key[2]!r} failed: {error}")
            finally:
                with self._lock:
                    self._busy -= 1
                    self._lock.notify_all()
