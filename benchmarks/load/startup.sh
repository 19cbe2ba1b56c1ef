#!/usr/bin/env bash
# Startup: process start to the first /healthz 200, with the deterministic figures beside it. For each setup of the
# load app (LOAD_MODE: off, bare, contrib, k8s), N interleaved cold starts (order rotated every run), the app pinned
# to one core and this script to the other, as run.sh does. Each run starts the app twice: once plain, for the wall
# time, and once with the startup probe (Tracing.Sdk.StartupProbe, a DOTNET_STARTUP_HOOKS assembly), which writes at
# the end of the first request how many methods the JIT compiled, the JIT's time, the assemblies loaded, the process's
# CPU time and the bytes allocated. Wall time is noisy on a shared machine; the method and assembly counts are not.
#
#   benchmarks/load/startup.sh                         # 10 runs of off, bare, contrib, k8s from this work tree
#   benchmarks/load/startup.sh --runs 5 --setups "contrib k8s k8s@/tmp/old-publish"
#       a setup is MODE or MODE@DIR, DIR a published load app (dotnet publish benchmarks/load/Tracing.Sdk.LoadApp
#       -c Release -o DIR), to compare two builds in one interleaved run
#   options: --app-cpu N --load-cpu N (default 0 and 1)
# Writes benchmarks/load/results/latest-startup-probe.tsv (one line per run) and prints medians.
set -euo pipefail

runs=10 app_cpu=0 load_cpu=1 setups=(off bare contrib k8s)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --setups) read -r -a setups <<<"$2"; shift ;;
    --app-cpu) app_cpu=$2; shift ;;
    --load-cpu) load_cpu=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")" && pwd)
out=$here/.out/startup
results=$here/results
tsv=$results/latest-startup-probe.tsv
port=5080
mkdir -p "$out" "$results"

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

log "publishing the load app and the startup probe (Release)"
dotnet publish "$here/Tracing.Sdk.LoadApp" -c Release -o "$out/app" --nologo -v quiet >/dev/null
dotnet publish "$here/Tracing.Sdk.StartupProbe" -c Release -o "$out/probe" --nologo -v quiet >/dev/null
taskset -cp "$load_cpu" $$ >/dev/null

source "$here/wait-ready.sh"

start() { # mode dir [extra env...]; sets app and start_ns
  local mode=$1 dir=$2; shift 2
  rm -rf "$out/storage" # a fresh outage-storage directory per start, as run.sh does
  start_ns=$(date +%s%N)
  env OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH="$out/storage" LOAD_MODE="$mode" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" LOAD_SELF_URL="http://127.0.0.1:$port" \
    OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 Logging__LogLevel__Default=Warning "$@" \
    taskset -c "$app_cpu" dotnet "$dir/Tracing.Sdk.LoadApp.dll" >"$out/app.log" 2>&1 &
  app=$!
}

stop() { kill -TERM "$app"; wait "$app" || true; }

rotate() { # offset items... -> the items rotated left by offset
  local offset=$1; shift
  local -a items=("$@")
  local i
  for i in "${!items[@]}"; do printf '%s\n' "${items[$(((i + offset) % ${#items[@]}))]}"; done
}

printf 'run\tsetup\tstartup_ms\tjit_methods\tjit_ms\tassemblies\tcpu_ms\tallocated_kb\n' >"$tsv"
for run in $(seq "$runs"); do
  mapfile -t run_setups < <(rotate $((run - 1)) "${setups[@]}")
  for setup in "${run_setups[@]}"; do
    mode=${setup%%@*} dir=$out/app
    [[ $setup == *@* ]] && dir=${setup#*@}
    start "$mode" "$dir"
    ms=$(wait_ready "$port")
    stop
    probe=$out/probe.txt
    rm -f "$probe"
    start "$mode" "$dir" DOTNET_STARTUP_HOOKS="$out/probe/Tracing.Sdk.StartupProbe.dll" STARTUP_PROBE_OUT="$probe"
    wait_ready "$port" >/dev/null
    for _ in $(seq 200); do [[ -s $probe ]] && break; sleep 0.01; done
    stop
    value() { awk -v key="$1" '$1 == key { print $2 }' "$probe"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$setup" "$ms" "$(value methods)" "$(value jit_ms)" "$(value assemblies)" \
      "$(value cpu_ms)" "$(value allocated_kb)" >>"$tsv"
    log "run $run $setup: $ms ms, $(value methods) methods JIT-compiled ($(value jit_ms) ms), $(value assemblies) assemblies," \
      "$(value cpu_ms) ms CPU, $(value allocated_kb) KiB allocated"
  done
done

# Medians per setup, and the medians of the per-run differences from the first setup given (wall and CPU time).
awk -F'\t' -v base="${setups[0]}" '
  NR == 1 { next }
  {
    k = ++n[$2]; ms[$2, k] = $3; m[$2, k] = $4; j[$2, k] = $5; a[$2, k] = $6; c[$2, k] = $7; kb[$2, k] = $8
    wall[$1, $2] = $3; cpu[$1, $2] = $7; runs[$1] = 1
    if (!($2 in order)) order[$2] = ++count
  }
  function median(arr, key, size,   i, k, t, v) {
    for (i = 1; i <= size; i++) v[i] = arr[key, i] + 0
    for (i = 2; i <= size; i++) { t = v[i]; for (k = i - 1; k >= 1 && v[k] > t; k--) v[k + 1] = v[k]; v[k + 1] = t }
    return size % 2 ? v[(size + 1) / 2] : (v[size / 2] + v[size / 2 + 1]) / 2
  }
  END {
    printf "| setup | runs | startup ms | vs %s | CPU ms | CPU vs %s | JIT-compiled methods | JIT ms | assemblies | KiB allocated |\n", base, base
    print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for (s in order) list[order[s]] = s
    for (i = 1; i <= count; i++) {
      s = list[i]; d = 0
      for (r in runs) if ((r, s) in wall && (r, base) in wall) { d++; dw[s, d] = wall[r, s] - wall[r, base]; dc[s, d] = cpu[r, s] - cpu[r, base] }
      printf "| %s | %d | %d | %+d | %d | %+d | %d | %d | %d | %d |\n", s, n[s], median(ms, s, n[s]), median(dw, s, d), median(c, s, n[s]), median(dc, s, d), median(m, s, n[s]), median(j, s, n[s]), median(a, s, n[s]), median(kb, s, n[s])
    }
  }' "$tsv"
