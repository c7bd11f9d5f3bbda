#!/usr/bin/env bash
# PostgreSQL helper for tests and CI.
#   ensure-binaries   install Debian's postgresql package (--no-upgrade) when initdb/pg_ctl are missing
#   bindir            print the folder that holds initdb and pg_ctl
set -euo pipefail
bindir() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}
case "${1:-}" in
  ensure-binaries)
    if ! bindir >/dev/null; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-upgrade postgresql >/dev/null
      bindir >/dev/null
    fi
    ;;
  bindir) bindir ;;
  *) echo "usage: $0 ensure-binaries|bindir" >&2; exit 2 ;;
esac
