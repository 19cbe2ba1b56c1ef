# Sourced by run.sh and instructions.sh, which set $here, $out, $load_cpu and log() first. publish_apps publishes the
# load app and the counting collector; start_collector starts a collector on the load core; spans_received reads its
# count and bytes_received the export request bodies' bytes; every process started through $pids is stopped when the script exits.
publish_apps() {
  log "publishing the load app and the collector (Release)"
  for project in Tracing.Sdk.LoadApp Tracing.Sdk.LoadCollector; do
    dotnet publish "$here/$project" -c Release -o "$out/$project" --nologo -v quiet >/dev/null
  done
}

pids=()
stop_started() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_started EXIT

start_collector() { # grpc http control delay
  taskset -c "$load_cpu" dotnet "$out/Tracing.Sdk.LoadCollector/Tracing.Sdk.LoadCollector.dll" \
    --grpc-port "$1" --http-port "$2" --control-port "$3" --delay-ms "$4" >"$out/collector-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$3/stats" >/dev/null && return; sleep 0.05; done
  log "collector on $1 did not start"; cat "$out/collector-$1.log" >&2; exit 1
}

spans_received() { # control port -> accepted span count
  curl -sf "http://127.0.0.1:$1/stats" | sed -E 's/.*"spans":([0-9]+).*/\1/'
}

bytes_received() { # control port -> bytes of the export requests' bodies
  curl -sf "http://127.0.0.1:$1/stats" | sed -E 's/.*"bytes":([0-9]+).*/\1/'
}
