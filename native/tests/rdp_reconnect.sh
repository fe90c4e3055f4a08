#!/usr/bin/env bash
# auto_reconnect=1: the server goes away and comes back on the same port; the session goes
# CONNECTING again and is back to LOGGED_ON by itself, window and all. Without it: ended.
source "$(dirname "$0")/lib.sh"
start_server
start_xvfb CLIENT_DISPLAY
run_client_bg cert_mode=ignore auto_reconnect=1 auto_reconnect_max=5 --hold -1 --timeout 25000
wait_line "state LOGGED_ON"
kill -9 -- "-$SERVER_PID"
sleep 1
launch_shadow
for _ in $(seq 300); do [ "$(grep -c 'state LOGGED_ON' "$OUT")" -ge 2 ] && break; sleep 0.05; done
[ "$(grep -c 'state LOGGED_ON' "$OUT")" -ge 2 ] || { cat "$OUT" >&2; fail "no second LOGGED_ON"; }
order=$(grep '^state' "$OUT" | awk '{print $2}' | tr '\n' ' ')
[[ "$order" == "CONNECTING CONNECTED LOGGED_ON CONNECTING CONNECTED LOGGED_ON "* ]] || fail "states were: $order"
sleep 0.5
DISPLAY=$CLIENT_DISPLAY import -window root "$WORK/shot.png"
near "$(pixel_at "$WORK/shot.png" $((W / 4)) $((H / 4)))" 230,30,30 || fail "no picture after the reconnect"
kill -TERM "$(pgrep -n -x ts_connect)" # ends the driver; its session is not under test here
wait_client 2>/dev/null
echo "ok: reconnected: $order"
