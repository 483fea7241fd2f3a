"""Targeting (SPEC §7.2 step 4): the first individual target whose field equals its value wins, else
the first rule whose conditions all hold, else nothing (the weights decide). Every comparison is on
strings; a missing field, a value of the wrong type or an unknown operator never matches. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Optional

from ._text_form import format_template_value
from ._wire import Targeting, TargetingCondition


def to_targeting_context(context: Optional[Mapping[str, Any]], customer_id: Optional[str]) -> dict[str, str]:
    """Every context value in its §8.2 text form (None dropped = missing), `customerId` on top.

    Example:
        >>> to_targeting_context({"plan": "pro", "beta": True}, "user-42")
        {'plan': 'pro', 'beta': 'true', 'customerId': 'user-42'}
    """
    strings: dict[str, str] = {}
    for field, value in (context or {}).items():
        text = format_template_value(value)
        if text is not None:
            strings[str(field)] = text
    if isinstance(customer_id, str):
        strings["customerId"] = customer_id
    return strings


def matches_condition(condition: TargetingCondition, context: Mapping[str, str]) -> bool:
    """`eq`/`neq` take a string, `in`/`nin` a list, `contains`/`startsWith`/`endsWith` a string."""
    actual = context.get(condition.field)
    if actual is None:
        return False
    value = condition.value
    operator = condition.operator
    if operator in ("in", "nin"):
        if not isinstance(value, list):
            return False
        return (actual in value) == (operator == "in")
    if not isinstance(value, str):
        return False
    if operator == "eq":
        return actual == value
    if operator == "neq":
        return actual != value
    if operator == "contains":
        return value in actual
    if operator == "startsWith":
        return actual.startswith(value)
    if operator == "endsWith":
        return actual.endswith(value)
    return False


class TargetingMatch(NamedTuple):
    via: str  # "individual_target" | "rule"
    #: Not range-checked: the caller falls back to hashing when it selects no variant.
    variant_index: int


def match_targeting(targeting: Optional[Targeting], context: Mapping[str, str]) -> Optional[TargetingMatch]:
    """The first matching individual target, else the first rule whose conditions all hold (a rule
    without conditions matches everyone, as in the published SDKs), else None."""
    if targeting is None or not targeting.enabled:
        return None
    for target in targeting.individual_targets:
        actual = context.get(target.field)
        if actual is not None and isinstance(target.value, str) and actual == target.value:
            return TargetingMatch("individual_target", target.variant_index)
    for rule in targeting.rules:
        if all(matches_condition(condition, context) for condition in rule.conditions):
            return TargetingMatch("rule", rule.variant_index)
    return None
