"""The 0.1.x context session behind `fallom.trace.set_session` and the module-level wrappers."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from typing import Optional

from ._session import FallomSession

_session: contextvars.ContextVar[Optional[FallomSession]] = contextvars.ContextVar(
    "fallom_legacy_session", default=None
)
#: Set when `set_session` is called at top level (main thread, no running event loop): threads start
#: with an empty context, so a script's top-level session must be visible to them too.
_process_session: Optional[FallomSession] = None


def _at_top_level() -> bool:
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return True
    return False


def set_session(session: FallomSession) -> None:
    global _process_session
    _session.set(session)
    if _at_top_level():
        _process_session = session


def get_session() -> Optional[FallomSession]:
    return _session.get() or _process_session


def clear_session() -> None:
    global _process_session
    _session.set(None)
    if _at_top_level():
        _process_session = None


class ContextSource:
    """Session source of the module-level wrappers: the context session at call time, or none."""

    def current_session(self) -> Optional[FallomSession]:
        return get_session()


CONTEXT_SOURCE = ContextSource()
