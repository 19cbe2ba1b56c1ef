#!/usr/bin/env bash
# Load harness: what tracing costs a service, measured from outside. The app runs pinned to one core (taskset), wrk and
# the counting OTLP collector to the other, so the load generator never takes the app's CPU. Setups of the same
# app (LOAD_MODE: off, floor, bare, contrib, k8s) on three routes (/tasks/{id}: one span, /chain: three spans, /healthz: a
# probe), interleaved within each round with a fresh app process per run, so drift on a shared machine hits every
# setup alike. Each run: a warm-up, then a measured window over which it records wrk's req/s and p99, the app's CPU
# (utime + stime from /proc/<pid>/stat, so CPU per request does not depend on the load generator keeping up), peak
# RSS and the spans the collector received. Then N interleaved cold starts per setup: process start to the first 200.
# Writes benchmarks/load/results/latest.tsv (one line per run), latest-startup.tsv and latest.md (medians of per-round
# ratios) and prints the latter.
#
#   benchmarks/load/run.sh           # 7 rounds x 12 runs of 2 s + 3 s, 10 cold starts per setup: about 10 minutes
#   benchmarks/load/run.sh --quick   # 2 rounds of 1 s + 2 s, 3 cold starts: about 3 minutes, for trying the harness
#   options: --rounds N --duration S --warmup S --startups N --connections C --threads T
#            --app-cpu N --load-cpu N   (default 0 and 1)
#            --collector-trouble         also run AddK8sTracing with the collector down and slow (--slow-delay-ms MS)
#            --modes "k8s k8s-nostore" --routes "tasks chain"   a subset; k8s-nostore is AddK8sTracing without outage
#                                        storage (OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=disabled), to measure what storage costs
set -euo pipefail

rounds=7 duration=3 warmup=2 startups=10 connections=32 threads=1 app_cpu=0 load_cpu=1 trouble=false slow_delay_ms=250
command_line="benchmarks/load/run.sh${*:+ $*}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) rounds=2 duration=2 warmup=1 startups=3 ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --startups) startups=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    --app-cpu) app_cpu=$2; shift ;;
    --load-cpu) load_cpu=$2; shift ;;
    --collector-trouble) trouble=true ;;
    --slow-delay-ms) slow_delay_ms=$2; shift ;;
    --modes) read -r -a modes_option <<<"$2"; shift ;;
    --routes) read -r -a routes_option <<<"$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")" && pwd)
source "$here/harness-common.sh"
tsv=$results/latest.tsv
startup_tsv=$results/latest-startup.tsv
md=$results/latest.md

up_grpc=4317 up_http=4318 up_control=4319
slow_grpc=4327 slow_http=4328 slow_control=4329
down_grpc=4337 # nothing listens here: the collector is down

modes=(off floor bare contrib k8s)
routes=(tasks chain healthz)
[[ -n ${modes_option+x} ]] && modes=("${modes_option[@]}")
[[ -n ${routes_option+x} ]] && routes=("${routes_option[@]}")

ensure_tools() {
  command -v wrk >/dev/null && command -v curl >/dev/null && command -v taskset >/dev/null && return
  log "installing wrk, curl and taskset (util-linux)"
  local sudo=; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk curl util-linux >/dev/null
}

check_machine() {
  local cpus; cpus=$(nproc --all)
  if ((app_cpu >= cpus || load_cpu >= cpus || app_cpu == load_cpu)); then
    echo "need two distinct CPUs for the app (--app-cpu $app_cpu) and the load (--load-cpu $load_cpu); this machine has $cpus" >&2
    exit 2
  fi
  for port in $app_port $up_grpc $up_control $slow_grpc $slow_control $down_grpc; do
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      exec 3<&- 3>&-
      echo "port $port is already in use (another harness run?); stop it first" >&2
      exit 1
    fi
  done
}

start_app() { # mode otlp-grpc-port; sets app (pid) and start_ns
  local mode=$1 storage=()
  [[ $mode == k8s-nostore ]] && mode=k8s storage=(OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=disabled)
  # A fresh outage-storage directory per run: spans one run left stored must not arrive during the next.
  rm -rf "$out/storage"
  load_app_env "$mode" "$2"
  local -a env=("${storage[@]}" "${app_env[@]}")
  start_ns=$(date +%s%N)
  # env and taskset exec, so $! is the app's own pid: /proc/$app is the app.
  env "${env[@]}" taskset -c "$app_cpu" dotnet "$out/Tracing.Sdk.LoadApp/Tracing.Sdk.LoadApp.dll" >"$out/app.log" 2>&1 &
  app=$!
}

stop_app() {
  kill -TERM "$app"; wait "$app" || true # SIGTERM stops the host, which flushes the exporter
}

source "$here/wait-ready.sh"

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

cpu_ticks() { # pid -> utime + stime of the whole process, in clock ticks
  local stat fields
  stat=$(<"/proc/$1/stat")
  read -r -a fields <<<"${stat##*) }" # after "pid (comm) ": field 3 (state) is fields[0], utime (14) fields[11]
  echo $((fields[11] + fields[12]))
}

core_ticks() { # cpu -> "busy total" clock ticks of that core from /proc/stat, so others' use of the app's core shows
  awk -v cpu="cpu$1" '$1 == cpu { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

latency_ms() { # wrk latency text (e.g. 1.23ms, 850.00us, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

spans_per_request() { # mode route -> spans one request should export
  case "$1:$2" in
    off:* | floor:*) echo 0 ;;
    *:tasks) echo 1 ;;
    *:chain) echo 3 ;;
    bare:healthz) echo 1 ;; # native sources filter nothing: every probe is a span
    *:healthz) echo 0 ;;
  esac
}

