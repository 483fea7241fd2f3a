"""What the OpenAI wrappers share: provider detection from the client and response extras."""

from __future__ import annotations

from typing import Any, Optional

from .. import _attributes as attr
from .._provider import host_of, provider_from_host


def provider_of(method: Any) -> tuple[str, Optional[str]]:
    """(canonical provider, server host) from the bound method's client `base_url`."""
    client = getattr(getattr(method, "__self__", None), "_client", None)
    host = host_of(getattr(client, "base_url", "")) if client is not None else None
    return provider_from_host(host), host


def pick(kwargs: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The caller's arguments among `keys`, skipping omitted ones."""
    return {
        key: kwargs[key]
        for key in keys
        if key in kwargs and type(kwargs[key]).__name__ not in ("NotGiven", "Omit")
    }


def response_extras(response: Any, usage: Any) -> dict[str, Any]:
    """`system_fingerprint`, `service_tier` and an OpenRouter-reported cost, when present."""
    extras: dict[str, Any] = {
        attr.OPENAI_SYSTEM_FINGERPRINT: getattr(response, "system_fingerprint", None),
        attr.OPENAI_SERVICE_TIER: getattr(response, "service_tier", None),
    }
    cost = reported_cost(usage)
    if cost is not None:
        extras[attr.COST_REPORTED_USD] = cost
    return {key: value for key, value in extras.items() if isinstance(value, (str, int, float))}


def reported_cost(usage: Any) -> Optional[float]:
    """OpenRouter `usage.cost`, or `usage.cost_details.upstream_inference_cost` for BYOK."""
    if usage is None:
        return None
    extra = getattr(usage, "model_extra", None) or {}
    cost = extra.get("cost", getattr(usage, "cost", None))
    if isinstance(cost, (int, float)) and not isinstance(cost, bool) and cost > 0:
        return float(cost)
    details = extra.get("cost_details") or {}
    upstream = details.get("upstream_inference_cost") if isinstance(details, dict) else None
    if isinstance(upstream, (int, float)) and not isinstance(upstream, bool):
        return float(upstream)
    return float(cost) if isinstance(cost, (int, float)) and not isinstance(cost, bool) else None
