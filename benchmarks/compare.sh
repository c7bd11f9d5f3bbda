#!/usr/bin/env bash
# Issue #5: ClerkSync side by side with the stack Clerk's guides recommend, measured in one run on this machine.
#
#   benchmarks/compare.sh [deliveries per run, default 10000]
#   Environment: CONCURRENCY="1 16 64", WARMUP=20000 (requests before each measured run), VERIFY_SECONDS=3 (per Node
#   verify case), SKIP_VERIFY=1, SKIP_INGEST=1.
#
# Ingest: the same load generator (benchmarks/load/ClerkSync.LoadGen: distinct pre-signed ~1.3 KB user.created
# deliveries, one keep-alive raw-socket connection and thread per unit of concurrency) at the same concurrency against
#   1. clerk-sync serve (Release; SQLite WAL, synchronous=FULL, group commit, 2 workers processing as it ingests),
#   2. Express 5 + express.raw + standardwebhooks, verify only (benchmarks/node-stack/server.mjs MODE=verify),
#   3. the same + an idempotent INSERT ... ON CONFLICT DO NOTHING into SQLite (better-sqlite3, WAL, synchronous=FULL)
#      before the 2xx (MODE=sqlite).
# Each 2xx from 1 and 3 is sent after the delivery is committed to disk.
# Verification: BenchmarkDotNet VerifyBenchmarks (ClerkSync) and benchmarks/node/verify-bench.mjs (svix,
# standardwebhooks) at 1, 4 and 64 KB bodies.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
concurrency=${CONCURRENCY:-1 16 64}
work=$(mktemp -d)
secret=whsec_$(head -c 32 /dev/urandom | base64)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "# benchmarks/compare.sh $count, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); dotnet $(dotnet --version); node $(node --version)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet build -c Release "$repo/src/ClerkSync.Cli" -v q -nologo >/dev/null
dotnet build -c Release "$repo/benchmarks/load/ClerkSync.LoadGen" -v q -nologo >/dev/null
cli="$repo/src/ClerkSync.Cli/bin/Release/net10.0/clerk-sync.dll"
gen="$repo/benchmarks/load/ClerkSync.LoadGen/bin/Release/net10.0/ClerkSync.LoadGen.dll"
# better-sqlite3 compiles its native module on install (about 2 minutes here): only when it is missing.
[ -f "$repo/benchmarks/node-stack/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ] ||
  (cd "$repo/benchmarks/node-stack" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

wait_for() { # url
  for _ in $(seq 200); do
    if curl -s -o /dev/null -X POST "$1" -H 'content-type: application/json' -d '{}'; then return 0; fi
    sleep 0.1
  done
  echo "nothing answers at $1" >&2; return 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=
}

results="$work/ingest.tsv"
: > "$results"
drive() { # name url
  for c in $concurrency; do
    line=$(dotnet "$gen" --url "$2" --secret "$secret" --count "$count" --concurrency "$c" --warmup "${WARMUP:-20000}" --json) || true
    echo "$1	$c	$line" | tee -a "$results" >&2
  done
}

if [ -z "${SKIP_INGEST:-}" ]; then
  port=5281
  (cd "$work" && CLERK_WEBHOOK_SIGNING_SECRET=$secret exec dotnet "$cli" serve --urls "http://127.0.0.1:$port" --db "$work/clerksync.db" \
    --log-level Warning --synchronous FULL --workers 2 >"$work/serve.log" 2>&1) &
  server_pid=$!
  wait_for "http://127.0.0.1:$port/api/webhooks/clerk"
  drive "ClerkSync serve (SQLite, FULL)" "http://127.0.0.1:$port/api/webhooks/clerk"
  stop_server

  for mode in verify sqlite; do
    port=$((port + 1))
    (cd "$repo/benchmarks/node-stack" && MODE=$mode PORT=$port DB="$work/node-$mode.db" SYNCHRONOUS=FULL CLERK_WEBHOOK_SIGNING_SECRET=$secret \
      exec node server.mjs >"$work/node-$mode.log" 2>&1) &
    server_pid=$!
    wait_for "http://127.0.0.1:$port/api/webhooks/clerk"
    if [ "$mode" = verify ]; then name="Express 5 + standardwebhooks (verify only)"; else name="Express 5 + standardwebhooks + better-sqlite3 (FULL)"; fi
    drive "$name" "http://127.0.0.1:$port/api/webhooks/clerk"
    stop_server
  done

  echo
  echo "| receiver | concurrency | req/s | p50 | p90 | p99 | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(l => l.split("\t"));
    for (const [name, c, json] of rows) {
      const r = JSON.parse(json);
      console.log(`| ${name} | ${c} | ${Math.round(r.rps).toLocaleString("en-US")} | ${r.p50_ms.toFixed(2)} ms | ${r.p90_ms.toFixed(2)} ms | ${r.p99_ms.toFixed(2)} ms | ${r.failed} |`);
    }
    console.log();
    const by = (n, c) => rows.find(r => r[0].startsWith(n) && r[1] === c);
    for (const c of new Set(rows.map(r => r[1]))) {
      const cs = by("ClerkSync", c), node = by("Express 5 + standardwebhooks + better", c);
      if (cs && node) console.log(`- concurrency ${c}: ClerkSync durable ingest ${(JSON.parse(cs[2]).rps / JSON.parse(node[2]).rps).toFixed(1)}x Express + SQLite`);
    }' "$results"
  echo "# load average after ingest: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [ -z "${SKIP_VERIFY:-}" ]; then
  echo
  echo "## Verification throughput"
  [ -d "$repo/test/interop/node_modules/svix" ] || (cd "$repo/test/interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  node "$repo/benchmarks/node/verify-bench.mjs" "${VERIFY_SECONDS:-3}" | tee "$work/node-verify.md"
  echo
  # BenchmarkDotNet finds its project from the working directory.
  (cd "$repo/benchmarks/ClerkSync.Benchmarks" && dotnet run -c Release -- --filter '*VerifyBenchmarks*' --job short --artifacts "$work/bdn" >"$work/bdn.log" 2>&1) ||
    { tail -20 "$work/bdn.log"; exit 1; }
  cat "$work"/bdn/results/*VerifyBenchmarks*-report-github.md
  echo
  echo "| body | ClerkSync WebhookVerifier.Verify | standardwebhooks | svix | ClerkSync / standardwebhooks | ClerkSync / svix |"
  echo "|---:|---:|---:|---:|---:|---:|"
  node -e '
    const fs = require("fs");
    const node = {};
    for (const line of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
      const m = line.match(/^\| (standardwebhooks|svix) \| (\d+) \| ([\d,]+) \|/);
      if (m) (node[m[2]] ??= {})[m[1]] = Number(m[3].replace(/,/g, ""));
    }
    const csv = fs.readFileSync(fs.readdirSync(process.argv[2]).filter(f => f.endsWith("-report.csv")).map(f => process.argv[2] + "/" + f)[0], "utf8").split("\n");
    const head = csv[0].split(",");
    for (const row of csv.slice(1).map(l => l.split(","))) {
      if (!row[head.indexOf("Method")]?.includes("WebhookVerifier")) continue;
      const size = row[head.indexOf("BodySize")];
      const [value, unit] = row[head.indexOf("Mean")].split(" ");
      const us = Number(value.replace(/,/g, "")) * ({ ns: 1e-3, "μs": 1, us: 1, ms: 1e3 }[unit] ?? 1);
      const cs = 1e6 / us, n = node[size] ?? {};
      const fmt = x => Math.round(x).toLocaleString("en-US") + "/s";
      console.log(`| ${size} B | ${fmt(cs)} | ${fmt(n.standardwebhooks)} | ${fmt(n.svix)} | ${(cs / n.standardwebhooks).toFixed(1)}x | ${(cs / n.svix).toFixed(1)}x |`);
    }' "$work/node-verify.md" "$work/bdn/results"
fi
