"""Provider SDK objects → plain JSON values, without consuming or mutating what the caller passed."""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
from collections.abc import Mapping
from typing import Any, Callable

_MAX_DEPTH = 40


def to_jsonable(value: Any, depth: int = 0, wire: bool = False) -> Any:
    """Best-effort conversion. Only lists, tuples and mappings are walked: an arbitrary iterable (a
    generator the caller handed to the provider SDK) is never iterated, so it is never used up.

    `wire=True` writes SDK objects with their wire (JSON) field names, e.g. google-genai's
    `finishReason` rather than `finish_reason`, as the TypeScript SDK records them."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > _MAX_DEPTH:
        return "[too deep]"
    if _is_sentinel(value):
        return None
    if isinstance(value, Mapping):
        return {
            str(key): to_jsonable(item, depth + 1, wire)
            for key, item in value.items()
            if not _is_sentinel(item)
        }
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item, depth + 1, wire) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, depth + 1, wire)
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):  # pydantic v2 (openai, anthropic, google-genai)
        try:
            return to_jsonable(model_dump(mode="json", exclude_none=True, by_alias=wire), depth + 1, wire)
        except Exception:
            pass
    to_dict = getattr(type(value), "to_dict", None)
    if callable(to_dict) and hasattr(type(value), "pb"):  # proto-plus (google-generativeai)
        try:
            if wire:
                dumped = to_dict(value, preserving_proto_field_name=False, use_integers_for_enums=False)
            else:
                dumped = to_dict(value)
            return to_jsonable(dumped, depth + 1, wire)
        except Exception:
            pass
    if hasattr(value, "DESCRIPTOR") and hasattr(value, "ListFields"):  # raw protobuf
        try:
            from google.protobuf.json_format import MessageToDict

            return MessageToDict(value)
        except Exception:
            pass
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value), depth + 1, wire)
    return f"<{type(value).__name__}>"


def _is_sentinel(value: Any) -> bool:
    """openai/anthropic `NOT_GIVEN` / `omit` markers: not part of the request."""
    return type(value).__name__ in ("NotGiven", "Omit", "_NotGiven", "_Omit")


def _default(value: Any) -> Any:
    converted = to_jsonable(value)
    if converted is value:  # pragma: no cover - to_jsonable always returns JSON-able values
        return str(value)
    return converted


def _make_fast_encoder() -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_default)` for dicts
    and lists, built once: it runs on every traced request, and `json.dumps` with options builds a
    `JSONEncoder` and goes through two Python-level methods first. The C encoder is made without a
    `markers` dict (shared across threads it would not be safe), so a circular value raises
    `RecursionError` instead of `ValueError`; `fast_dumps` falls back on either."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default)
    try:
        from _json import encode_basestring, make_encoder

        encode = make_encoder(None, _default, encode_basestring, None, ":", ",", False, False, True)

        def fast(value: Any) -> str:
            return "".join(encode(value, 0))

        if fast({"a": ["é", 1, 2.5, None]}) != encoder.encode({"a": ["é", 1, 2.5, None]}):
            raise ValueError("unexpected C encoder output")
        return fast
    except Exception:  # pragma: no cover - not CPython, or another `make_encoder` signature
        return encoder.encode


_fast_encode = _make_fast_encoder()


def fast_dumps(value: Any) -> str:
    """`dumps(to_jsonable(value))`, but plain JSON data (the usual request: dicts, lists, strings)
    goes straight to the C encoder; only SDK objects inside take the slow conversion."""
    if isinstance(value, (dict, list)):
        try:
            return _fast_encode(value)
        except (TypeError, ValueError, RecursionError):
            pass
    elif isinstance(value, str):
        return dumps(value)
    return dumps(to_jsonable(value))


def usage_json(usage: Any) -> str:
    """A provider usage object as JSON: pydantic's own (compiled) serialiser when it has one."""
    model_dump_json = getattr(usage, "model_dump_json", None)
    if callable(model_dump_json) and not isinstance(usage, dict):
        try:
            return str(model_dump_json(exclude_none=True))
        except Exception:
            pass
    return dumps(to_jsonable(usage))


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
