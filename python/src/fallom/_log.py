"""The SDK's logger: `[Fallom]`-prefixed, debug output only when `debug` is on, rate-limited warnings."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger("fallom")

_debug = False
_last_warning: dict[str, float] = {}
_lock = threading.Lock()


def set_debug(enabled: bool) -> None:
    global _debug
    _debug = enabled


def is_debug() -> bool:
    return _debug


def debug(message: str, *args: object) -> None:
    """Logged at WARNING level only in debug mode, so users see it without configuring logging."""
    if _debug:
        logger.warning("[Fallom] " + message, *args)


def warn(message: str, *args: object) -> None:
    logger.warning("[Fallom WARNING] " + message, *args)


def warn_rate_limited(key: str, message: str, *args: object, interval_s: float = 60.0) -> bool:
    """Warns at most once per `interval_s` per key (SPEC §5.7: 401 and queue-full warnings)."""
    now = time.monotonic()
    with _lock:
        last = _last_warning.get(key)
        if last is not None and now - last < interval_s:
            return False
        _last_warning[key] = now
    warn(message, *args)
    return True


def reset_rate_limits() -> None:
    """Forgets when each warning was last shown (tests, forked children)."""
    with _lock:
        _last_warning.clear()
