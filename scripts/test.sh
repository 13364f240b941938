#!/usr/bin/env bash
# The whole test suite: system packages, a throwaway PostgreSQL, the gates (ruff, mypy), then pytest
# on SQLite and PostgreSQL. Run through `make test`; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system_deps.sh

PGDIR=$(mktemp -d /tmp/vigie-pg.XXXXXX)
PGPORT=${VIGIE_TEST_PG_PORT:-55432}
trap 'bash scripts/pg.sh stop "$PGDIR"' EXIT
bash scripts/pg.sh start "$PGDIR" "$PGPORT"
export VIGIE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:${PGPORT}/postgres"
export VIGIE_TEST_REQUIRE_POSTGRES=1
export VIGIE_TEST_CHROMIUM=/usr/bin/chromium

echo "== npm ci (axe-core for the browser accessibility checks)"
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends npm >/dev/null; }
npm ci --no-audit --no-fund

echo "== ruff"
.venv/bin/ruff format --check src tests bench scripts
.venv/bin/ruff check src tests bench scripts
echo "== mypy --strict"
.venv/bin/mypy src
echo "== schemathesis (the running API against its OpenAPI: anonymous and each role)"
bash scripts/fuzz.sh
echo "== pytest (SQLite and PostgreSQL)"
.venv/bin/pytest -n 2 --dist loadgroup "$@"
