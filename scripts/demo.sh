#!/usr/bin/env bash
# The README's first command: install, migrate, load the demo data, start API and worker.
# Needs PostgreSQL and Redis at DATABASE_URL / REDIS_URL (defaults: 127.0.0.1:5432 and :6379).
# Safe to re-run: the install follows the lockfile, migrations and the seed are idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true
[ -f .env ] || cp .env.example .env
npm ci --no-audit --no-fund
npm run --silent build
npm run --silent build:web
npm run --silent db:migrate
npm run --silent db:seed
port=$(grep -E '^PORT=' .env | tail -n1 | cut -d= -f2)
echo
echo "Consilium: http://localhost:${PORT:-${port:-3000}}  (the web app; API docs at /docs; demo users in README.md)"
echo
exec npm start
