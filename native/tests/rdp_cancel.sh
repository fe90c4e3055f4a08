#!/usr/bin/env bash
# A server that accepts TCP and then says nothing: ts_session_disconnect during the connect ends
# the session at once (DISCONNECTED, user, cancelled), and ts_session_free returns within its
# bound although FreeRDP 2 is still waiting for the server.
source "$(dirname "$0")/lib.sh"
PORT=$(free_port)
python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $PORT)); s.listen(5); held = []
while True: held.append(s.accept()[0])
" &
PIDS+=($!)
wait_port "$PORT"
t0=$(date +%s%N)
run_client window=0 cert_mode=ignore --timeout 500
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_line "end state=DISCONNECTED .*kind=1 reason=0 text=cancelled"
d=$(sed -n 's/^disconnecting at //p' "$OUT"); e=$(sed -n 's/^state DISCONNECTED //p' "$OUT")
[ $((e - d)) -lt 100 ] || fail "DISCONNECTED came $((e - d)) ms after the disconnect"
[ "$ms" -lt 5000 ] || fail "ts_connect took $ms ms in all"
echo "ok: cancelled in $((e - d)) ms, process done in $ms ms ($(grep freed "$OUT"))"
