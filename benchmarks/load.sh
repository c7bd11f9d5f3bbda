#!/usr/bin/env bash
# Issue #3 ingest benchmark: builds Release, starts `clerk-sync serve` on a temporary database, fires pre-signed
# deliveries at concurrency 1, 16 and 64 (ClerkSync.LoadGen), prints req/s and p50/p90/p99, stops serve.
#   benchmarks/load.sh [count per run, default 50000] [extra serve flags...]
# Environment: SERVE_DLL (see below), CONCURRENCY="1 16 64", SYNCHRONOUS=FULL|NORMAL, WORKERS=2, WARMUP=20000 (requests before each measured run:
# the JIT's tiered compilation takes a few seconds of load to reach its optimized code).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-50000}; shift || true
work=$(mktemp -d)
port=${PORT:-5181}
secret=whsec_$(head -c 32 /dev/urandom | base64)
trap 'kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# SERVE_DLL: another host taking serve's flags (issue #11: the EF Core test host, built by the caller).
[ -n "${SERVE_DLL:-}" ] || dotnet build -c Release "$repo/src/ClerkSync.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$repo/benchmarks/load/ClerkSync.LoadGen" -v q -nologo >/dev/null
cli=${SERVE_DLL:-"$repo/src/ClerkSync.Cli/bin/Release/net10.0/clerk-sync.dll"}
gen="$repo/benchmarks/load/ClerkSync.LoadGen/bin/Release/net10.0/ClerkSync.LoadGen.dll"

(cd "$work" && CLERK_WEBHOOK_SIGNING_SECRET=$secret exec dotnet "$cli" serve --urls "http://127.0.0.1:$port" --db "$work/bench.db" \
  --log-level Warning --synchronous "${SYNCHRONOUS:-FULL}" --workers "${WORKERS:-2}" "$@" >"$work/serve.log" 2>&1) &
serve_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

echo "clerk-sync serve: synchronous=${SYNCHRONOUS:-FULL}, workers=${WORKERS:-2}, $(nproc) cores, $count deliveries per run"
for c in ${CONCURRENCY:-1 16 64}; do
  dotnet "$gen" --url "http://127.0.0.1:$port/api/webhooks/clerk" --secret "$secret" --count "$count" --concurrency "$c" --warmup "${WARMUP:-20000}"
done
