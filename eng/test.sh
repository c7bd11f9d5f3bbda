#!/usr/bin/env bash
# Runs every test: installs what the tests need (Node reference packages, PostgreSQL binaries), builds, runs the whole
# solution's tests and prints "N passed, N failed" as the last line. The README's test command; .ci/run calls it.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
results="$repo/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Node reference implementations (standardwebhooks, svix) for the interop tests, and the repository tooling.
for dir in test/interop eng/tools; do
  if [ -f "$dir/package.json" ]; then
    (cd "$dir" && { [ -f package-lock.json ] && npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; }) || { echo "npm install failed in $dir"; echo "0 passed, 1 failed"; exit 1; }
  fi
done

# PostgreSQL 15 binaries: the tests start their own throwaway server on 127.0.0.1 (test/ClerkSync.TestKit/PostgresServer.cs).
bash "$repo/eng/postgres.sh" ensure-binaries || { echo "PostgreSQL binaries are missing and could not be installed"; echo "0 passed, 1 failed"; exit 1; }

# Debian's chromium for the dashboard's browser tests (test/ClerkSync.Dashboard.Tests): Playwright drives it by path,
# since its own browser download cannot be reached.
if [ ! -x /usr/bin/chromium ]; then
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-upgrade chromium >/dev/null) \
    || { echo "chromium is missing and could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi

# One test module at a time: the harness tests start serve processes and a PostgreSQL server, and on a 2-core
# machine running the four modules together starves them into timeouts.
dotnet test --solution ClerkSync.slnx -c Release --max-parallel-test-modules 1 --report-xunit-trx --results-directory "$results" "$@"
status=$?
node eng/tools/count-trx.mjs "$results" | tail -n 1 > "$results/summary.txt"
if [ $status -ne 0 ] && grep -q '^0 passed, 0 failed$' "$results/summary.txt"; then
  echo "0 passed, 1 failed" > "$results/summary.txt"   # the build failed: no result files
fi
echo
cat "$results/summary.txt"
exit $status
