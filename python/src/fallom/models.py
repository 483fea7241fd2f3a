"""`fallom.models`: model A/B testing (SPEC §7).

A warm lookup is local computation only (cache, targeting, MD5 bucket); the server is asked only on
a cache miss (≤ 2 s) and told about assignments off the caller's thread.

Example::

    model = fallom.models.get("summarizer", session_id, fallback="gpt-4o-mini")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Optional

from . import _log
from ._ab._assign import assign_model
from ._ab._http import RemoteError
from ._ab._remote_client import RemoteClient, RemoteSettings
from ._ab._remote_state import get_remote, start_remote
from ._ab._wire import ModelConfig
from ._config import resolve_config
from ._errors import ConfigurationError, NotFoundError

__all__ = ["get", "init"]


class ResolvedModel(NamedTuple):
    """A model choice plus, when a real config version made it, which version and variant."""

    model: str
    config_version: Optional[int] = None
    variant_index: Optional[int] = None


def init(api_key: Optional[str] = None, base_url: Optional[str] = None) -> None:
    """Legacy 0.1.x: starts the config client alone (`fallom.init` already does).

    Raises `ConfigurationError` (a `ValueError`) when neither `api_key` nor `FALLOM_API_KEY` is set.
    """
    config = resolve_config(
        api_key=api_key,
        traces_url=None,
        configs_url=None,
        prompts_url=None,
        capture_content=None,
        debug=None,
        base_url=base_url,
        service_name=None,
        export_mode="batch",
    )
    start_remote(RemoteSettings(config.api_key, config.configs_url, config.prompts_url, config.debug))


def get(
    config_key: str,
    session_id: str,
    version: Optional[int] = None,
    fallback: Optional[str] = None,
    customer_id: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    debug: bool = False,
) -> str:
    """The model for `session_id` under config `config_key` (SPEC §7.2): targeting (with
    `customer_id` and `context`), then the sticky MD5 bucket. The same session always gets the same
    variant of the same config version.

    Never blocks longer than 2 s (only on a cold cache miss). With a `fallback`, nothing is raised:
    any failure logs a `[Fallom WARNING]` and returns it.

    Raises:
        NotFoundError: (a `ValueError`) `Config '<key>' not found…` / `…version N not found`,
            when no assignment can be made and no `fallback` was given.
        ConfigurationError: (a `ValueError`) bad arguments, or no API key and no `fallback`.

    Example:
        >>> model = fallom.models.get("summarizer", "conv-1", fallback="gpt-4o-mini")
    """
    return resolve_model(config_key, session_id, version, fallback, customer_id, context, debug).model


def resolve_model(
    config_key: str,
    session_id: str,
    version: Optional[int] = None,
    fallback: Optional[str] = None,
    customer_id: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
    debug: bool = False,
) -> ResolvedModel:
    """`get` with the assignment details sessions record on their spans."""
    _check_arguments(config_key, session_id, version, fallback, customer_id, context)
    client: Optional[RemoteClient] = None
    try:
        client = get_remote()
        config = client.configs.current.get(config_key) if version is None else None
        if config is None:
            config = _find_config(client, config_key, version)
        assignment = assign_model(config, session_id, customer_id, context)
        client.recorder.record(config_key, config.version, session_id, assignment.model)
        if client.debugging(debug):
            client.log(
                f"models.get({config_key!r}, {session_id!r}): {assignment.model} (version "
                f"{config.version}, variant {assignment.variant_index} by {assignment.via})",
                debug,
            )
        return ResolvedModel(assignment.model, config.version, assignment.variant_index)
    except Exception as error:
        if fallback is None:
            raise
        _log.warn_rate_limited(
            f"models.get:{config_key}",
            "models.get(%r): %s; using the fallback %r.",
            config_key,
            str(error).rstrip("."),
            fallback,
        )
        if client is not None:
            client.log(f"models.get({config_key!r}, {session_id!r}): fallback {fallback}", debug)
        return ResolvedModel(fallback)


def _find_config(client: RemoteClient, key: str, version: Optional[int]) -> ModelConfig:
    current = client.current_config(key)
    if current is None:
        reason = client.list_failure(client.config_list)
        where = " on the server" if reason is None else f" (the config list could not be fetched: {reason})"
        raise NotFoundError(f"Config '{key}' not found{where}.")
    if version is None or version == current.version:
        return current
    cached = client.configs.version(key, version)
    if cached is not None:
        return cached
    try:
        return client.fetch_config_version(key, version)
    except RemoteError as error:
        detail = "" if error.status == 404 else f" ({error})"
        raise NotFoundError(f"Config '{key}' version {version} not found{detail}.") from error


def _check_arguments(
    config_key: Any, session_id: Any, version: Any, fallback: Any, customer_id: Any, context: Any
) -> None:
    if not isinstance(config_key, str) or not config_key:
        raise ConfigurationError("models.get(config_key, session_id): config_key must be a non-empty string.")
    if not isinstance(session_id, str):
        raise ConfigurationError("models.get(config_key, session_id): session_id must be a string.")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise ConfigurationError(f"models.get: version must be a whole number ≥ 1, got {version!r}.")
    if fallback is not None and not isinstance(fallback, str):
        raise ConfigurationError(f"models.get: fallback must be a model name (str), got {fallback!r}.")
    if customer_id is not None and not isinstance(customer_id, str):
        raise ConfigurationError(f"models.get: customer_id must be a string, got {customer_id!r}.")
    if context is not None and not isinstance(context, Mapping):
        raise ConfigurationError("models.get: context must be a mapping of {field: value}.")
