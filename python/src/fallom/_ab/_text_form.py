"""The text form of a value (SPEC §8.2): how a template variable is written into a prompt and how a
targeting context value becomes the string a rule compares (SPEC §7.2 step 4).

It matches JavaScript's `String(x)` / `JSON.stringify(x)` so the TypeScript SDK, the server and this
SDK render the same text; `protocol/ab-test-vectors.json` pins the cases down.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any, Optional


def format_number(value: float) -> str:
    """JavaScript `String(x)` for a float: `3.0` → `3`, `1e-06` → `0.000001`, `1e20` → all digits.

    Python's `repr` already gives the shortest round-tripping digits (as JS does); only the notation
    differs, so the digits are re-laid out positionally where JS would (1e-6 ≤ |x| < 1e21).
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"  # also -0.0, as in JS
    text = repr(value)
    magnitude = abs(value)
    if 1e-6 <= magnitude < 1e21:
        positional = format(Decimal(text), "f")
        if "." in positional:
            positional = positional.rstrip("0").rstrip(".")
        return positional
    # Exponent notation, JS style: `1e+21`, `1.5e-7` (no zero padding in the exponent).
    mantissa, _, exponent = format(Decimal(text), "e").partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


def format_template_value(value: Any) -> Optional[str]:
    """The text of `value`, or None for None (a placeholder then stays as written; a targeting field
    counts as missing). Booleans are `true`/`false` (never `str(True)`), objects compact JSON.

    Example:
        >>> format_template_value(True), format_template_value(1.0), format_template_value([1, "a"])
        ('true', '1', '[1,"a"]')
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value)
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # cycles: still render something rather than raise
        return str(value)
