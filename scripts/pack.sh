#!/usr/bin/env bash
# Packs Tracing.Sdk, Tracing.Sdk.AspNetCore and Tracing.Sdk.Aws (.nupkg + .snupkg) into one folder.
#   scripts/pack.sh [output-dir] [version-suffix]
# output-dir defaults to artifacts/packages; a version suffix (ci.20250101120000) makes 0.1.0-ci.20250101120000.
# The version itself lives in Directory.Build.props (VersionPrefix).
# With PACK_WORK_DIR set, the projects build there instead of in their bin/ and obj/ folders.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$(realpath -m "${1:-$root/artifacts/packages}")"
suffix="${2:-}"

properties=(-p:ContinuousIntegrationBuild=true)
if [[ -n "${PACK_WORK_DIR:-}" ]]; then
  properties+=("-p:PackagingWorkDirectory=$(realpath -m "$PACK_WORK_DIR")")
fi
if [[ -n "$suffix" ]]; then
  properties+=("-p:VersionSuffix=$suffix")
fi

mkdir -p "$output"
for project in Tracing.Sdk Tracing.Sdk.AspNetCore Tracing.Sdk.Aws; do
  dotnet pack "$root/src/$project/$project.csproj" --configuration Release --output "$output" --nologo \
    "${properties[@]}"
done
ls -1 "$output"
