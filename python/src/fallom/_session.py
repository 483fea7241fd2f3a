"""`fallom.session(...)`: in-memory context for a conversation or request (SPEC §2.3, §3)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

from . import _attributes as attr
from ._errors import ConfigurationError

if TYPE_CHECKING:
    from ._manual_span import FallomSpan
    from .prompts import PromptResult

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

    __slots__ = (
        "_context",
        "_model_attributes",
        "_prompt_attributes",
        "capture_content",
        "llm_attributes",
        "span_attributes",
    )

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
        #: Prompt linkage and model assignment: on LLM spans only (SPEC §6.1).
        self.llm_attributes: dict[str, Any] = {}
        self._prompt_attributes: dict[str, Any] = {}
        self._model_attributes: dict[str, Any] = {}

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
        context: Optional[Mapping[str, Any]] = None,
        debug: bool = False,
    ) -> str:
        """The model for this session (SPEC §2.3, §7.2): `models.get` with the session's id, its
        `customer_id` and its metadata (stringified) plus `context` as targeting fields. When the
        session's own config made the choice, its later LLM spans record the version and variant.

        A warm cache answers inline; a cold miss waits (≤ 2 s) on a worker thread, not the event loop.

        Example:
            >>> model = await session.get_model(fallback="gpt-4o-mini")
        """
        from ._ab._remote_state import peek_remote

        client = peek_remote()
        key = config_key or self._context.config_key
        warm = client is not None and (
            client.configs.current.get(key) is not None
            if version is None
            else client.configs.version(key, version) is not None
        )
        if warm:
            return self.get_model_sync(config_key, fallback, version, context, debug)
        return await asyncio.to_thread(self.get_model_sync, config_key, fallback, version, context, debug)

    def get_model_sync(
        self,
        config_key: Optional[str] = None,
        fallback: Optional[str] = None,
        version: Optional[int] = None,
        context: Optional[Mapping[str, Any]] = None,
        debug: bool = False,
    ) -> str:
        """Synchronous twin of `get_model` (ours)."""
        from ._ab._text_form import format_template_value
        from .models import resolve_model

        ctx = self._context
        key = config_key or ctx.config_key
        merged: dict[str, Any] = {name: format_template_value(value) for name, value in ctx.metadata.items()}
        merged.update(context or {})
        resolved = resolve_model(
            key,
            ctx.session_id,
            version=version,
            fallback=fallback,
            customer_id=ctx.customer_id,
            context=merged,
            debug=debug,
        )
        # Spans carry the session's config key, so only an assignment of that config describes them.
        if resolved.config_version is not None and key == ctx.config_key:
            self._model_attributes = {
                attr.MODEL_CONFIG_VERSION: resolved.config_version,
                attr.MODEL_VARIANT_INDEX: resolved.variant_index,
            }
            self._rebuild_llm_attributes()
        return resolved.model

    def get_prompt(
        self,
        prompt_key: str,
        variables: Optional[Mapping[str, Any]] = None,
        version: Optional[int] = None,
        fallback: Any = None,
        debug: bool = False,
    ) -> PromptResult:
        """Fetches a prompt and links it to this session's later LLM spans only (SPEC §8.4)."""
        from .prompts import fetch_prompt

        result = fetch_prompt(
            prompt_key, variables=variables, version=version, fallback=fallback, debug=debug
        )
        self.set_prompt(result)
        return result

    def get_prompt_ab(
        self, ab_test_key: str, variables: Optional[Mapping[str, Any]] = None, debug: bool = False
    ) -> PromptResult:
        """Picks this session's arm of a prompt A/B test and links it to this session's LLM spans."""
        from .prompts import fetch_prompt_ab

        result = fetch_prompt_ab(ab_test_key, self._context.session_id, variables=variables, debug=debug)
        self.set_prompt(result)
        return result

    def set_prompt(self, result: Optional[PromptResult]) -> None:
        """Links a `PromptResult` (or, with None, nothing) to every later LLM span of this session."""
        from .prompts import PromptResult, prompt_attributes

        if result is not None and not isinstance(result, PromptResult):
            raise ConfigurationError(
                f"session.set_prompt(result): pass a PromptResult or None, got {type(result).__name__}."
            )
        self._prompt_attributes = prompt_attributes(result) if result is not None else {}
        self._rebuild_llm_attributes()

    def _rebuild_llm_attributes(self) -> None:
        # A new dict, swapped in whole: a call starting on another thread sees the old or the new one.
        self.llm_attributes = {**self._prompt_attributes, **self._model_attributes}
