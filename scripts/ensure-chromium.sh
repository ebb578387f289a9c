#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/e2e/web.e2e.ts) if it is missing.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (CI containers run as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-chromium: installing Debian's chromium package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
