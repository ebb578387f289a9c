#!/usr/bin/env bash
# Installs Debian's HAProxy for the scale-out test (test/e2e/scale-out.e2e.ts: three API
# processes behind a round-robin load balancer) if it is missing.
# Idempotent: does nothing when haproxy is on the PATH. Needs root (CI containers run as root).
set -euo pipefail
if command -v haproxy >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-haproxy: installing Debian's haproxy package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null
haproxy -v | head -1
