"""What both Google SDK wrappers share: usage, response payloads and the stream accumulator."""

from __future__ import annotations

from typing import Any, Optional

from .._jsonable import to_jsonable
from .._llm_call import LlmCall
from .._usage import google_usage

PROVIDER = "google"
OPERATION = "generate_content"


def model_name(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return None
    return value[len("models/") :] if value.startswith("models/") else value


def _enum_name(value: Any) -> Optional[str]:
    if value is None:
        return None
    name = getattr(value, "name", None)
    return str(name) if name is not None else str(value)


def _parts(response: Any) -> list[Any]:
    candidates = getattr(response, "candidates", None) or []
    content = getattr(candidates[0], "content", None) if candidates else None
    return list(getattr(content, "parts", None) or [])


def chunk_has_content(response: Any) -> bool:
    """W9: a chunk with a text or a function-call part."""
    for part in _parts(response):
        if getattr(part, "text", None) or getattr(part, "function_call", None):
            return True
    return False


def record_google_response(call: LlmCall, response: Any) -> None:
    """A whole response (either SDK)."""
    candidates = list(getattr(response, "candidates", None) or [])
    usage = getattr(response, "usage_metadata", None)
    texts = [getattr(part, "text", None) or "" for part in _parts(response)]
    call.record_response(
        response_model=model_name(getattr(response, "model_version", None)),
        response_id=getattr(response, "response_id", None),
        finish_reasons=[_enum_name(getattr(c, "finish_reason", None)) or "" for c in candidates],
        usage=google_usage(usage) if usage is not None else None,
        raw_usage=usage,
        raw_response={"candidates": to_jsonable(candidates), "text": "".join(texts)},
    )


class GoogleStreamAccumulator:
    """Text and function calls concatenated over chunks; usage = the last non-null `usage_metadata`."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.calls: list[Any] = []
        self.usage: Any = None
        self.finish_reason: Optional[str] = None
        self.model: Optional[str] = None
        self.response_id: Optional[str] = None

    def add(self, chunk: Any) -> tuple[bool, bool]:
        has_content = False
        for part in _parts(chunk):
            text = getattr(part, "text", None)
            if text:
                self.texts.append(text)
                has_content = True
            call = getattr(part, "function_call", None)
            if call:
                self.calls.append(to_jsonable(call))
                has_content = True
        candidates = getattr(chunk, "candidates", None) or []
        reason = _enum_name(getattr(candidates[0], "finish_reason", None)) if candidates else None
        if reason and reason not in ("0", "FINISH_REASON_UNSPECIFIED"):
            self.finish_reason = reason
        usage = getattr(chunk, "usage_metadata", None)
        if usage is not None:
            self.usage = usage
        self.model = model_name(getattr(chunk, "model_version", None)) or self.model
        self.response_id = getattr(chunk, "response_id", None) or self.response_id
        return has_content, True

    def record(self, call: LlmCall) -> None:
        parts: list[dict[str, Any]] = []
        if self.texts:
            parts.append({"text": "".join(self.texts)})
        parts.extend({"function_call": fc} for fc in self.calls)
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}}
        if self.finish_reason:
            candidate["finish_reason"] = self.finish_reason
        call.record_response(
            response_model=self.model,
            response_id=self.response_id,
            finish_reasons=[self.finish_reason] if self.finish_reason else [],
            usage=google_usage(self.usage) if self.usage is not None else None,
            raw_usage=self.usage,
            raw_response={"candidates": [candidate], "text": "".join(self.texts)},
        )