run_one() { # round mode route collector
  local round=$1 mode=$2 route=$3 collector=$4 grpc control=
  case $collector in
    up) grpc=$up_grpc control=$up_control ;;
    slow) grpc=$slow_grpc control=$slow_control ;;
    down) grpc=$down_grpc ;;
  esac
  local before=0 bytes_before=0
  [[ -n $control ]] && read -r before bytes_before < <(collector_counts "$control")

  start_app "$mode" "$grpc"
  local startup_ms; startup_ms=$(wait_ready "$app_port")

  local url="http://127.0.0.1:$app_port${route_path[$route]}" warm measured
  warm=$(taskset -c "$load_cpu" wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url")
  local t0 c0 t1 c1 core0 core1
  t0=$(date +%s%N); core0=$(core_ticks "$app_cpu"); c0=$(cpu_ticks "$app")
  measured=$(taskset -c "$load_cpu" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")
  c1=$(cpu_ticks "$app"); core1=$(core_ticks "$app_cpu"); t1=$(date +%s%N)
  local hwm; hwm=$(status_kb "$app" VmHWM)
  stop_app

  local requests warm_requests rps p99 errors
  warm_requests=$(awk '/requests in/ { print $1 }' <<<"$warm")
  requests=$(awk '/requests in/ { print $1 }' <<<"$measured")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$measured")
  p99=$(latency_ms "$(awk '$1 == "99%" { print $2 }' <<<"$measured")")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print "socket" }' <<<"$measured" | paste -sd, -)
  local received=NA expected=$(((warm_requests + requests) * $(spans_per_request "$mode" "$route")))
  local bytes=NA spans_now bytes_now
  if [[ -n $control ]]; then
    read -r spans_now bytes_now < <(collector_counts "$control")
    received=$((spans_now - before)) bytes=$((bytes_now - bytes_before))
  fi
  local window_ms=$(((t1 - t0) / 1000000)) ticks=$((c1 - c0)) core_busy core_total
  core_busy=$((${core1% *} - ${core0% *})) core_total=$((${core1#* } - ${core0#* }))

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$route" "$collector" \
    "$rps" "$p99" "$requests" "${errors:-0}" "$window_ms" "$ticks" "$clk_tck" "$startup_ms" "$hwm" "$received" "$expected" \
    "$core_busy" "$core_total" "$bytes" >>"$tsv"
  log "round $round $mode ${route_path[$route]} collector=$collector: $rps req/s," \
    "$(awk -v t="$ticks" -v c="$clk_tck" -v r="$requests" 'BEGIN { printf "%.1f", t * 1e6 / c / r }') µs CPU/req," \
    "app core $(awk -v t="$ticks" -v c="$clk_tck" -v w="$window_ms" 'BEGIN { printf "%.0f", 100 * t / c * 1000 / w }')% busy" \
    "(others $(awk -v t="$ticks" -v b="$core_busy" -v n="$core_total" 'BEGIN { o = n ? 100 * (b - t) / n : 0; printf "%.0f", o < 0 ? 0 : o }')%)," \
    "p99 ${p99} ms, peak RSS $((hwm / 1024)) MiB, spans $received/$expected"
}

rotate() { # offset items... -> the items rotated left by offset
  local offset=$1; shift
  local -a items=("$@")
  local i
  for i in "${!items[@]}"; do printf '%s\n' "${items[$(((i + offset) % ${#items[@]}))]}"; done
}

ensure_tools
check_machine
publish_apps
clk_tck=$(getconf CLK_TCK)
# From here on the script itself (its polls and curls) stays off the app's core too.
taskset -cp "$load_cpu" $$ >/dev/null

start_collector $up_grpc $up_http $up_control 0
[[ $trouble == true ]] && start_collector $slow_grpc $slow_http $slow_control "$slow_delay_ms"

load_average_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

printf 'round\tmode\troute\tcollector\trps\tp99_ms\trequests\terrors\twindow_ms\tcpu_ticks\tclk_tck\tstartup_ms\tpeak_rss_kb\tspans_received\tspans_expected\tcore_busy_ticks\tcore_total_ticks\tbytes_received\n' >"$tsv"
for round in $(seq "$rounds"); do
  # Rotate routes and modes every round, so no setup always runs first (cold machine) or last.
  mapfile -t round_routes < <(rotate $((round - 1)) "${routes[@]}")
  mapfile -t round_modes < <(rotate $((round - 1)) "${modes[@]}")
  for route in "${round_routes[@]}"; do
    for mode in "${round_modes[@]}"; do run_one "$round" "$mode" "$route" up; done
    if [[ $trouble == true && $route != healthz ]]; then
      for mode in "${round_modes[@]}"; do
        [[ $mode == k8s* ]] || continue
        run_one "$round" "$mode" "$route" down
        run_one "$round" "$mode" "$route" slow
      done
    fi
  done
done

printf 'run\tmode\tstartup_ms\n' >"$startup_tsv"
for run in $(seq "$startups"); do
  mapfile -t run_modes < <(rotate $((run - 1)) "${modes[@]}")
  for mode in "${run_modes[@]}"; do
    start_app "$mode" $up_grpc
    ms=$(wait_ready "$app_port")
    stop_app
    printf '%s\t%s\t%s\n' "$run" "$mode" "$ms" >>"$startup_tsv"
    log "cold start $run $mode: $ms ms"
  done
done

elapsed=$(($(date +%s) - started))
load_average_after=$(cut -d' ' -f1-3 /proc/loadavg)
"$here/summarize.sh" "$tsv" "$startup_tsv" "$command_line" "$elapsed" "$load_average_before" "$load_average_after" >"$md"
cat "$md"
