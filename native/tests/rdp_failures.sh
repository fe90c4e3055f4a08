#!/usr/bin/env bash
# Connections that must fail, each with its category (ts_error_kind) and FreeRDP's error:
# wrong password, nothing listening, unknown host, certificate not trusted by the system store,
# pinned fingerprint mismatch; and the pinned fingerprint that matches logs on.
source "$(dirname "$0")/lib.sh"
start_server
# The fingerprint as openssl computes it from the server's certificate file.
FP=$(openssl x509 -in "$WORK/home/.config/freerdp/shadow/shadow.crt" -noout -fingerprint -sha256 | cut -d= -f2)
[ ${#FP} = 95 ] || fail "no server fingerprint"

# expect_failure KIND TEXT ARGS...: FAILED, that ts_error_kind, a text mentioning TEXT.
expect_failure() {
  local kind=$1 text=$2; shift 2
  run_client window=0 --timeout 20000 "$@"
  [ "$RC" = 2 ] || { cat "$OUT" >&2; fail "expected FAILED for $*, exit $RC"; }
  expect_line "end state=FAILED .*kind=$kind .*text=.*$text"
  ! grep -q 'state CONNECTED' "$OUT" || fail "reported CONNECTED for $*"
  no_canary
  echo "ok: $* -> $(sed -n 's/^end //p' "$OUT")"
}

REAL=$PASSWORD
PASSWORD="wrong-$REAL"
expect_failure 4 "authentication" cert_mode=ignore          # TS_ERROR_AUTH_FAILED
PASSWORD=$REAL
expect_failure 8 "not trusted" cert_mode=system             # self-signed: TS_ERROR_CERTIFICATE
expect_failure 8 "not one of the pinned" cert_mode=pin "cert_fingerprints=00${FP:2}"
expect_failure 3 "DNS" cert_mode=ignore host=no-such-host.invalid   # TS_ERROR_DNS
SAVED=$PORT; PORT=$(free_port)
expect_failure 2 "transport" cert_mode=ignore               # nothing listens: TS_ERROR_UNREACHABLE
PORT=$SAVED

run_client window=0 --hold 200 cert_mode=pin "cert_fingerprints=${FP//:/},$FP"
[ "$RC" = 0 ] || { cat "$OUT" >&2; fail "the pinned certificate did not log on"; }
echo "ok: pinned fingerprint logs on"
