"""Provider names: canonical (SPEC §4.1) from an OpenAI-compatible base URL, and the OTel value."""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

_HOSTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(^|\.)api\.openai\.com$"), "openai"),
    (re.compile(r"\.openai\.azure\.com$"), "azure"),
    (re.compile(r"(^|\.)openrouter\.ai$"), "openrouter"),
    (re.compile(r"(^|\.)api\.groq\.com$"), "groq"),
    (re.compile(r"(^|\.)api\.together\.xyz$"), "together"),
    (re.compile(r"(^|\.)api\.mistral\.ai$"), "mistral"),
    (re.compile(r"(^|\.)api\.deepseek\.com$"), "deepseek"),
    (re.compile(r"(^|\.)api\.x\.ai$"), "xai"),
    (re.compile(r"^(localhost|127\.0\.0\.1|::1)$"), "local"),
]

#: OTel GenAI well-known `gen_ai.provider.name` values where one exists (SPEC §6.1).
_OTEL_NAMES = {"azure": "azure.ai.openai", "google": "gcp.gemini", "mistral": "mistral_ai", "xai": "x_ai"}


def host_of(base_url: object) -> Optional[str]:
    try:
        host = urlsplit(str(base_url)).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def provider_from_host(host: Optional[str]) -> str:
    """SPEC §2.5.1: a known host's provider, else the host name itself."""
    if not host:
        return "openai"
    for pattern, provider in _HOSTS:
        if pattern.search(host):
            return provider
    return host


def otel_provider_name(provider: str) -> str:
    return _OTEL_NAMES.get(provider, provider)
