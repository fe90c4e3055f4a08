#!/usr/bin/env bash
# Runs the kiosk. With no broker configured (no /etc/thinshell/policy.json naming one), it runs
# on the embedded demo: a real RDP server and a real SPICE server on this machine, and a policy
# whose direct broker lists both. Electron where it is installed, else the browser host in
# Debian's Chromium; under Xvfb with a window manager when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
# Rebuild only when a source is newer than the build.
if [ ! -f dist/node/demo.mjs ] || [ -n "$(find src-main src-renderer package-lock.json -newer dist/node/demo.mjs -print -quit)" ]; then
  npm run --silent build
fi
# The native RDP front end (incremental: a no-op when up to date).
bash native/build.sh
exec node dist/node/demo.mjs "$@"
