"""`models.get` without the network (SPEC §7.2 steps 4–5): targeting first, then the sticky bucket
walk. Pure; `protocol/ab-test-vectors.json` pins it down for every SDK and the server."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, Optional

from ._hashing import pick_variant, session_bucket
from ._targeting import match_targeting, to_targeting_context
from ._wire import ModelConfig


class ModelAssignment(NamedTuple):
    variant_index: int
    model: str
    via: str  # "individual_target" | "rule" | "hash"


def assign_model(
    config: ModelConfig,
    session_id: str,
    customer_id: Optional[str] = None,
    context: Optional[Mapping[str, Any]] = None,
) -> ModelAssignment:
    """The variant of `config` for `session_id`.

    Example:
        >>> assign_model(read_config({"key": "k", "variants": [{"model": "A", "weight": 80},
        ...     {"model": "B", "weight": 20}]}), "session-xyz")
        ModelAssignment(variant_index=1, model='B', via='hash')
    """
    variants = config.variants
    targeting = config.targeting
    if targeting is not None and targeting.enabled:
        match = match_targeting(targeting, to_targeting_context(context, customer_id))
        # An out-of-range index from the first match is ignored and hashing decides; later targets
        # and rules are not consulted (as in the published SDKs).
        if match is not None and 0 <= match.variant_index < len(variants):
            return ModelAssignment(match.variant_index, variants[match.variant_index].model, match.via)
    index = pick_variant(config.weights, session_bucket(session_id))
    return ModelAssignment(index, variants[index].model, "hash")
