"""`fallom.session(...)`: in-memory context for a conversation or request (SPEC §2.3, §3)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

from . import _attributes as attr
from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._manual_span import FallomSpan

MetadataValue = Union[str, int, float, bool]
T = TypeVar("T")


@dataclass(frozen=True)
class SessionContext:
    """A copy of a session's context; changing it changes nothing in the session."""

    config_key: str
    session_id: str
    customer_id: Optional[str] = None
    metadata: dict[str, MetadataValue] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def _require_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{name} must be a non-empty string, got {value!r}.")
    return value


class FallomSession:
    """Groups traced calls. Creating one does no I/O; sessions are independent of each other.

    Example:
        >>> session = fallom.session(config_key="my-app", session_id="conv-1", customer_id="user-1")
        >>> openai = session.wrap_openai(OpenAI())
    """

    __slots__ = ("_context", "capture_content", "llm_attributes", "span_attributes")

    def __init__(
        self,
        config_key: str,
        session_id: str,
        customer_id: Optional[str] = None,
        metadata: Optional[Mapping[str, MetadataValue]] = None,
        tags: Optional[Sequence[str]] = None,
        capture_content: Optional[bool] = None,
    ) -> None:
        _require_text("config_key", config_key)
        _require_text("session_id", session_id)
        if customer_id is not None and not isinstance(customer_id, str):
            raise ConfigurationError(f"customer_id must be a string or None, got {customer_id!r}.")
        clean_metadata: dict[str, MetadataValue] = {}
        for key, value in (metadata or {}).items():
            if not isinstance(value, (str, int, float, bool)):
                raise ConfigurationError(
                    f"metadata[{key!r}] must be a str, int, float or bool, got {type(value).__name__}."
                )
            clean_metadata[str(key)] = value
        if isinstance(tags, str) or not all(isinstance(tag, str) for tag in tags or []):
            raise ConfigurationError("tags must be a list of strings.")
        self._context = SessionContext(config_key, session_id, customer_id, clean_metadata, list(tags or []))
        self.capture_content = capture_content
        attributes: dict[str, Any] = {
            attr.CONFIG_KEY: config_key,
            attr.SESSION_ID: session_id,
            attr.SDK_VERSION: attr.SDK_PROTOCOL_VERSION,
        }
        if customer_id:
            attributes[attr.CUSTOMER_ID] = customer_id
        if tags:
            attributes[attr.TAGS] = list(tags)
        for key, value in clean_metadata.items():
            attributes[attr.METADATA_PREFIX + key] = value
        self.span_attributes: dict[str, Any] = attributes
        self.llm_attributes: dict[str, Any] = {}

    # Context ---------------------------------------------------------------------------------

    def get_context(self) -> SessionContext:
        """A copy of `{config_key, session_id, customer_id, metadata, tags}`."""
        ctx = self._context
        return SessionContext(
            ctx.config_key, ctx.session_id, ctx.customer_id, dict(ctx.metadata), list(ctx.tags)
        )

    def current_session(self) -> FallomSession:
        """The session a view created by this session traces into (always this one)."""
        return self

    def __repr__(self) -> str:
        ctx = self._context
        return f"FallomSession(config_key={ctx.config_key!r}, session_id={ctx.session_id!r})"

    # Wrappers --------------------------------------------------------------------------------

    def wrap_openai(self, client: T) -> T:
        """A traced view of an `OpenAI` / `AsyncOpenAI` / Azure client; `client` is not modified."""
        from ._openai import wrap_openai_client

        return wrap_openai_client(client, self)

    def wrap_anthropic(self, client: T) -> T:
        """A traced view of an `Anthropic` / `AsyncAnthropic` client; `client` is not modified."""
        from ._anthropic import wrap_anthropic_client

        return wrap_anthropic_client(client, self)

    def wrap_google_ai(self, model_or_client: T) -> T:
        """A traced view of a `google.generativeai.GenerativeModel` or a `google.genai.Client`."""
        from ._google import wrap_google

        return wrap_google(model_or_client, self)

    # Manual spans ----------------------------------------------------------------------------

    def span(
        self,
        name: str,
        kind: str = "custom",
        parent_span_id: Optional[str] = None,
        trace_id: Optional[str] = None,
    ) -> FallomSpan:
        """A manual span; use as `with session.span("step") as s: s.set({...})`."""
        from ._manual_span import FallomSpan

        return FallomSpan(self, name, kind=kind, parent_span_id=parent_span_id, trace_id=trace_id)

    # Models and prompts ----------------------------------------------------------------------

    async def get_model(
        self,
        config_key: Optional[str] = None,
        fallback: Optional[str] = None,
        version: Optional[int] = None,
        context: Optional[Mapping[str, str]] = None,
    ) -> str:
        """The model for this session (SPEC §7.2), passing `customer_id` and metadata for targeting."""
        return self.get_model_sync(config_key, fallback=fallback, version=version, context=context)

    def get_model_sync(
        self,
        config_key: Optional[str] = None,
        fallback: Optional[str] = None,
        version: Optional[int] = None,
        context: Optional[Mapping[str, str]] = None,
    ) -> str:
        """Synchronous twin of `get_model`."""
        from . import models

        ctx = self._context
        merged = {
            key: json.dumps(value) if isinstance(value, bool) else str(value)
            for key, value in ctx.metadata.items()
        }
        merged.update(context or {})
        return models.get(
            config_key or ctx.config_key,
            ctx.session_id,
            version=version,
            fallback=fallback,
            customer_id=ctx.customer_id,
            context=merged,
        )

    def get_prompt(
        self,
        prompt_key: str,
        variables: Optional[Mapping[str, Any]] = None,
        version: Optional[int] = None,
        fallback: Any = None,
    ) -> Any:
        """Fetches a prompt and links it to this session's later LLM spans (SPEC §8.4)."""
        from . import prompts

        result = prompts.get(prompt_key, variables=variables, version=version, fallback=fallback)
        self.set_prompt(result)
        return result

    def get_prompt_ab(self, ab_test_key: str, variables: Optional[Mapping[str, Any]] = None) -> Any:
        """Fetches a prompt A/B variant for this session and links it to later LLM spans."""
        from . import prompts

        result = prompts.get_ab(ab_test_key, self._context.session_id, variables=variables)
        self.set_prompt(result)
        return result

    def set_prompt(self, result: Any) -> None:
        """Links a `PromptResult` (or None to clear) to every later LLM span of this session."""
        from .prompts import prompt_attributes

        self.llm_attributes = prompt_attributes(result) if result is not None else {}
