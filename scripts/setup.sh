#!/usr/bin/env bash
# Installs what thinshell needs on Debian 12, and nothing when it is all there already.
# Usage: scripts/setup.sh [run|test]   (test adds the servers and tools the test suite drives)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-run}

# What the kiosk itself runs: a display and window manager when there is none, Chromium for the
# browser host, and the session clients.
run_pkgs=(xvfb xauth openbox chromium freerdp2-x11 virt-viewer fonts-dejavu-core ca-certificates xbindkeys x11-utils xdotool libusbredirparser1)
# The demo and the tests also run real servers and take screenshots.
demo_pkgs=(freerdp2-shadow-x11 winpr-utils qemu-system-x86 x11-xserver-utils imagemagick)
# xrdp (with Xvnc sessions) for the "logged off by the server" test; broker discovery tests: a real
# test network (namespaces), DHCP and DNS server, DHCP client, mDNS announcer; an HTTP CONNECT proxy (as Proxmox spiceproxy) for SPICE; curl, a real NTLM client
# that checks the fake RD Web server; USB without hardware: the fake usbredir host is
# built against libusbredirparser, and QEMU's guest firmware (SeaBIOS) enumerates what it presents.
test_pkgs=(xrdp tigervnc-standalone-server iproute2 dnsmasq-base isc-dhcp-client avahi-daemon tinyproxy curl libusbredirparser-dev seabios)
# The native RDP front end (native/build.sh): built from Debian's FreeRDP 2 and SDL 2.
native_pkgs=(cmake make gcc pkg-config freerdp2-dev libwinpr2-dev libsdl2-dev libx11-dev)

pkgs=("${run_pkgs[@]}" "${demo_pkgs[@]}" "${native_pkgs[@]}")
[ "$want" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "setup: run as root to install packages" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
