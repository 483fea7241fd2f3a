"""Fallom: trace OpenAI, Anthropic and Google calls to a Fallom server.

Example::

    import fallom
    from openai import OpenAI

    fallom.init(api_key="flm_...")
    session = fallom.session(config_key="my-app", session_id="conv-1", customer_id="user-1")
    openai = session.wrap_openai(OpenAI())
    openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi"}])

Exceptions the SDK raises itself (provider errors reach you unchanged, never wrapped)::

    FallomError
    ├── ConfigurationError      (also ValueError)   missing API key, bad session or init option
    ├── NotInitializedError     (also RuntimeError) legacy `trace.span` before `init` or without a session
    └── NotFoundError           (also ValueError)   models.get / prompts.get / get_ab without a fallback:
                                                    no such config, prompt or test (or version)

Tracing itself never raises into your code: export problems are logged, never thrown.
"""

from __future__ import annotations

from . import models, prompts, trace
from ._api import flush, init, session, shutdown
from ._errors import ConfigurationError, FallomError, NotFoundError, NotInitializedError
from ._manual_span import FallomSpan, wrap_traced
from ._session import FallomSession, SessionContext
from ._version import __version__

__all__ = [
    "ConfigurationError",
    "FallomError",
    "FallomSession",
    "FallomSpan",
    "NotFoundError",
    "NotInitializedError",
    "SessionContext",
    "__version__",
    "flush",
    "init",
    "models",
    "prompts",
    "session",
    "shutdown",
    "trace",
    "wrap_traced",
]
