#!/usr/bin/env bash
# The server vanishes (SIGKILL) while the session is up: DISCONNECTED, network lost (3), soon.
source "$(dirname "$0")/lib.sh"
start_server
start_xvfb CLIENT_DISPLAY
run_client_bg cert_mode=ignore --hold -1 --timeout 30000
wait_line "state LOGGED_ON"
kill -9 -- "-$SERVER_PID"
t0=$(date +%s%N)
wait_line "state DISCONNECTED" 10
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
wait_client
expect_line "end state=DISCONNECTED .*reason=3 "
[ "$ms" -lt 3000 ] || fail "the end took $ms ms"
no_canary
echo "ok: server killed -> $(sed -n 's/^end //p' "$OUT") after $ms ms"
