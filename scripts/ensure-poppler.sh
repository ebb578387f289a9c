#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftotext, pdftoppm) for the PDF tests (test/e2e/fhir.e2e.ts
# and the documents specs read the decision letter and minutes back) if it is missing.
# Idempotent: does nothing when /usr/bin/pdftotext exists. Needs root (CI containers run as root).
set -euo pipefail
if [ -x /usr/bin/pdftotext ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ensure-poppler: installing Debian's poppler-utils package"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq poppler-utils >/dev/null
/usr/bin/pdftotext -v 2>&1 | head -1
