# Shared by the real-server tests: a loopback freerdp-shadow-cli (NLA, SAM file) on its own
# Xvfb showing four coloured quadrants, and an Xvfb for the client. Everything runs under
# `timeout` and is killed on exit. The test password is a canary: it never goes on a command
# line or into an environment; the SAM file holds only its NT hash.
set -euo pipefail
BIN=${TS_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../build/tests" && pwd)}
WORK=$(mktemp -d /tmp/ts-rdp-test.XXXXXX)
W=${TS_W:-640}; H=${TS_H:-480}
USER_NAME=tsuser
PASSWORD="canary-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
PIDS=()
OUT=$WORK/client.out

cleanup() {
  for p in "${PIDS[@]}"; do kill -9 -- "-$p" 2>/dev/null || kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# start_xvfb VAR: an Xvfb of W x H; VAR gets the display name (":N").
start_xvfb() {
  local fifo="$WORK/displayfd.$1"
  mkfifo "$fifo"
  setsid timeout 120 Xvfb -displayfd 3 -screen 0 "${W}x${H}x24" -nolisten tcp -noreset -s 0 3>"$fifo" >/dev/null 2>&1 &
  PIDS+=($!)
  local n; read -r -t 10 n <"$fifo" || fail "Xvfb did not start"
  printf -v "$1" ':%s' "$n"
}

# The pattern: red | green over blue | yellow.
pattern() {
  local hw=$((W / 2)) hh=$((H / 2))
  convert \( -size ${hw}x${hh} xc:'rgb(230,30,30)' xc:'rgb(30,200,30)' +append \) \
          \( -size ${hw}x${hh} xc:'rgb(30,30,230)' xc:'rgb(240,220,20)' +append \) -append "$WORK/pattern.ppm"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  fail "nothing listens on $1"
}

# start_server: SERVER_DISPLAY, PORT, SERVER_PID (the process group of the shadow server).
start_server() {
  start_xvfb SERVER_DISPLAY
  pattern
  DISPLAY=$SERVER_DISPLAY display -window root "$WORK/pattern.ppm" || true # sets the root, exits 1
  printf '%s' "$PASSWORD" | "$BIN/ts_nthash" | sed "s/^/$USER_NAME:::/; s/\$/:::/" >"$WORK/sam"
  PORT=$(free_port)
  mkdir -p "$WORK/home"
  launch_shadow
}

# launch_shadow: (again) the shadow server on PORT and SERVER_DISPLAY, same certificate.
launch_shadow() {
  HOME=$WORK/home DISPLAY=$SERVER_DISPLAY setsid timeout 120 freerdp-shadow-cli "/port:$PORT" \
    /bind-address:127.0.0.1 +auth /sec:nla "/sam-file:$WORK/sam" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=($SERVER_PID)
  wait_port "$PORT"
}

# run_client ARGS...: ts_connect on the client display, password on stdin; output in $OUT.
run_client() {

  set +e
  mkdir -p "$WORK/client-home"
  printf '%s\n' "$PASSWORD" | HOME=$WORK/client-home DISPLAY=${CLIENT_DISPLAY:-} timeout 60 "$BIN/ts_connect" --password-stdin \
    host=127.0.0.1 "port=$PORT" "username=$USER_NAME" "$@" >"$OUT" 2>"$WORK/client.err"
  RC=$?
  set -e
  echo "$RC" >"$WORK/client.rc"
}

# run_client_bg ARGS...: the same in the background; then `wait_client` sets RC.
run_client_bg() { run_client "$@" & CLIENT_JOB=$!; }
wait_client() { wait "$CLIENT_JOB" || true; RC=$(cat "$WORK/client.rc"); }

expect_line() { grep -q -- "$1" "$OUT" || { cat "$OUT" >&2; fail "expected '$1'"; }; }

# The client must never show the password anywhere it writes: its output, its HOME.
no_canary() {
  ! grep -rqa -- "$PASSWORD" "$OUT" "$WORK/client.err" "$WORK/client-home" || fail "the password appeared in the client's output or files"
}

# wait_line PATTERN [SECONDS]: until the client printed it (tests only: bounded, 50 ms steps).
wait_line() {
  local limit=$(( ${2:-20} * 20 ))
  for _ in $(seq "$limit"); do grep -q -- "$1" "$OUT" 2>/dev/null && return 0; sleep 0.05; done
  cat "$OUT" >&2; fail "no '$1' within ${2:-20} s"
}

# pixel_at FILE X Y: "r,g,b" of a screenshot pixel.
pixel_at() { convert "$1" -format "%[fx:int(255*p{$2,$3}.r)],%[fx:int(255*p{$2,$3}.g)],%[fx:int(255*p{$2,$3}.b)]" info:; }

# near R,G,B R,G,B: colours within 12 per channel (codecs may round).
near() {
  local IFS=,; read -r a b c <<<"$1"; read -r x y z <<<"$2"
  (( ${a}-${x} < 13 && ${x}-${a} < 13 && ${b}-${y} < 13 && ${y}-${b} < 13 && ${c}-${z} < 13 && ${z}-${c} < 13 ))
}
