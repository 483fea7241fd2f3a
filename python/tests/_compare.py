"""Comparing what a wrapped client returns with what the unwrapped client returns."""

from __future__ import annotations

from typing import Any

#: Fields that legitimately differ between two identical calls to mock-llm.
VOLATILE = {"id", "created", "created_at", "response_id", "request_id", "item_id", "call_id", "msg_id"}


def comparable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    elif hasattr(type(value), "to_dict") and hasattr(type(value), "pb"):
        value = type(value).to_dict(value)
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, str) and (
        "mock0" in value or value.startswith(("chatcmpl-", "msg_", "resp_", "call_", "toolu_"))
    ):
        return "<id>"
    return value


def error_signature(error: BaseException) -> tuple[Any, ...]:
    return (type(error), getattr(error, "status_code", None), str(error).replace("\n", " ")[:200])
