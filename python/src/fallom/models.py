"""`fallom.models`: model A/B testing (SPEC §7). Config fetching arrives with the A/B feature;
until then `get` returns `fallback` when one is given and otherwise says clearly why it can't."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional

from ._errors import NotAvailableError

__all__ = ["get"]


def get(
    config_key: str,
    session_id: str,
    version: Optional[int] = None,
    fallback: Optional[str] = None,
    customer_id: Optional[str] = None,
    context: Optional[Mapping[str, str]] = None,
    debug: bool = False,
) -> str:
    """The model assigned to `session_id` under `config_key`, or `fallback`.

    Example:
        >>> model = fallom.models.get("summarizer", "conv-1", fallback="gpt-4o-mini")
    """
    if fallback is not None:
        return fallback
    raise NotAvailableError(
        f"Config '{config_key}' cannot be fetched: model config fetching is not available in this "
        "version of fallom yet. Pass fallback=... to use a default model."
    )
