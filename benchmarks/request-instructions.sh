#!/usr/bin/env bash
# Instructions and bytes per in-process request for RequestPipelineBenchmarks setups, independent of machine noise:
# each setup runs under callgrind twice, with 1 000 and 11 000 requests before the same 20 000 measured for bytes, and
# (second - first) / 10 000 is what one request costs.
#   benchmarks/request-instructions.sh [--out DIR] [--no-build] SETUP...   (setups: see Hosting/RequestLoop.cs)
set -euo pipefail
cd "$(dirname "$0")/.."
out=/tmp/tracing-sdk-bench
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: $0 [--out DIR] [--no-build] SETUP..." >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
if [[ $build == 1 ]]; then
  dotnet build -c Release benchmarks/Tracing.Sdk.Benchmarks -o "$out" -v quiet -nologo >/dev/null
fi

count() {
  local setup="$1" requests="$2" log
  log=$(mktemp)
  DOTNET_TieredCompilation=0 DOTNET_EnableAVX512F=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    dotnet "$out/Tracing.Sdk.Benchmarks.dll" --request-loop "$setup" "$requests" >"$log.out" 2>"$log"
  grep -o 'Collected : [0-9]*' "$log" | grep -o '[0-9]*$'
  grep -o '[0-9.]* B/request' "$log.out" >&2 || true
  rm -f "$log" "$log.out"
}

printf 'setup\tinstructions/request\n'
for setup in "$@"; do
  first=$(count "$setup" 1000)
  second=$(count "$setup" 11000)
  printf '%s\t%d\n' "$setup" $(( (second - first) / 10000 ))
done
