#!/usr/bin/env bash
# Issue #12: the README's path on a fresh clone, timed. Clones this repository's HEAD into a temporary folder, then
# runs the README's set-up as a new user does: `dotnet run ... -- serve` in one terminal, the "Send events" command
# its banner prints in another, until the first event is in the mirror. Prints the time of each step from the clone.
#   benchmarks/first-run.sh            # with this machine's NuGet caches
#   COLD=1 benchmarks/first-run.sh     # empty NuGet caches too, as on a new machine (downloads every package)
# The port is the README's 5080 unless PORT says otherwise (a shared machine may have 5080 taken).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
serve_pid=
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
if [ "${COLD:-0}" = 1 ]; then
  export NUGET_PACKAGES="$work/nuget-packages" NUGET_HTTP_CACHE_PATH="$work/nuget-http-cache"
fi
start=$(date +%s.%N)
mark() { printf '%-44s %7.1f s\n' "$1" "$(echo "$(date +%s.%N) - $start" | bc)"; }

git clone -q "$repo" "$work/clerksync"
cd "$work/clerksync"
mark "git clone"

urls=()
[ -n "${PORT:-}" ] && urls=(--urls "http://127.0.0.1:$PORT")
dotnet run -c Release --project src/ClerkSync.Cli -- serve "${urls[@]}" >"$work/serve.log" 2>&1 &
serve_pid=$!
until grep -q '^  Send events: ' "$work/serve.log"; do
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
mark "serve: banner printed (restore, build, start)"

# The banner's own command, exactly as printed.
send=$(sed -n 's/^  Send events: //p' "$work/serve.log")
eval "$send --no-progress" >"$work/send.log" 2>&1 || { cat "$work/send.log"; exit 1; }
mark "send --all: 46 events acknowledged"

cli=src/ClerkSync.Cli/bin/Release/net10.0/clerk-sync.dll
until dotnet "$cli" mirror stats --json 2>/dev/null | grep -q '"rows": [1-9]'; do sleep 0.2; done
mark "first event in the mirror"
echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --version), COLD=${COLD:-0})"
