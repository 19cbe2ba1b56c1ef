#!/usr/bin/env bash
# The load harness's CPU per request, counted in instructions: each setup of the load app (LOAD_MODE) runs under
# valgrind's callgrind on one core, served by Kestrel over real sockets as in run.sh, with wrk and the counting OTLP
# collector on the other core. After a warm-up the counters are zeroed, wrk runs the measured window, the counters are
# dumped, and instructions / requests is what one request costs the app, its export thread, Kestrel and the GC included.
# On a shared machine req/s and CPU time can scatter by a quarter between identical runs; on the probe route these
# counts repeat to about 1 %. They do not see cache misses or waits: read them beside run.sh, not instead of it.
#
# On the traced routes, count with --export discard: the exporter's calls to the collector, slowed some fifty times
# under valgrind, throw in some runs and not in others (a dump of such a run spent its time in exception unwinding
# under the exporter's call), and the counts then describe that (the same setup read 70 000 and 171 000 instructions a
# request). --export discard (LOAD_EXPORT=discard) gives every setup the same batch processor in front of an exporter
# that drops each batch: the spans are made, processed and batched as shipped, but not serialized or sent, so those
# counts leave out the export's own work, which run.sh does include.
#
# Every setup runs alike: tiered compilation off (each method compiled once, fully optimized, or its ReadyToRun code
# kept, so no compilation lands in the window), the thread pool's idle spinning off, Kestrel's heartbeat warnings
# (valgrind is slow) not logged, so what is counted is work, not time; and AVX-512 off, which valgrind cannot run. The
# spans the collector received are recorded beside each count, to check that the exporter kept up.
#
#   benchmarks/load/instructions.sh [--modes "off floor bare contrib k8s"] [--routes "healthz tasks chain"]
#       [--warmup S] [--duration S] [--connections C] [--app-cpu N] [--load-cpu N] [--no-publish] [--keep DIR]
#       [--export otlp|discard]
# --keep DIR also names every method: ReadyToRun off and the runtime's perf map on (so its totals differ from a plain
# run's), and leaves DIR/<mode>-<route>.callgrind, .map and .requests for benchmarks/callgrind-methods.py.
# Writes benchmarks/load/results/latest-instructions.tsv and prints a table. About 80 s per setup and route (--keep:
# about 4 minutes).
set -euo pipefail

warmup=10 duration=20 connections=8 app_cpu=0 load_cpu=1 keep= publish=true export=otlp
modes=(off floor bare contrib k8s)
routes=(healthz)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --modes) read -r -a modes <<<"$2"; shift ;;
    --routes) read -r -a routes <<<"$2"; shift ;;
    --warmup) warmup=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --app-cpu) app_cpu=$2; shift ;;
    --load-cpu) load_cpu=$2; shift ;;
    --keep) keep=$2; shift ;;
    --export) export=$2; shift ;;
    --no-publish) publish=false ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

here=$(cd "$(dirname "$0")" && pwd)
source "$here/harness-common.sh"
tsv=$results/latest-instructions.tsv
grpc=4317 http=4318 control=4319

for tool in valgrind callgrind_control wrk curl taskset; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install valgrind wrk curl util-linux)" >&2; exit 2; }
done

[[ $publish == true ]] && publish_apps
taskset -cp "$load_cpu" $$ >/dev/null
start_collector $grpc $http $control 0
source "$here/wait-ready.sh"
# Under valgrind (and more so with --keep, which compiles every method at start) an app takes minutes to answer.
WAIT_READY_TRIES=100000

printf 'mode\troute\trequests\tinstructions\tinstructions_per_request\tspans_received\tfailed\n' >"$tsv"
for route in "${routes[@]}"; do
  for mode in "${modes[@]}"; do
    rm -rf "$out/storage" "$out"/callgrind.*
    start_ns=$(date +%s%N)
    load_app_env "$mode" $grpc
    env "${app_env[@]}" LOAD_EXPORT="$export" \
      DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_TieredCompilation=0 DOTNET_EnableAVX512F=0 Logging__LogLevel__Microsoft.AspNetCore.Server.Kestrel=Error \
      ${keep:+DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0} \
      taskset -c "$app_cpu" valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.%p" \
      dotnet "$out/Tracing.Sdk.LoadApp/Tracing.Sdk.LoadApp.dll" >"$out/app.log" 2>&1 &
    app=$!
    read -r before _ < <(collector_counts $control)
    wait_ready "$app_port" >/dev/null
    url="http://127.0.0.1:$app_port${route_path[$route]}"
    # wrk's default 2 s timeout is shorter than a slowed /chain can take; a request it gives up on is cancelled in the
    # app, and the count then describes the cancellation's exception.
    wrk -t1 -c"$connections" -d"${warmup}s" --timeout 120s "$url" >/dev/null
    callgrind_control -z "$app" >/dev/null 2>&1
    measured=$(wrk -t1 -c"$connections" -d"${duration}s" --timeout 120s "$url")
    callgrind_control -d "$app" >/dev/null 2>&1
    kill -TERM "$app"; wait "$app" || true
    requests=$(awk '/requests in/ { print $1 }' <<<"$measured")
    # Failed or non-2xx requests make the count about the failure (an exception's stack trace is costly): say so.
    failed=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } /Non-2xx/ { n += $NF } END { print n + 0 }' <<<"$measured")
    ((failed == 0)) || log "$mode ${route_path[$route]}: $failed requests failed or timed out in the window; this count is not about the request path"
    # The exporter must have kept up: spans lost or retried would make the count about the failure, not the request.
    read -r spans_now _ < <(collector_counts $control)
    spans=$((spans_now - before))
    # Part 1 is the dump taken at the end of the window (counted from the zeroing); the exit writes part 2.
    dump=$(ls -v "$out"/callgrind.*.* 2>/dev/null | head -1)
    instructions=$(awk '/^(summary|totals):/ { print $2; exit }' "$dump")
    per=$((instructions / requests))
    if [[ -n $keep ]]; then
      mkdir -p "$keep"; cp "$dump" "$keep/$mode-$route.callgrind"; cp "/tmp/perf-$app.map" "$keep/$mode-$route.map"; echo "$requests" >"$keep/$mode-$route.requests"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$route" "$requests" "$instructions" "$per" "$spans" "$failed" >>"$tsv"
    log "$mode ${route_path[$route]}: $requests requests, $per instructions/request, $spans spans received (warm-up and window)"
  done
done

awk -F'\t' 'NR > 1 { per[$1, $2] = $5 }
  END {
    print "| route | setup | instructions/request | off/setup | contrib/setup |"
    print "| --- | --- | ---: | ---: | ---: |"
    n = split("tasks chain healthz", r, " "); m = split("off floor bare contrib k8s", s, " ")
    for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) {
      if (!((s[j], r[i]) in per)) continue
      v = per[s[j], r[i]]
      off = ((("off", r[i]) in per) ? sprintf("%.3f", per["off", r[i]] / v) : "—")
      con = ((("contrib", r[i]) in per) ? sprintf("%.3f", per["contrib", r[i]] / v) : "—")
      printf "| %s | %s | %d | %s | %s |\n", r[i], s[j], v, off, con
    }
  }' "$tsv"
