#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftotext) for the PDF tests (the provenance export, the
# decision letter and the meeting minutes are read back as text) if it is missing.
# Idempotent: does nothing when pdftotext exists. Needs root (CI containers run as root).
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-poppler: installing Debian's poppler-utils package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >/dev/null
pdftotext -v 2>&1 | head -1
