#!/usr/bin/env bash
# RD Gateway failures against real sockets on loopback, each FAILED with kind 9 (TS_ERROR_GATEWAY),
# never "desktop unreachable" or "DNS" (the desktop behind a gateway is never contacted by us):
# nothing listens at the gateway's port; the gateway's name does not resolve; a real HTTPS
# server that is not a gateway (it answers FreeRDP's RDG_OUT_DATA request with 404).
source "$(dirname "$0")/lib.sh"
PORT=3389 # the desktop: never reached, the gateway is the first hop
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/gw.key" -out "$WORK/gw.crt" -days 1 -subj /CN=127.0.0.1 2>/dev/null

expect_gateway() {
  local text=$1; shift
  run_client window=0 --timeout 20000 cert_mode=ignore host=10.255.255.1 gateway_usage=always "$@"
  [ "$RC" = 2 ] || { cat "$OUT" "$WORK/client.err" >&2; fail "expected FAILED for $*, exit $RC"; }
  expect_line "end state=FAILED .*kind=9 .*text=.*$text"
  no_canary
  echo "ok: $* -> $(sed -n 's/^end //p' "$OUT")"
}

expect_gateway "TLS connect" gateway_host=127.0.0.1 "gateway_port=$(free_port)"
expect_gateway "DNS" gateway_host=no-such-gateway.invalid
setsid timeout 60 python3 "$(dirname "$0")/https_not_gateway.py" "$WORK/gw.crt" "$WORK/gw.key" >"$WORK/https.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$WORK/https.log" ] && break; sleep 0.05; done
HTTPS_PORT=$(head -1 "$WORK/https.log")
expect_gateway "negotiating security" gateway_host=127.0.0.1 "gateway_port=$HTTPS_PORT"
grep -q '^RDG_OUT_DATA /remoteDesktopGateway/ HTTP/1.1' "$WORK/https.log" || { cat "$WORK/https.log" >&2; fail "the HTTPS server saw no gateway request"; }
echo "ok: the HTTPS server got FreeRDP's RDG_OUT_DATA request and said 404"
