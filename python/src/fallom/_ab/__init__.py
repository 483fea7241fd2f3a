"""Model A/B assignment and prompt management internals (SPEC §7, §8): pure assignment and
templating, the wire readers, and the cached remote client behind `fallom.models` / `fallom.prompts`."""
