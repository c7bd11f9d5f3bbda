#!/usr/bin/env bash
# Native AOT checks (issue #12). PublishAot on Linux needs clang (the linker driver) and lld, plus zlib1g-dev; the .NET
# SDK brings the ILCompiler package itself (restored from NuGet, version chosen by the SDK).
#   bash eng/aot.sh ensure-toolchain   install clang, lld and zlib1g-dev from Debian when clang is missing
#   bash eng/aot.sh smoke              ClerkSync.Webhooks is trimming- and AOT-clean: publish test/ClerkSync.AotSmoke
#                                      natively with every warning as an error, then run the binary
#   bash eng/aot.sh cli [OUT]          try clerk-sync: publish src/ClerkSync.Cli natively (warnings kept, not errors) into
#                                      OUT (default .artifacts/aot/clerk-sync) and list the trim/AOT warnings by code
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
ensure_toolchain() {
  if ! command -v clang >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-upgrade clang lld zlib1g-dev >/dev/null
  fi
}
case "${1:-}" in
  ensure-toolchain) ensure_toolchain ;;
  smoke)
    ensure_toolchain
    out="$repo/.artifacts/aot/smoke"
    dotnet publish "$repo/test/ClerkSync.AotSmoke" -c Release -r "$rid" -warnaserror --nologo -v q -o "$out"
    "$out/ClerkSync.AotSmoke"
    ;;
  cli)
    ensure_toolchain
    out="${2:-$repo/.artifacts/aot/clerk-sync}"
    log="$out.publish.log"
    mkdir -p "$(dirname "$out")"
    status=0
    dotnet publish "$repo/src/ClerkSync.Cli" -c Release -r "$rid" -p:PublishAot=true -p:TreatWarningsAsErrors=false \
      -p:TrimmerSingleWarn=false --nologo -o "$out" >"$log" 2>&1 || status=$?
    echo "trim/AOT warnings (code, count), full log in $log:"
    grep -oE 'warning (IL[0-9]+)' "$log" | sort | uniq -c | sort -rn || echo "  none"
    [ $status -eq 0 ] && ls -l "$out/clerk-sync"
    exit $status
    ;;
  *) echo "usage: $0 ensure-toolchain|smoke|cli [OUT]" >&2; exit 2 ;;
esac
