"""What the SDK has seen of configs, prompts and prompt A/B tests (SPEC §7.4, §8.3).

"Current" is replaced as a whole by each successful list fetch (a failed or malformed fetch keeps
the stale set); every version ever received stays cached, so pinned versions stay local after one
fetch. Readers take no lock: each list swaps in a new dict (an atomic reference assignment).
"""

from __future__ import annotations

from typing import Any, Optional

from ._http import RemoteError
from ._wire import (
    ModelConfig,
    PromptAbTest,
    PromptVersion,
    read_config,
    read_prompt_ab_test,
    read_prompt_version,
)


def _list_of(answer: Any, field: str, endpoint: str) -> list[Any]:
    value = answer.get(field) if isinstance(answer, dict) else None
    if not isinstance(value, list):
        raise RemoteError(f'GET {endpoint} answered without a "{field}" array')
    return value


class ConfigCache:
    def __init__(self) -> None:
        self.current: dict[str, ModelConfig] = {}
        self._versions: dict[tuple[str, int], ModelConfig] = {}

    def version(self, key: str, version: int) -> Optional[ModelConfig]:
        return self._versions.get((key, version))

    def apply_list(self, answer: Any) -> None:
        current: dict[str, ModelConfig] = {}
        for entry in _list_of(answer, "configs", "/configs"):
            config = read_config(entry)
            if config is not None:
                current[config.key] = config
                self.add_version(config)
        self.current = current

    def add_version(self, config: ModelConfig) -> None:
        self._versions[(config.key, config.version)] = config


class PromptCache:
    def __init__(self) -> None:
        self.current: dict[str, PromptVersion] = {}
        self._versions: dict[tuple[str, int], PromptVersion] = {}
        self.ab_tests: dict[str, PromptAbTest] = {}

    def version(self, key: str, version: int) -> Optional[PromptVersion]:
        return self._versions.get((key, version))

    def apply_prompt_list(self, answer: Any) -> None:
        """`GET /prompts` lists every version with each key's current one last."""
        current: dict[str, PromptVersion] = {}
        for entry in _list_of(answer, "prompts", "/prompts"):
            prompt = read_prompt_version(entry)
            if prompt is not None:
                current[prompt.key] = prompt
                self.add_version(prompt)
        self.current = current

    def add_version(self, prompt: PromptVersion) -> None:
        self._versions[(prompt.key, prompt.version)] = prompt

    def apply_ab_test_list(self, answer: Any) -> None:
        tests: dict[str, PromptAbTest] = {}
        for entry in _list_of(answer, "prompt_ab_tests", "/prompt-ab-tests"):
            test = read_prompt_ab_test(entry)
            if test is not None:
                tests[test.key] = test
        self.ab_tests = tests
