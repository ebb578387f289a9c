#!/usr/bin/env bash
# Every test: type-check, lint, then the unit, integration and e2e tiers (jest) against the
# local PostgreSQL and Redis. The e2e tier runs the built apps, so build first.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC NX_NO_CLOUD=true
npm run --silent build
npm run --silent typecheck
# Module-boundary lint rules need the Nx project graph.
NX_DAEMON=false npx nx show projects >/dev/null
npm run --silent lint
npx jest --ci "$@"
