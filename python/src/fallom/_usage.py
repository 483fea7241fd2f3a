"""Token normalisation before export (SPEC §4.2): input includes cache, output includes reasoning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass
class Usage:
    input_tokens: Optional[int] = None
    output_tokens: Optional[int] = None
    cache_read_tokens: Optional[int] = None
    cache_write_tokens: Optional[int] = None
    reasoning_tokens: Optional[int] = None
    #: Only when the provider reports one; the server otherwise derives input + output.
    total_tokens: Optional[int] = None


def _get(obj: Any, *path: str) -> Any:
    """`obj.a.b` or `obj["a"]["b"]`, None when any step is missing."""
    for key in path:
        if obj is None:
            return None
        obj = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)
    return obj


def _count(value: Any) -> Optional[int]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def _sum(*values: Optional[int]) -> Optional[int]:
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def openai_chat_usage(usage: Any) -> Usage:
    return Usage(
        input_tokens=_count(_get(usage, "prompt_tokens")),
        output_tokens=_count(_get(usage, "completion_tokens")),
        cache_read_tokens=_count(_get(usage, "prompt_tokens_details", "cached_tokens")),
        reasoning_tokens=_count(_get(usage, "completion_tokens_details", "reasoning_tokens")),
        total_tokens=_count(_get(usage, "total_tokens")),
    )


def openai_responses_usage(usage: Any) -> Usage:
    return Usage(
        input_tokens=_count(_get(usage, "input_tokens")),
        output_tokens=_count(_get(usage, "output_tokens")),
        cache_read_tokens=_count(_get(usage, "input_tokens_details", "cached_tokens")),
        reasoning_tokens=_count(_get(usage, "output_tokens_details", "reasoning_tokens")),
        total_tokens=_count(_get(usage, "total_tokens")),
    )


def openai_embeddings_usage(usage: Any) -> Usage:
    return Usage(input_tokens=_count(_get(usage, "prompt_tokens")))


def anthropic_usage(usage: Any) -> Usage:
    uncached = _count(_get(usage, "input_tokens"))
    read = _count(_get(usage, "cache_read_input_tokens"))
    written = _count(_get(usage, "cache_creation_input_tokens"))
    return Usage(
        input_tokens=_sum(uncached, read, written),
        output_tokens=_count(_get(usage, "output_tokens")),
        cache_read_tokens=read,
        cache_write_tokens=written,
    )


def google_usage(metadata: Any) -> Usage:
    """`usage_metadata` of either Google SDK (snake_case attributes, or camelCase dict keys)."""

    def pick(snake: str, camel: str) -> Optional[int]:
        value = _count(_get(metadata, snake))
        return value if value is not None else _count(_get(metadata, camel))

    thoughts = pick("thoughts_token_count", "thoughtsTokenCount")
    return Usage(
        input_tokens=_sum(
            pick("prompt_token_count", "promptTokenCount"),
            pick("tool_use_prompt_token_count", "toolUsePromptTokenCount"),
        ),
        output_tokens=_sum(pick("candidates_token_count", "candidatesTokenCount"), thoughts),
        cache_read_tokens=pick("cached_content_token_count", "cachedContentTokenCount"),
        reasoning_tokens=thoughts,
        total_tokens=pick("total_token_count", "totalTokenCount"),
    )
