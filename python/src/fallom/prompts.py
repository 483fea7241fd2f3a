"""`fallom.prompts`: managed prompts and prompt A/B tests (SPEC §8).

`get` / `get_ab` link the result to the LLM spans that follow **in the current context only**
(a `contextvars` variable: per thread, per asyncio task), until replaced or `clear_prompt_context()`
(SPEC §8.4). `session.get_prompt(...)` links to that session instead, and the session's link wins.

Example::

    prompt = fallom.prompts.get("onboarding", variables={"user_name": "Ann"})
    openai.chat.completions.create(model=model, messages=[
        {"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional, Union

from . import _attributes as attr
from . import _log
from ._ab._hashing import pick_variant, session_bucket
from ._ab._http import RemoteError
from ._ab._remote_client import RemoteClient, RemoteSettings
from ._ab._remote_state import get_remote, start_remote
from ._ab._template import render_template
from ._ab._wire import PromptVersion
from ._config import resolve_config
from ._context import prompt_context
from ._errors import ConfigurationError, NotFoundError

__all__ = ["PromptResult", "clear_prompt_context", "get", "get_ab", "get_prompt_context", "init"]


@dataclass(frozen=True)
class PromptResult:
    """A rendered prompt. For A/B results, `key`/`version` are the selected prompt's and
    `ab_test_key`/`variant_index` identify the arm; `version` is 0 for a fallback."""

    key: str
    version: int
    system: str
    user: str
    ab_test_key: Optional[str] = None
    variant_index: Optional[int] = None


#: A fallback: `{"system": ..., "user": ...}` (either may be missing) or a `PromptResult`.
Fallback = Union[Mapping[str, str], PromptResult]


def init(api_key: Optional[str] = None, base_url: Optional[str] = None) -> None:
    """Legacy 0.1.x: starts the prompt client alone (`fallom.init` already does)."""
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
    prompt_key: str,
    variables: Optional[Mapping[str, Any]] = None,
    version: Optional[int] = None,
    fallback: Optional[Fallback] = None,
    debug: bool = False,
) -> PromptResult:
    """Prompt `prompt_key` (current, or the pinned `version`) rendered with `variables` (SPEC §8.2),
    linked to the LLM spans that follow in this context.

    Raises:
        NotFoundError: (a `ValueError`) `Prompt '<key>' not found` / `…version N not found`, when
            there is no such prompt and no `fallback` (returned templated, with version 0).

    Example:
        >>> prompt = fallom.prompts.get("greeting", variables={"name": "Ada"})
    """
    result = fetch_prompt(prompt_key, variables, version, fallback, debug)
    prompt_context.set(prompt_attributes(result))
    return result


def get_ab(
    ab_test_key: str,
    session_id: str,
    variables: Optional[Mapping[str, Any]] = None,
    debug: bool = False,
) -> PromptResult:
    """The session's arm of prompt A/B test `ab_test_key` (the same sticky bucket as model configs,
    no targeting), rendered, and linked to the LLM spans that follow in this context.

    Raises:
        NotFoundError: the test, or the prompt (version) its arm names, was not found.
    """
    result = fetch_prompt_ab(ab_test_key, session_id, variables, debug)
    prompt_context.set(prompt_attributes(result))
    return result


def get_prompt_context() -> Optional[dict[str, Any]]:
    """The current context's prompt linkage (reading does not clear it), in the 0.2.x shape
    `{"prompt_key", "prompt_version", "ab_test_key", "variant_index"}`, or None."""
    linked = prompt_context.get()
    if not linked:
        return None
    return {
        "prompt_key": linked.get(attr.PROMPT_KEY),
        "prompt_version": linked.get(attr.PROMPT_VERSION),
        "ab_test_key": linked.get(attr.PROMPT_AB_TEST_KEY),
        "variant_index": linked.get(attr.PROMPT_VARIANT_INDEX),
    }


def clear_prompt_context() -> None:
    """Stops linking later LLM spans in this context to a prompt."""
    prompt_context.set(None)


# Retrieval without linkage (the session methods link to their session instead) ----------------


def prompt_attributes(result: PromptResult) -> dict[str, Any]:
    """The `fallom.prompt_*` attributes linking LLM spans to `result`."""
    attributes: dict[str, Any] = {attr.PROMPT_KEY: result.key, attr.PROMPT_VERSION: result.version}
    if result.ab_test_key is not None:
        attributes[attr.PROMPT_AB_TEST_KEY] = result.ab_test_key
    if result.variant_index is not None:
        attributes[attr.PROMPT_VARIANT_INDEX] = result.variant_index
    return attributes


def fetch_prompt(
    prompt_key: str,
    variables: Optional[Mapping[str, Any]] = None,
    version: Optional[int] = None,
    fallback: Optional[Fallback] = None,
    debug: bool = False,
) -> PromptResult:
    _check_key("prompts.get", "prompt_key", prompt_key)
    _check_variables("prompts.get", variables)
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise ConfigurationError(f"prompts.get: version must be a whole number ≥ 1, got {version!r}.")
    if fallback is not None and not isinstance(fallback, (Mapping, PromptResult)):
        raise ConfigurationError(
            "prompts.get: fallback must be {'system': ..., 'user': ...} or a PromptResult."
        )
    client: Optional[RemoteClient] = None
    try:
        client = get_remote()
        prompt = client.prompts.current.get(prompt_key) if version is None else None
        if prompt is None:
            prompt = _find_prompt(client, prompt_key, version)
        if client.debugging(debug):
            client.log(f"prompts.get({prompt_key!r}): version {prompt.version}", debug)
        return _render(prompt, variables)
    except Exception as error:
        if fallback is None:
            raise
        _log.warn_rate_limited(
            f"prompts.get:{prompt_key}",
            "prompts.get(%r): %s; using the fallback.",
            prompt_key,
            str(error).rstrip("."),
        )
        if isinstance(fallback, PromptResult):
            system, user = fallback.system, fallback.user
        else:
            system, user = fallback.get("system") or "", fallback.get("user") or ""
        return PromptResult(
            prompt_key, 0, render_template(str(system), variables), render_template(str(user), variables)
        )


def fetch_prompt_ab(
    ab_test_key: str,
    session_id: str,
    variables: Optional[Mapping[str, Any]] = None,
    debug: bool = False,
) -> PromptResult:
    _check_key("prompts.get_ab", "ab_test_key", ab_test_key)
    if not isinstance(session_id, str):
        raise ConfigurationError("prompts.get_ab(ab_test_key, session_id): session_id must be a string.")
    _check_variables("prompts.get_ab", variables)
    client = get_remote()
    test = client.ab_test(ab_test_key)
    if test is None:
        raise NotFoundError(
            f"Prompt A/B test '{ab_test_key}' not found{_list_failure(client, client.ab_test_list)}."
        )
    index = pick_variant([variant.weight for variant in test.variants], session_bucket(session_id))
    variant = test.variants[index]
    prompt = _find_prompt(client, variant.prompt_key, variant.prompt_version)
    if client.debugging(debug):
        client.log(
            f"prompts.get_ab({ab_test_key!r}, {session_id!r}): variant {index} → {prompt.key} "
            f"version {prompt.version}",
            debug,
        )
    rendered = _render(prompt, variables)
    return PromptResult(rendered.key, rendered.version, rendered.system, rendered.user, ab_test_key, index)


def _find_prompt(client: RemoteClient, key: str, version: Optional[int]) -> PromptVersion:
    if version is not None:
        cached = client.prompts.version(key, version)
        if cached is not None:
            return cached
        try:
            return client.fetch_prompt_version(key, version)
        except RemoteError as error:
            detail = "" if error.status == 404 else f" ({error})"
            raise NotFoundError(f"Prompt '{key}' version {version} not found{detail}.") from error
    current = client.current_prompt(key)
    if current is None:
        raise NotFoundError(f"Prompt '{key}' not found{_list_failure(client, client.prompt_list)}.")
    return current


def _render(prompt: PromptVersion, variables: Optional[Mapping[str, Any]]) -> PromptResult:
    return PromptResult(
        prompt.key,
        prompt.version,
        render_template(prompt.system_prompt, variables),
        render_template(prompt.user_template, variables),
    )


def _list_failure(client: RemoteClient, flight: Any) -> str:
    reason = client.list_failure(flight)
    return " on the server" if reason is None else f" (the list could not be fetched: {reason})"


def _check_key(method: str, name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(f"{method}: {name} must be a non-empty string.")


def _check_variables(method: str, variables: Any) -> None:
    if variables is not None and not isinstance(variables, Mapping):
        raise ConfigurationError(f"{method}: variables must be a mapping of {{name: value}}.")
