#!/usr/bin/env bash
# Packs every packable project under src/ (the libraries and the clerk-sync tool) into .artifacts/packages/: a .nupkg
# and a .snupkg each, all of the version in version.props (issue #12). A new project under src/ is picked up as is.
#   bash eng/pack.sh                            # Release, the version of version.props
#   bash eng/pack.sh -p:VersionSuffix=preview.1 # extra arguments go to dotnet pack
# Then: dotnet tool install -g ClerkSync.Cli --add-source .artifacts/packages
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/.artifacts/packages"
work="$repo/.artifacts/pack"
rm -rf "$out"
mkdir -p "$out" "$work"

# One solution of every src/ project, so that the libraries they share build once; dotnet pack skips any project
# that sets IsPackable=false.
solution="$work/src.slnx"
{
  echo "<Solution>"
  find "$repo/src" -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort | while read -r project; do
    echo "  <Project Path=\"$(realpath --relative-to="$work" "$project")\" />"
  done
  echo "</Solution>"
} > "$solution"

dotnet pack "$solution" -c Release --nologo -p:PackageOutputPath="$out" "$@"

echo
echo "Packages in ${out#"$repo/"}:"
(cd "$out" && ls -l --block-size=K -- *.nupkg *.snupkg | awk '{ print "  " $5 "\t" $9 }')
