#!/usr/bin/env bash
# Issue #12: clerk-sync natively compiled against the JIT build, side by side in one run: size on disk, the time of
# `--version` and the time from starting `serve` to its first 200 from /healthz, and serve's resident memory then.
#   benchmarks/startup.sh [runs, default 10]
# Builds both unless JIT_DLL / AOT_BIN name existing ones (the JIT build is the tool package's content, which also needs
# the shared .NET runtime, not counted; the native one is `bash eng/aot.sh cli`, which needs nothing else). Runs alternate JIT and native so that the shared machine's noise hits both alike.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${JIT_DLL:-}" ]; then
  # What the tool package holds (framework-dependent, portable), so the size is what `dotnet tool install` lays down.
  dotnet publish -c Release "$repo/src/ClerkSync.Cli" -v q -nologo -o "$work/jit" >/dev/null
  JIT_DLL="$work/jit/clerk-sync.dll"
fi
if [ -z "${AOT_BIN:-}" ]; then
  bash "$repo/eng/aot.sh" cli "$work/aot" >/dev/null
  AOT_BIN="$work/aot/clerk-sync"
fi
secret=whsec_$(head -c 32 /dev/urandom | base64)
now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.0f", m / 1e6 }'; }

# One serve start: prints "milliseconds-to-healthy resident-KiB".
serve_once() {
  local dir port pid t0 rss
  dir=$(mktemp -d -p "$work"); port=$(( 20000 + RANDOM % 20000 ))
  t0=$(now)
  (cd "$dir" && CLERK_WEBHOOK_SIGNING_SECRET=$secret exec "$@" serve --urls "http://127.0.0.1:$port" --log-level Warning >/dev/null 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
  echo "$(( $(now) - t0 )) $(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

: >"$work/jit.version"; : >"$work/aot.version"; : >"$work/jit.serve"; : >"$work/aot.serve"
for _ in $(seq "$runs"); do
  t0=$(now); dotnet "$JIT_DLL" --version >/dev/null; echo $(( $(now) - t0 )) >>"$work/jit.version"
  t0=$(now); "$AOT_BIN" --version >/dev/null; echo $(( $(now) - t0 )) >>"$work/aot.version"
  serve_once dotnet "$JIT_DLL" >>"$work/jit.serve"
  serve_once "$AOT_BIN" >>"$work/aot.serve"
done

jit_size=$(du -sk --exclude='*.pdb' --exclude='*.xml' "$(dirname "$JIT_DLL")" | cut -f1)
aot_size=$(du -sk --exclude='*.dbg' --exclude='*.pdb' --exclude='*.xml' "$(dirname "$AOT_BIN")" | cut -f1)
printf '%-8s %14s %20s %26s %22s\n' build "size (MiB)" "--version (ms, p50)" "serve to healthy (ms, p50)" "serve RSS (MiB, p50)"
for b in jit aot; do
  size=$([ $b = jit ] && echo "$jit_size" || echo "$aot_size")
  printf '%-8s %14.1f %20s %26s %22.0f\n' "$b" "$(echo "$size / 1024" | bc -l)" "$(median <"$work/$b.version")" \
    "$(cut -d' ' -f1 "$work/$b.serve" | median)" "$(echo "$(cut -d' ' -f2 "$work/$b.serve" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') / 1024" | bc -l)"
done
echo "($runs runs each, alternating; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
