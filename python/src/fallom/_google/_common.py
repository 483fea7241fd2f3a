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


def raw_google_response(candidates: list[Any]) -> dict[str, Any]:
    """SPEC §5.3 Google `{text, candidates, finishReason, toolCalls}` in the wire (camelCase) names,
    exactly as the TypeScript SDK writes it, from candidates already in wire JSON form."""
    first = candidates[0] if candidates and isinstance(candidates[0], dict) else {}
    parts = (first.get("content") or {}).get("parts") or []
    text = "".join(
        part["text"]
        for part in parts
        if isinstance(part.get("text"), str) and part.get("thought") is not True
    )
    tool_calls = [
        {"name": call.get("name"), "arguments": call.get("args")}
        for call in (part.get("functionCall") for part in parts)
        if isinstance(call, dict) and isinstance(call.get("name"), str)
    ]
    payload: dict[str, Any] = {
        "text": text,
        "candidates": [
            {key: candidate[key] for key in ("index", "content", "finishReason") if key in candidate}
            for candidate in candidates
            if isinstance(candidate, dict)
        ],
        "toolCalls": tool_calls,
    }
    if first.get("finishReason") is not None:
        payload["finishReason"] = first["finishReason"]
    return payload


def record_google_response(call: LlmCall, response: Any) -> None:
    """A whole response (either SDK)."""
    candidates = list(getattr(response, "candidates", None) or [])
    usage = getattr(response, "usage_metadata", None)
    call.record_response(
        response_model=model_name(getattr(response, "model_version", None)),
        response_id=getattr(response, "response_id", None),
        finish_reasons=[_enum_name(getattr(c, "finish_reason", None)) or "" for c in candidates],
        usage=google_usage(usage) if usage is not None else None,
        raw_usage=to_jsonable(usage, wire=True) if usage is not None else None,
        raw_response=raw_google_response(to_jsonable(candidates, wire=True)) if call.capture else None,
    )


class GoogleStreamAccumulator:
    """Text and function calls concatenated over chunks; usage = the last non-null `usage_metadata`.
    `record` runs on the export thread, on a `snapshot` (see `_stream_tracing`)."""

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
                self.calls.append(to_jsonable(call, wire=True))
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

    def snapshot(self) -> GoogleStreamAccumulator:
        """A copy for `record` on the export thread (later chunks, read after a close, miss it): the
        text joined, the function calls (JSON values already), and the `usage_metadata` object by
        reference (read later; nothing mutates it, as for OpenAI chat usage)."""
        copy = GoogleStreamAccumulator()
        copy.texts = ["".join(self.texts)] if self.texts else []
        copy.calls = list(self.calls)
        copy.usage = self.usage
        copy.finish_reason = self.finish_reason
        copy.model = self.model
        copy.response_id = self.response_id
        return copy

    def record(self, call: Any) -> None:
        """Into an `LlmCall` or, on the export thread, a `ResponseSink`."""
        parts: list[dict[str, Any]] = []
        if self.texts:
            parts.append({"text": "".join(self.texts)})
        parts.extend({"functionCall": fc} for fc in self.calls)
        candidate: dict[str, Any] = {"content": {"role": "model", "parts": parts}}
        if self.finish_reason:
            candidate["finishReason"] = self.finish_reason
        call.record_response(
            response_model=self.model,
            response_id=self.response_id,
            finish_reasons=[self.finish_reason] if self.finish_reason else [],
            usage=google_usage(self.usage) if self.usage is not None else None,
            raw_usage=to_jsonable(self.usage, wire=True) if self.usage is not None else None,
            raw_response=raw_google_response([candidate]) if call.capture else None,
        )
