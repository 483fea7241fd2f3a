#!/usr/bin/env bash
# Runs packages/trace/test-node22 (openai 7, ai 7, @ai-sdk/openai 4, @google/genai 3: they need
# Node >= 22) under Node 22 taken from the npm registry. The repository's native modules
# (better-sqlite3) are built for the Node 20 that runs this script, so the tests start the trace
# server with that binary, passed on as FALLOM_TEST_NODE20.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d packages/trace/test-node22/node_modules/ai ]; then
  echo "packages/trace/test-node22/node_modules is missing: run 'npm install --prefix packages/trace/test-node22'" >&2
  exit 1
fi
FALLOM_TEST_NODE20="$(command -v node)"
export FALLOM_TEST_NODE20
exec npx -y -p node@22 -- node node_modules/vitest/vitest.mjs run --config packages/trace/test-node22/vitest.config.ts "$@"
