"""What `GET /configs`, `GET /prompts` and `GET /prompt-ab-tests` send (SPEC §5.5, §7.1, §8.1), and
tolerant readers for them: a malformed entry is skipped (None) rather than failing the whole
refresh, because one bad object must not take every other config offline."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class ModelVariant:
    model: str
    #: Percent of sessions; fractions allowed; the sum may be below 100.
    weight: float


@dataclass(frozen=True)
class IndividualTarget:
    field: str
    value: Any
    variant_index: int


@dataclass(frozen=True)
class TargetingCondition:
    field: str
    operator: str
    value: Any


@dataclass(frozen=True)
class TargetingRule:
    conditions: tuple[TargetingCondition, ...]
    variant_index: int


@dataclass(frozen=True)
class Targeting:
    """SPEC §7.1; only an explicit `"enabled": false` disables it."""

    enabled: bool = True
    individual_targets: tuple[IndividualTarget, ...] = ()
    rules: tuple[TargetingRule, ...] = ()


@dataclass(frozen=True)
class ModelConfig:
    """One config version, variants always as a tuple."""

    key: str
    version: int
    variants: tuple[ModelVariant, ...]
    targeting: Optional[Targeting] = None
    weights: tuple[float, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class PromptVersion:
    key: str
    version: int
    system_prompt: str
    user_template: str


@dataclass(frozen=True)
class PromptAbVariant:
    prompt_key: str
    #: None: the prompt's current version.
    prompt_version: Optional[int]
    weight: float


@dataclass(frozen=True)
class PromptAbTest:
    key: str
    version: int
    variants: tuple[PromptAbVariant, ...]


def _number(value: Any) -> Optional[float]:
    """A finite JSON number (never a bool), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _integer(value: Any) -> Optional[int]:
    """JSON integers, including `3.0` (JS `Number.isInteger` accepts it, so we do too), else None."""
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _index(value: Any) -> int:
    """A non-integer index can never select a variant; -1 makes hashing decide."""
    index = _integer(value)
    return -1 if index is None else index


def read_config(value: Any) -> Optional[ModelConfig]:
    """One config; `version` missing → 1; `variants` may be an object `{name: variant}` (values in
    insertion order). None when it has no usable variant.

    Example:
        >>> read_config({"key": "k", "variants": [{"model": "gpt-4o", "weight": 100}]}).version
        1
    """
    if not isinstance(value, dict) or not isinstance(value.get("key"), str):
        return None
    raw = value.get("variants")
    raw_variants = raw if isinstance(raw, list) else list(raw.values()) if isinstance(raw, dict) else []
    variants: list[ModelVariant] = []
    for variant in raw_variants:
        if not isinstance(variant, dict) or not isinstance(variant.get("model"), str):
            return None
        weight = variant.get("weight")
        variants.append(ModelVariant(variant["model"], _number(weight) or 0.0))
    if not variants:
        return None
    version = value.get("version")
    targeting = value.get("targeting")
    return ModelConfig(
        key=value["key"],
        version=int(_number(version) or 1),
        variants=tuple(variants),
        targeting=_read_targeting(targeting) if isinstance(targeting, dict) else None,
        weights=tuple(variant.weight for variant in variants),
    )


def _read_targeting(value: dict[str, Any]) -> Targeting:
    targets = value.get("individualTargets")
    rules = value.get("rules")
    return Targeting(
        enabled=value.get("enabled") is not False,
        individual_targets=tuple(
            IndividualTarget(
                str(target.get("field")), target.get("value"), _index(target.get("variantIndex"))
            )
            for target in (targets if isinstance(targets, list) else [])
            if isinstance(target, dict)
        ),
        rules=tuple(
            TargetingRule(
                tuple(
                    TargetingCondition(
                        str(condition.get("field")), str(condition.get("operator")), condition.get("value")
                    )
                    for condition in (_list(rule.get("conditions")))
                    if isinstance(condition, dict)
                ),
                _index(rule.get("variantIndex")),
            )
            for rule in (rules if isinstance(rules, list) else [])
            if isinstance(rule, dict)
        ),
    )


def read_prompt_version(value: Any) -> Optional[PromptVersion]:
    """One `GET /prompts` entry; null texts become `""`."""
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("key"), str)
        or _integer(value.get("version")) is None
    ):
        return None
    system, user = value.get("system_prompt"), value.get("user_template")
    return PromptVersion(
        value["key"],
        int(value["version"]),  # checked above
        system if isinstance(system, str) else "",
        user if isinstance(user, str) else "",
    )


def read_prompt_ab_test(value: Any) -> Optional[PromptAbTest]:
    """One `GET /prompt-ab-tests` entry. None when it has no usable variant."""
    if not isinstance(value, dict) or not isinstance(value.get("key"), str):
        return None
    raw = value.get("variants")
    if not isinstance(raw, list):
        return None
    variants: list[PromptAbVariant] = []
    for variant in raw:
        if not isinstance(variant, dict) or not isinstance(variant.get("prompt_key"), str):
            return None
        pinned, weight = variant.get("prompt_version"), variant.get("weight")
        variants.append(
            PromptAbVariant(
                variant["prompt_key"],
                _integer(pinned),
                _number(weight) or 0.0,
            )
        )
    if not variants:
        return None
    version = value.get("version")
    return PromptAbTest(value["key"], int(_number(version) or 1), tuple(variants))
