"""Which RemoteClient `fallom.models` and `fallom.prompts` use: the one `fallom.init()` (or the
legacy `models.init` / `prompts.init`) started, else one auto-started from the environment on first
use (SPEC §7.2 step 1). `fallom.shutdown()` stops it."""

from __future__ import annotations

import os
import threading
from typing import Optional

from .._config import resolve_config
from ._remote_client import RemoteClient, RemoteSettings

_lock = threading.Lock()
_current: Optional[RemoteClient] = None
_fork_hook_installed = False


def start_remote(settings: RemoteSettings) -> RemoteClient:
    """Starts a client for `settings`; the same settings keep the running one (init is idempotent)."""
    global _current, _fork_hook_installed
    with _lock:
        previous = _current
        if previous is not None and previous.settings == settings and not previous.stopped:
            return previous
        client = RemoteClient(settings)
        _current = client
        if not _fork_hook_installed and hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_after_fork_in_child)
            _fork_hook_installed = True
    if previous is not None:
        previous.stop()
    client.start()
    return client


def stop_remote() -> None:
    global _current
    with _lock:
        client, _current = _current, None
    if client is not None:
        client.stop()


def get_remote() -> RemoteClient:
    """The running client, auto-started from the environment when there is none.

    Raises:
        ConfigurationError: there is none and `FALLOM_API_KEY` is not set.
    """
    client = _current
    if client is not None:
        return client
    config = resolve_config(
        api_key=None,
        traces_url=None,
        configs_url=None,
        prompts_url=None,
        capture_content=None,
        debug=None,
        base_url=None,
        service_name=None,
        export_mode="batch",
    )
    return start_remote(RemoteSettings(config.api_key, config.configs_url, config.prompts_url, config.debug))


def peek_remote() -> Optional[RemoteClient]:
    return _current


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    client = _current
    if client is not None:
        client.after_fork_in_child()
