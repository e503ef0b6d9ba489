#!/usr/bin/env bash
# Everything `make test` checks, in order. In CI (CI=true) nothing may be skipped for want of
# PostgreSQL or Chromium: a missing component fails the run instead.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${ANSINH_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
in_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }

step() { printf '\n== %s\n' "$*"; }

step "Chromium for the browser tests"
if ! bash scripts/ensure-chromium.sh; then
  if in_ci; then echo "FAILED: could not install Chromium (required in CI)"; exit 1; fi
  echo "!!!! Chromium could not be installed: browser tests will be SKIPPED !!!!"
fi

step "Java for the Spark tests"
if ! bash scripts/ensure-java.sh; then
  if in_ci; then echo "FAILED: could not install Java (required in CI)"; exit 1; fi
  echo "!!!! Java could not be installed: the Spark test will FAIL !!!!"
fi

step "ruff"
$BIN/ruff check .
step "mypy"
$BIN/mypy ansinh config
step "migrations are committed"
$BIN/ansinh makemigrations --check --dry-run

step "pytest on SQLite"
ANSINH_DATABASE_URL= $BIN/pytest -p no:cacheprovider "$@"

step "pytest on PostgreSQL ($PG_URL)"
if $BIN/python scripts/pg_ready.py "$PG_URL"; then
  ANSINH_DATABASE_URL="$PG_URL" $BIN/pytest -p no:cacheprovider "$@"
elif in_ci; then
  echo "FAILED: PostgreSQL is not reachable at $PG_URL (required in CI)"; exit 1
else
  printf '\n%s\n%s\n%s\n' "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" \
    "!!!! SKIPPED: PostgreSQL is not reachable at $PG_URL" \
    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
fi
