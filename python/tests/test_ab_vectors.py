"""The shared vectors (protocol/ab-test-vectors.json, SPEC §7.3, §8.2): hashing, assignment with
targeting, prompt A/B arms and templating, exactly as the server and the TypeScript SDK compute them.
Pure functions only; the end-to-end agreement with the server is in test_models_prompts.py."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import pytest

from _servers import REPO_ROOT
from fallom._ab._assign import assign_model
from fallom._ab._hashing import pick_variant, session_bucket, session_hash_prefix
from fallom._ab._template import render_template
from fallom._ab._text_form import format_template_value
from fallom._ab._wire import read_config

VECTORS: dict[str, Any] = json.loads((REPO_ROOT / "protocol/ab-test-vectors.json").read_text("utf-8"))


def test_the_vector_file_has_every_section():
    assert VECTORS["version"] == 1
    for section in ("hashing", "assignment", "prompt_ab", "templating"):
        assert len(VECTORS[section]) > 10, section


@pytest.mark.parametrize("case", VECTORS["hashing"], ids=lambda case: repr(case["session_id"][:30]))
def test_hashing(case: dict[str, Any]) -> None:
    assert session_hash_prefix(case["session_id"]) == case["md5_prefix"]
    assert session_bucket(case["session_id"]) == case["bucket"]


@pytest.mark.parametrize("case", VECTORS["assignment"], ids=lambda case: case["name"])
def test_assignment(case: dict[str, Any]) -> None:
    config = read_config({"key": "k", "variants": case["variants"], "targeting": case["targeting"]})
    assert config is not None
    assignment = assign_model(config, case["session_id"], case.get("customer_id"), case.get("context"))
    expected = case["expected"]
    assert (assignment.variant_index, assignment.model, assignment.via) == (
        expected["variant_index"],
        expected["model"],
        expected["via"],
    )


@pytest.mark.parametrize("case", VECTORS["prompt_ab"], ids=lambda case: case["name"])
def test_prompt_ab_arm(case: dict[str, Any]) -> None:
    weights = [variant["weight"] for variant in case["variants"]]
    assert pick_variant(weights, session_bucket(case["session_id"])) == case["expected_variant_index"]


@pytest.mark.parametrize("case", VECTORS["templating"], ids=lambda case: case["name"])
def test_templating(case: dict[str, Any]) -> None:
    assert render_template(case["system"], case["variables"]) == case["expected"]["system"]
    assert render_template(case["user"], case["variables"]) == case["expected"]["user"]


def test_the_spec_table_of_section_7_3():
    """SPEC §7.3's table, typed in by hand (independently of the vector file)."""
    rows = {
        "session-123": (5516, "AAAB"),
        "user-123": (675516, "ABBB"),
        "session-xyz": (801389, "BBBB"),
        "conv-1": (3733, "AAAA"),
        "a": (5177, "AAAB"),
        "": (706393, "ABBB"),
    }
    splits = ([80, 20], [50, 50], [30, 30], [0.5, 99.5])
    for session_id, (bucket, letters) in rows.items():
        assert session_bucket(session_id) == bucket
        assert "".join("AB"[pick_variant(weights, bucket)] for weights in splits) == letters, session_id


def test_100000_random_sessions_split_within_one_percent_of_the_weights():
    config = read_config(
        {
            "key": "k",
            "variants": [
                {"model": "a", "weight": 45.5},
                {"model": "b", "weight": 24.5},
                {"model": "c", "weight": 20},
                {"model": "d", "weight": 10},
            ],
        }
    )
    assert config is not None
    rng = random.Random(7)
    counts = {"a": 0, "b": 0, "c": 0, "d": 0}
    for _ in range(100_000):
        counts[assign_model(config, str(uuid.UUID(int=rng.getrandbits(128)))).model] += 1
    shares = {model: count / 100_000 for model, count in counts.items()}
    for model, weight in {"a": 0.455, "b": 0.245, "c": 0.20, "d": 0.10}.items():
        assert abs(shares[model] - weight) < 0.01, shares


def test_weights_below_100_give_the_rest_to_the_last_variant_across_many_sessions():
    config = read_config(
        {"key": "k", "variants": [{"model": "a", "weight": 30}, {"model": "b", "weight": 30}]}
    )
    assert config is not None
    counts = {"a": 0, "b": 0}
    for index in range(20_000):
        counts[assign_model(config, f"s-{index}").model] += 1
    assert abs(counts["a"] / 20_000 - 0.30) < 0.01 and abs(counts["b"] / 20_000 - 0.70) < 0.01


def test_the_same_session_always_gets_the_same_variant():
    config = read_config(
        {"key": "k", "variants": [{"model": "a", "weight": 50}, {"model": "b", "weight": 50}]}
    )
    assert config is not None
    rng = random.Random(11)
    for _ in range(2_000):
        session_id = "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(0, 12)))
        first = assign_model(config, session_id)
        assert all(assign_model(config, session_id) == first for _ in range(3))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (None, None),
        (0, "0"),
        (-0.0, "0"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e-6, "0.000001"),
        (1.5e-5, "0.000015"),
        (1e20, "100000000000000000000"),
        (1.2345678901234567e20, "123456789012345670000"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (float("inf"), "Infinity"),
        (float("nan"), "NaN"),
        ({"a": [1, "é"]}, '{"a":[1,"é"]}'),
    ],
)
def test_values_are_written_as_javascript_writes_them(value: Any, text: Any) -> None:
    assert format_template_value(value) == text
