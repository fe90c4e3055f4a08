#!/usr/bin/env bash
# The whole test suite: install what is missing, build, lint (with the layering rules),
# type-check main, preload and renderer, then unit, renderer, integration and e2e tests
# against real servers and a real Chromium. Ends with one line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
started=$(date +%s)
npm run --silent build
# The native RDP front end: its C unit tests and its tests against a real RDP server (ctest).
bash native/build.sh test
npm run --silent lint
npm run --silent typecheck
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
echo "suite took $(( $(date +%s) - started )) s"
# Last, so it is the closing line CI reads.
node scripts/test-summary.mjs test-results/vitest.json || status=1
exit $status
