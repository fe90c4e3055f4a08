#!/usr/bin/env bash
# Where the picture is drawn (framebuffer.c), checked on the screen each time:
# 1. desktop and window of one size: the GDI draws straight into the window surface;
# 2. a bigger client screen (the shadow server keeps its own size): the GDI keeps its own buffer
#    and the picture is scaled into the window;
# 3. a window resized during the session (SDL frees the old surface): the GDI moves to its own
#    buffer with the picture, scaled into the smaller window, and back into the window surface
#    when the window has the desktop's size again. The client must not crash on the way.
source "$(dirname "$0")/lib.sh"
start_server
SW=$W SH=$H
# client_screen NAME W H: a client Xvfb of that size becomes CLIENT_DISPLAY.
client_screen() { W=$2 H=$3 start_xvfb "$1"; CLIENT_DISPLAY=${!1}; }
shot() { DISPLAY=$CLIENT_DISPLAY import -window root "$WORK/shot.png"; }
fb_log() { grep -h 'thinshell.framebuffer' "$OUT" "$WORK/client.err" || true; }

# quadrants X Y WIDTH HEIGHT: the server's pattern inside that rectangle of the last screenshot.
quadrants() {
  local x=$1 y=$2 w=$3 h=$4 what=$5
  local x1=$((x + w / 4)) x2=$((x + 3 * w / 4)) y1=$((y + h / 4)) y2=$((y + 3 * h / 4))
  near "$(pixel_at "$WORK/shot.png" $x1 $y1)" 230,30,30 || fail "$what: top-left is $(pixel_at "$WORK/shot.png" $x1 $y1)"
  near "$(pixel_at "$WORK/shot.png" $x2 $y1)" 30,200,30 || fail "$what: top-right is $(pixel_at "$WORK/shot.png" $x2 $y1)"
  near "$(pixel_at "$WORK/shot.png" $x1 $y2)" 30,30,230 || fail "$what: bottom-left is $(pixel_at "$WORK/shot.png" $x1 $y2)"
  near "$(pixel_at "$WORK/shot.png" $x2 $y2)" 240,220,20 || fail "$what: bottom-right is $(pixel_at "$WORK/shot.png" $x2 $y2)"
}

finish() {
  wait_client
  [ "$RC" = 0 ] || { cat "$OUT" "$WORK/client.err" >&2; fail "ts_connect exited $RC ($1)"; }
}

# 1. Same size: direct.
client_screen SAME_DISPLAY "$SW" "$SH"
run_client_bg cert_mode=ignore log_level=info --hold 1200
wait_line "state LOGGED_ON"
sleep 0.5
shot
finish direct
fb_log | grep -q "the GDI draws into the ${SW}x${SH} window surface" || { fb_log >&2; fail "same size, yet the GDI did not draw into the window surface"; }
quadrants 0 0 "$SW" "$SH" direct
echo "ok: same size, drawn straight into the window surface"

# 2. A client screen 1.25 times the desktop: scaled from the GDI's own buffer.
: >"$OUT"
client_screen BIG_DISPLAY $((SW * 5 / 4)) $((SH * 5 / 4))
run_client_bg cert_mode=ignore log_level=info --hold 1200
wait_line "state LOGGED_ON"
sleep 0.5
shot
finish scaled
fb_log | grep -q "the GDI draws into its own ${SW}x${SH} buffer, copied to the $((SW * 5 / 4))x$((SH * 5 / 4)) window" || { fb_log >&2; fail "no copy mode on a bigger screen"; }
! fb_log | grep -q "draws into the .* window surface" || fail "drew into a window surface of another size"
quadrants 0 0 $((SW * 5 / 4)) $((SH * 5 / 4)) scaled
echo "ok: a bigger screen, scaled from the GDI's own buffer"

# 3. A window (not full screen) of the desktop's size, resized during the session and back.
: >"$OUT"
run_client_bg cert_mode=ignore log_level=info fullscreen=0 "width=$SW" "height=$SH" title=ts-paint --hold 6000
wait_line "state LOGGED_ON"
WID=$(DISPLAY=$CLIENT_DISPLAY xdotool search --sync --name '^ts-paint$' | head -1)
sleep 0.5
DISPLAY=$CLIENT_DISPLAY xdotool windowmove "$WID" 0 0 windowsize "$WID" $((SW / 2)) $((SH / 2))
sleep 1
shot
fb_log | grep -q "the window surface changes: the GDI draws into its own ${SW}x${SH} buffer" || { fb_log >&2; fail "the GDI did not leave the old window surface"; }
quadrants 0 0 $((SW / 2)) $((SH / 2)) "window halved"
DISPLAY=$CLIENT_DISPLAY xdotool windowsize "$WID" "$SW" "$SH"
sleep 1
shot
quadrants 0 0 "$SW" "$SH" "window restored"
finish resized
[ "$(fb_log | grep -c "the GDI draws into the ${SW}x${SH} window surface")" -ge 2 ] || { fb_log >&2; fail "the GDI did not go back into the window surface"; }
expect_line "end state=DISCONNECTED .* reason=0 "
echo "ok: resized during the session and back, the picture followed"
