#!/usr/bin/env bash
# Input reaches the server: xdotool types and clicks into the client's window, and the server's
# display (freerdp-shadow-cli injects what it receives) sees the same keys, buttons, wheel and
# pointer position. Keys go by scancode, so the server's keycodes must be the evdev ones.
source "$(dirname "$0")/lib.sh"
start_server
start_xvfb CLIENT_DISPLAY
DISPLAY=$SERVER_DISPLAY xev -root -event keyboard -event button >"$WORK/xev.out" 2>&1 &
PIDS+=($!)
run_client_bg cert_mode=ignore --hold 3000 title=ts-test
wait_line "state LOGGED_ON"
sleep 0.3
client() { DISPLAY=$CLIENT_DISPLAY xdotool "$@"; }
WID=$(client search --name '^ts-test$' | head -1)
client mousemove --window "$WID" 123 234
sleep 0.3
loc=$(DISPLAY=$SERVER_DISPLAY xdotool getmouselocation)
[[ "$loc" == "x:123 y:234 "* ]] || fail "server pointer at '$loc', expected 123,234"
client key --window "$WID" a shift+b Return F5 Left
client click 1
client click 3
client click 4
client click 5
sleep 0.5
wait_client
# keycode (evdev) and keysym on the server, as xev prints them
for want in "keycode 38 (keysym 0x61, a)" "keycode 56 (keysym 0x42, B)" "keycode 36 (keysym 0xff0d, Return)" \
            "keycode 71 (keysym 0xffc2, F5)" "keycode 113 (keysym 0xff51, Left)"; do
  grep -qF "$want" "$WORK/xev.out" || { cat "$WORK/xev.out" >&2; fail "the server did not see $want"; }
done
for b in 1 3 4 5; do
  grep -A3 ButtonPress "$WORK/xev.out" | grep -q "button $b," || fail "the server did not see button $b"
done
echo "ok: pointer, keys (a, B, Return, F5, Left), buttons 1 3 and wheel 4 5 reached the server"
