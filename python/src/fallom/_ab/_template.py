"""SPEC §8.2 prompt templating, identical in both SDKs: `{{ name }}` placeholders and nothing else
(no dotted paths, filters, conditionals or escaping). Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Optional

from ._text_form import format_template_value

#: ASCII names and ASCII whitespace only (`re.ASCII`), exactly as the TypeScript SDK reads it.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}", re.ASCII)


def render_template(template: str, variables: Optional[Mapping[str, Any]] = None) -> str:
    """Replaces `{{ name }}`; unknown names and None values stay exactly as written; extra variables
    are ignored; values are inserted literally (never re-rendered, `\\1` stays `\\1`).

    Example:
        >>> render_template("Hi {{name}} {{flag}}", {"name": "Ann", "flag": True})
        'Hi Ann true'
    """
    if not variables or "{{" not in template:
        return template

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            return match.group(0)
        text = format_template_value(variables[name])
        return match.group(0) if text is None else text

    return PLACEHOLDER.sub(replace, template)
