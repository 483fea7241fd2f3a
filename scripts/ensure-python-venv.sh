#!/usr/bin/env bash
# Creates ./.venv (once) and fills it from PyPI with what the Python-side tests need:
# the published `fallom` 0.2.x SDK (compatibility tests) and the real provider clients.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
REQUIREMENTS=scripts/python-test-requirements.txt
STAMP="$VENV/.requirements.sha256"
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
echo "$want" > "$STAMP"
