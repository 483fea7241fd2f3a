"""The SDK's own exceptions (drawn as a tree in the package docstring).

Provider errors raised by wrapped clients are never wrapped in these: they reach the caller
unchanged. These only signal misuse of the SDK itself.
"""

from __future__ import annotations


class FallomError(Exception):
    """Base class of every exception the SDK raises itself."""


class ConfigurationError(FallomError, ValueError):
    """An init option is missing or invalid, e.g. no API key in `api_key` or `FALLOM_API_KEY`."""


class NotInitializedError(FallomError, RuntimeError):
    """A call that needs `fallom.init()` (or a session) was made without it."""


class NotFoundError(FallomError, ValueError):
    """`models.get` / `prompts.get` / `prompts.get_ab` found no config, prompt or A/B test (or not the
    pinned version) and no fallback was given. The message starts `Config '<key>' not found`,
    `Prompt '<key>' not found` or `Prompt A/B test '<key>' not found`, and says why when the server
    could not be reached."""
