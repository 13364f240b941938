#!/usr/bin/env bash
# Schemathesis against a running `vigie serve` (SQLite, demo registry, one user per role): every
# API operation of the OpenAPI, as anonymous and as each role, a bounded number of examples each,
# `--checks all`. Fails on any 5xx, any answer outside the documented statuses or shapes.
# Run by scripts/test.sh (CI); alone: `bash scripts/fuzz.sh [EXAMPLES]`.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${1:-${VIGIE_FUZZ_EXAMPLES:-4}}
WORK=$(mktemp -d /tmp/vigie-fuzz.XXXXXX)
PORT=${VIGIE_FUZZ_PORT:-58123}
export VIGIE_DATA_DIR="$WORK" VIGIE_ENVIRONMENT=test VIGIE_SECRET_KEY="fuzz-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

declare -A TOKENS
while read -r role token; do TOKENS[$role]=$token; done < <(.venv/bin/python scripts/fuzz_seed.py)
.venv/bin/vigie serve --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/server.log"; exit 1; }

# Two checks are left out until the routes declare their real constraints (issue 11 follow-up;
# the accounts API now does: roles as an enum, strict booleans, a non-pending claim is a 409).
# Measured with 3 examples per operation as admin, what still fails:
# - positive_data_acceptance (schema-valid values the domain refuses with a 422): enums left as
#   free strings (platform in /accounts/{platform}/{handle}, act and to on /cases and the dossier,
#   bulk action), shapes checked in code (department, place, RPPS/ADELI length, account spellings
#   on /accounts, /me/handles and /reports), a case merged into itself; and two that no schema can
#   say: the RPPS check digit (Luhn) on /me/identity and /practitioners/{identifier}.
# - negative_data_rejection (values pydantic's lax mode accepts): posted_at as a number on /scan
#   and /scan/account.
# Neither can hide a 5xx or an undocumented answer.
EXCLUDED=positive_data_acceptance,negative_data_rejection

run() {  # run NAME [HEADER]: one role's run, its output kept for the summary below
  local name=$1; shift
  .venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks all --exclude-checks "$EXCLUDED" --max-examples "$EXAMPLES" --request-timeout 20 \
    --generation-deterministic --no-color "$@" >"$WORK/$name.out" 2>&1
}
# The five runs at once: each waits on the server most of the time, so together they take about
# as long as one or two.
declare -A PIDS
run anonymous & PIDS[anonymous]=$!
for role in reporter physician moderator admin; do
  run "$role" -H "Authorization: Bearer ${TOKENS[$role]}" & PIDS[$role]=$!
done
failed=0
for name in anonymous reporter physician moderator admin; do
  if wait "${PIDS[$name]}"; then status=passed; else status=FAILED; failed=1; fi
  echo "== schemathesis as $name ($EXAMPLES examples per operation): $status"
  grep -E "generated|^=+ .* in [0-9.]+s" "$WORK/$name.out" || true
  [ "$status" = passed ] || cat "$WORK/$name.out"
done
exit $failed
