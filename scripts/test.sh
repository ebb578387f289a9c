#!/usr/bin/env bash
# Every test: type-check, lint, the web app's unit specs (vitest), then the unit, integration and
# e2e tiers (jest) against the local PostgreSQL and Redis. The e2e tier runs the built apps and
# drives the built web app in Debian's Chromium (scripts/ensure-chromium.sh installs it), so build
# both first.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC NX_NO_CLOUD=true
npm run --silent build
npm run --silent build:web
npm run --silent typecheck
# Module-boundary lint rules need the Nx project graph.
NX_DAEMON=false npx nx show projects >/dev/null
npm run --silent lint
npm run --silent test -w @consilium/web
npx jest --ci "$@"
