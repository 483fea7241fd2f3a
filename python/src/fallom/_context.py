"""Per-thread / per-task state, all in contextvars so threads and asyncio tasks stay isolated."""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from opentelemetry.trace import Span

#: The Fallom span calls made now become children of (a manual span, or a tool span).
active_span: contextvars.ContextVar[Optional[Span]] = contextvars.ContextVar(
    "fallom_active_span", default=None
)

#: True while a traced provider call is running on this path: a nested wrapped call (an SDK helper
#: that routes through another wrapped method) passes through untraced (SPEC W4).
llm_call_active: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "fallom_llm_call_active", default=False
)

#: Prompt linkage set by the module-level `prompts.get` / `get_ab` (SPEC §8.4, async-context scope).
prompt_context: contextvars.ContextVar[Optional[dict[str, Any]]] = contextvars.ContextVar(
    "fallom_prompt_context", default=None
)
