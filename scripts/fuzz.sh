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

# `--checks all`, none excluded. The schema says every closed set as an enum and every shape the
# domain checks as a pattern or a bound; what no schema can say is answered with the status that
# names it: a well-formed value naming nothing is a 404 (an RPPS/ADELI number whose check digit is
# wrong, a place that is no commune, an account text naming no account on the lookups), a state
# that forbids the change is a 409 (a case merged into itself, a move its state does not allow).
# One rule is left, per operation, in the config below: positive_data_acceptance also takes a 422
# from the two operations that read an account spelling to *create* something (a report, an
# account claim). What an account may be called (each platform's names and ids, its profile and
# post links, its reserved pages, short links, phone numbers) is the grammar of vigie.social, no
# pattern can carry it, and a refusal there is an input the user must fix, said with what to paste
# instead: a 422, documented on both operations. Every other check applies to them unchanged.
EXCLUDED=${VIGIE_FUZZ_EXCLUDED-}
cat >"$WORK/schemathesis.toml" <<'TOML'
[[operations]]
include-name = ["POST /api/v1/reports", "POST /api/v1/me/handles"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
TOML

run() {  # run NAME [HEADER]: one role's run, its output kept for the summary below
  local name=$1; shift
  .venv/bin/schemathesis --config-file "$WORK/schemathesis.toml" \
    run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks all ${EXCLUDED:+--exclude-checks "$EXCLUDED"} --max-examples "$EXAMPLES" --request-timeout 20 \
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
