"""The one module that decides what content leaves the process (SPEC §4.5, §5.7 size guard).

Every prompt, completion, tool argument, manual-span input/output and raw payload goes through
`content_attribute`; with capture off it returns None, on every path, errors included.
"""

from __future__ import annotations

from typing import Any, Optional

from ._jsonable import dumps, fast_dumps, to_jsonable

#: Any string longer than this inside content is replaced before serialisation (SPEC §5.7).
MAX_CONTENT_STRING_CHARS = 1024 * 1024


def content_attribute(value: Any, capture: bool) -> Optional[str]:
    """JSON for a content-bearing attribute (or for what `value()` returns, when it is a callable),
    or None when capture is off or conversion fails."""
    if not capture:
        return None
    try:
        if callable(value):  # built only when captured (it may cost a conversion)
            value = value()
        encoded = fast_dumps(value)
        if len(encoded) > MAX_CONTENT_STRING_CHARS:
            encoded = dumps(_truncate_long_strings(to_jsonable(value)))
        return encoded
    except Exception:
        return None


def content_value(value: Any, capture: bool) -> Optional[str]:
    """Like `content_attribute`, but a string is sent as the text itself (manual-span input/output)."""
    if not capture:
        return None
    if isinstance(value, str):
        return _truncate_long_strings(value)  # type: ignore[no-any-return]
    return content_attribute(value, capture)


def _truncate_long_strings(value: Any) -> Any:
    if isinstance(value, str):
        return f"[truncated {len(value)} chars]" if len(value) > MAX_CONTENT_STRING_CHARS else value
    if isinstance(value, dict):
        return {key: _truncate_long_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_truncate_long_strings(item) for item in value]
    return value
