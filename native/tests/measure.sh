#!/usr/bin/env bash
# Rough numbers, not a test: start -> connected (xfreerdp: CONNECTION_STATE_ACTIVE; ours:
# CONNECTED, then LOGGED_ON) and RSS 1 s after, for a process using libthinshell_rdp
# (ts_connect) and bare xfreerdp, interleaved, on the same shadow server and client display.
# Usage: [OURS="gfx=0"] [XF="/gfx"] measure.sh [ROUNDS]   (the real bench is bench/rdp-connect)
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-5}
start_server
start_xvfb CLIENT_DISPLAY

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# first_ms FILE PATTERN START: ms from START until PATTERN shows in FILE (10 ms steps, 20 s max)
first_ms() {
  for _ in $(seq 2000); do grep -q -- "$2" "$1" 2>/dev/null && { echo $(( $(now_ms) - $3 )); return; }; sleep 0.01; done
  echo fail
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

ours() {
  local out=$WORK/ours.out t0; t0=$(now_ms)
  printf '%s\n' "$PASSWORD" | DISPLAY=$CLIENT_DISPLAY "$BIN/ts_connect" --password-stdin host=127.0.0.1 \
    "port=$PORT" "username=$USER_NAME" cert_mode=ignore ${OURS:-} --hold 1500 >"$out" 2>/dev/null &
  local pid=$!
  local c; c=$(first_ms "$out" "state CONNECTED" "$t0")
  local l; l=$(first_ms "$out" "state LOGGED_ON" "$t0")
  sleep 1; local r; r=$(rss_kb $pid); wait $pid || true
  echo "ours connected_ms=$c logged_on_ms=$l rss_kb=$r"
}
theirs() {
  local out=$WORK/xf.out t0; t0=$(now_ms)
  printf "%s\n" "$PASSWORD" | DISPLAY=$CLIENT_DISPLAY stdbuf -oL xfreerdp "/v:127.0.0.1:$PORT" "/u:$USER_NAME" /from-stdin:force \
    /cert:ignore /f ${XF-/gfx} -clipboard /log-filters:com.freerdp.core.connection:DEBUG >"$out" 2>&1 &
  local pid=$!
  local c; c=$(first_ms "$out" "CONNECTION_STATE_ACTIVE" "$t0")
  sleep 1; local r; r=$(rss_kb $pid); kill $pid; wait $pid 2>/dev/null || true
  echo "xfreerdp connected_ms=$c rss_kb=$r"
}
for i in $(seq "$ROUNDS"); do ours; theirs; done | tee "$WORK/rounds"
med() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
field() { grep "^$1 " "$WORK/rounds" | grep -o "$2=[0-9]*" | cut -d= -f2 | med; }
echo "median: ours connected $(field ours connected_ms) ms, logged on $(field ours logged_on_ms) ms, rss $(field ours rss_kb) kB;" \
     "xfreerdp connected $(field xfreerdp connected_ms) ms, rss $(field xfreerdp rss_kb) kB"
