"""`wrap_google_ai`: `google.generativeai.GenerativeModel` and the `google.genai` `Client` (SPEC §2.5.3)."""

from __future__ import annotations

from typing import Any, TypeVar

from .._view import View, unwrap
from ._genai import GENAI_CLIENT_ROUTES
from ._generativeai import GENERATIVE_MODEL_ROUTES

T = TypeVar("T")


def wrap_google(model_or_client: T, source: Any) -> T:
    target = unwrap(model_or_client)
    if hasattr(target, "generate_content") and hasattr(target, "start_chat"):
        return View(target, GENERATIVE_MODEL_ROUTES, source)  # type: ignore[return-value]
    if hasattr(target, "models") and hasattr(target, "chats"):
        return View(target, GENAI_CLIENT_ROUTES, source)  # type: ignore[return-value]
    raise TypeError(
        "wrap_google_ai expects a google.generativeai.GenerativeModel or a google.genai.Client, "
        f"got {type(target).__name__}."
    )
