#!/usr/bin/env bash
# Load harness: what tracing costs a service. Builds the load app and a counting OTLP collector, then drives the app
# with wrk on loopback in three modes (off / plain OpenTelemetry / AddK8sTracing) and with the collector up, down and
# slow, interleaving every scenario within each round so drift on a shared machine hits all modes alike.
# Writes benchmarks/load/results/latest.tsv (one line per run) and latest.md (medians and ratios) and prints the latter.
#
#   benchmarks/load/run.sh            # default: 3 rounds, 6 s measured per run (about 10 minutes)
#   benchmarks/load/run.sh --quick    # 1 round, 3 s per run (about 3 minutes), for trying the harness
#   options: --rounds N --duration S --warmup S --connections C --threads T --slow-delay-ms MS
set -euo pipefail

rounds=3 duration=6 warmup=2 connections=32 threads=2 slow_delay_ms=250
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) rounds=1 duration=3 warmup=1 ;;
    --rounds) rounds=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    --slow-delay-ms) slow_delay_ms=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$here/.out
results=$here/results
mkdir -p "$out" "$results"
tsv=$results/latest.tsv
md=$results/latest.md

app_port=5080
up_grpc=4317 up_http=4318 up_control=4319
slow_grpc=4327 slow_http=4328 slow_control=4329
down_grpc=4337 # nothing listens here: the collector is down

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

ensure_tools() {
  command -v wrk >/dev/null && command -v curl >/dev/null && return
  log "installing wrk and curl"
  local sudo=; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk curl >/dev/null
}

build() {
  log "publishing the load app and the collector (Release)"
  for project in Tracing.Sdk.LoadApp Tracing.Sdk.LoadCollector; do
    dotnet publish "$here/$project" -c Release -o "$out/$project" --nologo -v quiet >/dev/null
  done
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

start_collector() { # grpc http control delay
  dotnet "$out/Tracing.Sdk.LoadCollector/Tracing.Sdk.LoadCollector.dll" \
    --grpc-port "$1" --http-port "$2" --control-port "$3" --delay-ms "$4" >"$out/collector-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$3/stats" >/dev/null && return; sleep 0.05; done
  log "collector on $1 did not start"; cat "$out/collector-$1.log" >&2; exit 1
}

spans_received() { # control port -> accepted span count
  curl -sf "http://127.0.0.1:$1/stats" | sed -E 's/.*"spans":([0-9]+).*/\1/'
}

# Bash's /dev/tcp keeps the poll free of curl spawns, so startup is timed to within a few milliseconds.
wait_ready() { # -> milliseconds since $start_ns until /healthz answered 200
  local line
  for _ in $(seq 20000); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$app_port"; } 2>/dev/null; then
      printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
      IFS= read -r -t 5 line <&3 || line=
      exec 3<&- 3>&-
      if [[ $line == *" 200 "* ]]; then
        echo $((($(date +%s%N) - start_ns) / 1000000))
        return
      fi
    fi
    sleep 0.005
  done
  echo "app did not become ready" >&2; return 1
}

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

latency_ms() { # wrk latency text (e.g. 1.23ms, 850.00us, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

spans_per_request() { # mode endpoint -> spans one request should export
  case "$1:$2" in
    off:*) echo 0 ;;
    *:trivial) echo 1 ;;
    *:chain) echo 3 ;;
    plain:healthz) echo 1 ;; # a hand-written setup exports every probe
    k8s:healthz) echo 0 ;;
  esac
}

run_one() { # round mode endpoint collector
  local round=$1 mode=$2 endpoint=$3 collector=$4 grpc control=
  case $collector in
    up) grpc=$up_grpc control=$up_control ;;
    slow) grpc=$slow_grpc control=$slow_control ;;
    down) grpc=$down_grpc ;;
  esac
  local before=0; [[ -n $control ]] && before=$(spans_received "$control")

  local -a env=(LOAD_MODE="$mode" ASPNETCORE_URLS="http://127.0.0.1:$app_port" LOAD_SELF_URL="http://127.0.0.1:$app_port"
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$grpc" Logging__LogLevel__Default=Warning)
  [[ $mode == off ]] && env+=(OTEL_SDK_DISABLED=true)

  start_ns=$(date +%s%N)
  env "${env[@]}" dotnet "$out/Tracing.Sdk.LoadApp/Tracing.Sdk.LoadApp.dll" >"$out/app.log" 2>&1 &
  local app=$!
  local startup_ms; startup_ms=$(wait_ready)

  local url="http://127.0.0.1:$app_port/$endpoint" warm measured
  warm=$(wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url")
  local rss_start; rss_start=$(status_kb "$app" VmRSS)
  measured=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")
  local rss_end hwm; rss_end=$(status_kb "$app" VmRSS); hwm=$(status_kb "$app" VmHWM)

  kill -TERM "$app"; wait "$app" || true

  local requests warm_requests rps p99 errors
  warm_requests=$(awk '/requests in/ { print $1 }' <<<"$warm")
  requests=$(awk '/requests in/ { print $1 }' <<<"$measured")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$measured")
  p99=$(latency_ms "$(awk '$1 == "99%" { print $2 }' <<<"$measured")")
  errors=$(awk '/Non-2xx/ { print $NF } /Socket errors/ { print "socket" }' <<<"$measured" | paste -sd, -)
  local received=NA expected=$(((warm_requests + requests) * $(spans_per_request "$mode" "$endpoint")))
  [[ -n $control ]] && received=$(($(spans_received "$control") - before))

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$endpoint" "$collector" \
    "$rps" "$p99" "$requests" "${errors:-0}" "$startup_ms" "$rss_start" "$rss_end" "$hwm" "$received" "$expected" >>"$tsv"
  log "round $round $mode /$endpoint collector=$collector: $rps req/s, p99 ${p99} ms, startup ${startup_ms} ms, peak RSS $((hwm / 1024)) MiB, spans $received/$expected"
}

ensure_tools
build
start_collector $up_grpc $up_http $up_control 0
start_collector $slow_grpc $slow_http $slow_control "$slow_delay_ms"

scenarios=()
for endpoint in trivial chain healthz; do
  for mode in off plain k8s; do scenarios+=("$mode $endpoint up"); done
done
scenarios+=("k8s trivial down" "k8s trivial slow" "k8s chain down" "k8s chain slow")

printf 'round\tmode\tendpoint\tcollector\trps\tp99_ms\trequests\terrors\tstartup_ms\trss_start_kb\trss_end_kb\tpeak_rss_kb\tspans_received\tspans_expected\n' >"$tsv"
started=$(date +%s)
for round in $(seq "$rounds"); do
  # Rotate the order each round so no scenario always runs first (cold machine) or last.
  count=${#scenarios[@]}
  for i in $(seq 0 $((count - 1))); do
    read -r mode endpoint collector <<<"${scenarios[$(((i + (round - 1) * 5) % count))]}"
    run_one "$round" "$mode" "$endpoint" "$collector"
  done
done
elapsed=$(($(date +%s) - started))

"$here/summarize.sh" "$tsv" "$rounds" "$duration" "$connections" "$threads" "$slow_delay_ms" "$elapsed" >"$md"
cat "$md"
