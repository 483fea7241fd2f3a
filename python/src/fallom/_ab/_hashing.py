"""Sticky assignment (SPEC §7.3): the MD5 bucket of a session id and the weighted bucket walk.

The config key is deliberately not hashed, so a session sits in the same bucket in every experiment
(sessions assigned by the original SDKs keep their arm). The arithmetic copies the published SDKs
(a running float `cumulative += weight * 10_000` and a strict `<`), so fractional weights fall on
the same boundary in Python and JavaScript.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

#: Buckets per 100 %: one bucket is 0.0001 % of sessions.
BUCKET_COUNT = 1_000_000


def session_bucket(session_id: str) -> int:
    """First four bytes of MD5(UTF-8 id), big-endian, modulo 1,000,000.

    Example:
        >>> session_bucket("session-123")
        5516
    """
    digest = hashlib.md5(session_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % BUCKET_COUNT


def session_hash_prefix(session_id: str) -> str:
    """The first four MD5 bytes in lowercase hex (the shared vectors' `md5_prefix`)."""
    return hashlib.md5(session_id.encode("utf-8")).hexdigest()[:8]


def pick_variant(weights: Sequence[float], bucket: int) -> int:
    """The index of the variant owning `bucket`; below 100 % in total, the last variant gets the rest.

    Example:
        >>> pick_variant([80, 20], 801_389)
        1
    """
    if not weights:
        raise ValueError("pick_variant needs at least one variant weight.")
    cumulative = 0.0
    for index, weight in enumerate(weights):
        cumulative += weight * 10_000
        if bucket < cumulative:
            return index
    return len(weights) - 1
