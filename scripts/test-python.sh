#!/usr/bin/env bash
# Tests the Python SDK (python/): creates or refreshes .venv-sdk from PyPI, installs ./python into it
# (fresh each run, so the tested code is the current tree), then ruff, mypy and pytest.
# Needs `npm run build` first: the tests start packages/server/dist and packages/mock-llm/dist.
# .venv (the published fallom 0.2.x for the server's compatibility tests) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-sdk
REQUIREMENTS=python/requirements-test.txt
STAMP="$VENV/.requirements.sha256"
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if ! [ -x "$VENV/bin/python" ] || ! [ -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$want" > "$STAMP"
fi
for built in packages/server/dist/cli.js packages/mock-llm/dist/cli.js; do
  [ -f "$built" ] || { echo "test-python: $built is missing; run 'npm run build' first" >&2; exit 1; }
done
"$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./python
"$VENV/bin/ruff" check python
"$VENV/bin/ruff" format --check python
"$VENV/bin/mypy" --config-file python/pyproject.toml python/src
"$VENV/bin/python" -m pytest python/tests -q -p no:cacheprovider "$@"
