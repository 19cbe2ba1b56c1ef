#!/usr/bin/env bash
# Rewrites src/<package>/PublicAPI.txt from the built assemblies. Run it after a deliberate public API change,
# review the diff, add a CHANGELOG.md entry, and commit both.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
UPDATE_PUBLIC_API=1 dotnet test "$root/tests/Tracing.Sdk.PackageTests/Tracing.Sdk.PackageTests.csproj" --nologo \
  --filter "FullyQualifiedName~Tracing.Sdk.PackageTests.PublicApi.PublicApiTests"
git -C "$root" status --short -- 'src/*/PublicAPI.txt'
