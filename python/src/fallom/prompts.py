"""`fallom.prompts`: managed prompts (SPEC §8). Fetching arrives with the prompt feature; until then
`get` returns `fallback` when one is given. The linkage to traces (§8.4) already works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

from . import _attributes as attr
from ._context import prompt_context
from ._errors import NotAvailableError

__all__ = ["PromptResult", "clear_prompt_context", "get", "get_ab", "get_prompt_context"]


@dataclass(frozen=True)
class PromptResult:
    """A rendered prompt and where it came from."""

    key: str
    version: int
    system: str
    user: str
    ab_test_key: Optional[str] = None
    variant_index: Optional[int] = None


def prompt_attributes(result: PromptResult) -> dict[str, Any]:
    """The `fallom.prompt_*` attributes linking LLM spans to `result`."""
    attributes: dict[str, Any] = {attr.PROMPT_KEY: result.key, attr.PROMPT_VERSION: result.version}
    if result.ab_test_key is not None:
        attributes[attr.PROMPT_AB_TEST_KEY] = result.ab_test_key
    if result.variant_index is not None:
        attributes[attr.PROMPT_VARIANT_INDEX] = result.variant_index
    return attributes


def _link(result: Any) -> Any:
    if isinstance(result, PromptResult):
        prompt_context.set(prompt_attributes(result))
    return result


def get(
    prompt_key: str,
    variables: Optional[Mapping[str, Any]] = None,
    version: Optional[int] = None,
    fallback: Any = None,
) -> Any:
    """The prompt `prompt_key` rendered with `variables`, or `fallback`.

    Example:
        >>> prompt = fallom.prompts.get("greeting", variables={"name": "Ada"}, fallback=default)
    """
    if fallback is not None:
        return _link(fallback)
    raise NotAvailableError(
        f"Prompt '{prompt_key}' cannot be fetched: prompt fetching is not available in this version "
        "of fallom yet. Pass fallback=... to use a default prompt."
    )


def get_ab(ab_test_key: str, session_id: str, variables: Optional[Mapping[str, Any]] = None) -> PromptResult:
    """The prompt variant of an A/B test assigned to `session_id`."""
    raise NotAvailableError(
        f"Prompt A/B test '{ab_test_key}' cannot be fetched: prompt fetching is not available in this "
        "version of fallom yet."
    )


def get_prompt_context() -> Optional[dict[str, Any]]:
    """The prompt linkage of the current context (does not clear it)."""
    value = prompt_context.get()
    return dict(value) if value else None


def clear_prompt_context() -> None:
    """Stops linking later LLM spans in this context to a prompt."""
    prompt_context.set(None)
