"""Provider SDK objects → plain JSON values, without consuming or mutating what the caller passed."""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
from collections.abc import Mapping
from typing import Any

_MAX_DEPTH = 40


def to_jsonable(value: Any, depth: int = 0) -> Any:
    """Best-effort conversion. Only lists, tuples and mappings are walked: an arbitrary iterable (a
    generator the caller handed to the provider SDK) is never iterated, so it is never used up."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > _MAX_DEPTH:
        return "[too deep]"
    if _is_sentinel(value):
        return None
    if isinstance(value, Mapping):
        return {
            str(key): to_jsonable(item, depth + 1) for key, item in value.items() if not _is_sentinel(item)
        }
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, depth + 1) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, depth + 1)
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):  # pydantic v2 (openai, anthropic, google-genai)
        try:
            return to_jsonable(model_dump(mode="json", exclude_none=True, by_alias=False), depth + 1)
        except Exception:
            pass
    to_dict = getattr(type(value), "to_dict", None)
    if callable(to_dict) and hasattr(type(value), "pb"):  # proto-plus (google-generativeai)
        try:
            return to_jsonable(to_dict(value), depth + 1)
        except Exception:
            pass
    if hasattr(value, "DESCRIPTOR") and hasattr(value, "ListFields"):  # raw protobuf
        try:
            from google.protobuf.json_format import MessageToDict

            return MessageToDict(value)
        except Exception:
            pass
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value), depth + 1)
    return f"<{type(value).__name__}>"


def _is_sentinel(value: Any) -> bool:
    """openai/anthropic `NOT_GIVEN` / `omit` markers: not part of the request."""
    return type(value).__name__ in ("NotGiven", "Omit", "_NotGiven", "_Omit")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
