#!/usr/bin/env bash
# Configures (once) and builds native/build/libthinshell_rdp.so and the tests, incrementally.
# Usage: native/build.sh [test]   (test also runs ctest: unit tests and the loopback servers)
set -euo pipefail
cd "$(dirname "$0")"
[ -f build/Makefile ] || cmake -S . -B build -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Quiet when up to date: only compiler output and errors get through.
make -C build --no-print-directory -j"$(nproc)" 2>&1 | { grep -v 'Built target' || true; }
[ "${PIPESTATUS[0]}" = 0 ]
if [ "${1:-}" = test ]; then
  ctest --test-dir build --output-on-failure
fi
