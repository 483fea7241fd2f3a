"""The config and prompt client behind `fallom.models` and `fallom.prompts` (SPEC §7.4, §8.3).

The lists are fetched at start on a daemon thread (never blocking `init`) and refreshed every 30 s;
a failed fetch keeps the stale cache. A lookup that misses waits at most 2 s for one shared fetch;
a pinned version that is not cached is fetched once per URL at a time. Fork-safe: a forked child
gets fresh locks and its own refresh thread (threads do not survive `fork`).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Callable, Optional, TypeVar
from urllib.parse import quote

from .. import _log
from ._caches import ConfigCache, PromptCache
from ._flight import Flight
from ._http import RemoteError, request_json
from ._recorder import AssignmentRecorder
from ._wire import ModelConfig, PromptAbTest, PromptVersion, read_config, read_prompt_version

#: SPEC §7.4.
REFRESH_INTERVAL_S = 30.0
#: SPEC §7.2: the most a cache miss may block a caller.
BLOCKING_FETCH_S = 2.0
#: A background list fetch is abandoned after this long (nobody waits on it).
LIST_TIMEOUT_S = 10.0
#: A miss this soon after a fetch settled uses that fetch's result instead of asking again: a key
#: that does not exist must not turn every call into a request (or, server down, into a wait).
MISS_REFETCH_AFTER_S = 1.0

T = TypeVar("T")


@dataclass(frozen=True)
class RemoteSettings:
    api_key: str
    configs_url: str
    prompts_url: str
    debug: bool


class RemoteClient:
    def __init__(self, settings: RemoteSettings) -> None:
        self.settings = settings
        self.configs = ConfigCache()
        self.prompts = PromptCache()
        self.recorder = AssignmentRecorder(settings.configs_url, settings.api_key, self.log)
        self.config_list = Flight(
            "configs", lambda: self.configs.apply_list(self._get(f"{settings.configs_url}/configs"))
        )
        self.prompt_list = Flight(
            "prompts", lambda: self.prompts.apply_prompt_list(self._get(f"{settings.prompts_url}/prompts"))
        )
        self.ab_test_list = Flight(
            "prompt-ab-tests",
            lambda: self.prompts.apply_ab_test_list(self._get(f"{settings.prompts_url}/prompt-ab-tests")),
        )
        self._version_lock = threading.Lock()
        self._version_flights: dict[str, tuple[Flight, list[object]]] = {}
        self._stop = threading.Event()
        self._pid = os.getpid()
        self._refresher: Optional[threading.Thread] = None

    # Lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Starts the refresh thread; its first round is the initial fetch (not awaited)."""
        self._refresher = threading.Thread(target=self._refresh_loop, name="fallom-refresh", daemon=True)
        self._refresher.start()

    def stop(self) -> None:
        self._stop.set()
        self.recorder.stop()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def after_fork_in_child(self) -> None:
        self._pid = os.getpid()
        for flight in (self.config_list, self.prompt_list, self.ab_test_list):
            flight.reset_after_fork()
        self._version_lock = threading.Lock()
        self._version_flights = {}
        self.recorder.after_fork_in_child()
        if not self._stop.is_set():
            self.start()

    def check_fork(self) -> None:
        """For a fork the at-fork hook did not see (a raw `os.fork` from C): cheap pid compare."""
        if self._pid != os.getpid():
            self.after_fork_in_child()

    def refresh_all(self, timeout: Optional[float] = None) -> None:
        """Fetches the three lists concurrently and waits (tests; the refresh thread)."""
        events = [flight.start() for flight in (self.config_list, self.prompt_list, self.ab_test_list)]
        for event in events:
            event.wait(timeout)
        for flight in (self.config_list, self.prompt_list, self.ab_test_list):
            if flight.last_error is not None and not self._stop.is_set():
                self.log(f"refresh failed, keeping the cache: {flight.last_error}")

    def _refresh_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.refresh_all(LIST_TIMEOUT_S + 1)
            except Exception as error:  # pragma: no cover - defensive: the loop must go on
                self.log(f"refresh failed: {error!r}")
            if self._stop.wait(REFRESH_INTERVAL_S):
                return

    # Lookups -----------------------------------------------------------------------------------

    def current_config(self, key: str) -> Optional[ModelConfig]:
        """The current version of config `key`, waiting ≤ 2 s for a fetch on a miss."""
        return self._lookup(lambda: self.configs.current.get(key), self.config_list)

    def current_prompt(self, key: str) -> Optional[PromptVersion]:
        return self._lookup(lambda: self.prompts.current.get(key), self.prompt_list)

    def ab_test(self, key: str) -> Optional[PromptAbTest]:
        return self._lookup(lambda: self.prompts.ab_tests.get(key), self.ab_test_list)

    def fetch_config_version(self, key: str, version: int) -> ModelConfig:
        """`GET /configs/{key}/version/{v}` (≤ 2 s), cached on success. Raises RemoteError."""
        url = f"{self.settings.configs_url}/configs/{quote(key, safe='')}/version/{version}"
        config = read_config(self._get_once(url))
        if config is None:
            raise RemoteError(f"GET {url} answered with something that is not a config")
        self.configs.add_version(config)
        return config

    def fetch_prompt_version(self, key: str, version: int) -> PromptVersion:
        """`GET /prompts/{key}/version/{v}` (≤ 2 s), cached on success. Raises RemoteError."""
        url = f"{self.settings.prompts_url}/prompts/{quote(key, safe='')}/version/{version}"
        prompt = read_prompt_version(self._get_once(url))
        if prompt is None:
            raise RemoteError(f"GET {url} answered with something that is not a prompt version")
        self.prompts.add_version(prompt)
        return prompt

    def list_failure(self, flight: Flight) -> Optional[BaseException]:
        """Why the list could not be read (for "not found" messages); None when it was read fine."""
        if flight.succeeded_once and flight.last_error is None:
            return None
        return flight.last_error

    # Logging -----------------------------------------------------------------------------------

    def debugging(self, call_debug: bool = False) -> bool:
        return call_debug or self.settings.debug or _log.is_debug()

    def log(self, message: str, call_debug: bool = False) -> None:
        if self.debugging(call_debug):
            _log.logger.warning("[Fallom] %s", message)

    # Internals ---------------------------------------------------------------------------------

    def _lookup(self, read: Callable[[], Optional[T]], flight: Flight) -> Optional[T]:
        hit = read()
        if hit is not None:
            return hit
        self.check_fork()
        if not flight.running and flight.settled_within(MISS_REFETCH_AFTER_S):
            return None
        flight.run_and_wait(BLOCKING_FETCH_S)
        return read()

    def _get_once(self, url: str) -> object:
        """One request per URL at a time; the caller waits ≤ 2 s for it."""
        self.check_fork()
        with self._version_lock:
            entry = self._version_flights.get(url)
            if entry is None:
                box: list[object] = []
                entry = (Flight("version", lambda: box.append(self._get(url, BLOCKING_FETCH_S))), box)
                self._version_flights[url] = entry
        flight, box = entry
        settled = flight.run_and_wait(BLOCKING_FETCH_S)
        with self._version_lock:
            if self._version_flights.get(url) is entry and not flight.running:
                del self._version_flights[url]
        if not settled:
            raise RemoteError(f"GET {url} timed out")
        if flight.last_error is not None:
            raise flight.last_error
        if not box:
            raise RemoteError(f"GET {url} failed")
        return box[-1]

    def _get(self, url: str, timeout: float = LIST_TIMEOUT_S) -> object:
        if self._stop.is_set():
            raise RemoteError(f"GET {url} not sent: the SDK was shut down")
        return request_json(url, self.settings.api_key, timeout)
