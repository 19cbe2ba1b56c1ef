#!/usr/bin/env bash
# Runs every test in the solution, the way CI does. Tests that need outside programs (dynalite, the
# OpenTelemetry JS packages) install them themselves into git-ignored folders, so this works on a fresh clone
# with only the .NET SDK and Node.js. Prints one closing line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

for tool in dotnet node npm kubectl; do
  command -v "$tool" >/dev/null 2>&1 || echo "warning: '$tool' is not on PATH; the tests that need it will fail (see README, Two commands)." >&2
done

configuration="${CONFIGURATION:-Release}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build Tracing.Sdk.sln -c "$configuration" -nologo -v minimal
build=$?
if [ $build -ne 0 ]; then
  echo "tests: 0 passed, 1 failed (the build failed)"
  exit $build
fi

dotnet test Tracing.Sdk.sln -c "$configuration" --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
read -r passed failed skipped < <(grep -E '(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
