#!/usr/bin/env bash
# Runs bench/python-sdk-overhead.py: creates bench/.venv-py-peers (our fallom from ./python, openai,
# langfuse, traceloop-sdk, pinned in bench/python-peers-requirements.txt) and
# bench/.venv-py-published (the published fallom==0.2.7, which has the same import name), refreshed
# when the pins change. Needs `npm run build -w @fallom/mock-llm` first. Arguments go to the script.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUIREMENTS=bench/python-peers-requirements.txt
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
make_venv() { # dir, pip arguments…
  local dir=$1
  shift
  if ! [ -x "$dir/bin/python" ] || [ "$(cat "$dir/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
    echo "$want" > "$dir/.requirements.sha256"
  fi
}
make_venv bench/.venv-py-peers -r "$REQUIREMENTS"
make_venv bench/.venv-py-published "fallom==0.2.7" "$(grep -E '^openai==' "$REQUIREMENTS")"
# Our SDK is reinstalled each run, so the numbers are those of the current tree.
bench/.venv-py-peers/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./python
[ -f packages/mock-llm/dist/cli.js ] || { echo "run 'npm run build -w @fallom/mock-llm' first" >&2; exit 1; }
exec bench/.venv-py-peers/bin/python bench/python-sdk-overhead.py "$@"
