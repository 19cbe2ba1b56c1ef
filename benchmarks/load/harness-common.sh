# Sourced by run.sh and instructions.sh, which set $here first (and $load_cpu before calling start_collector). Sets
# $out and $results, the routes' paths, the app's port and environment (load_app_env) and log(). publish_apps publishes the load app and the counting collector;
# start_collector starts a collector on the load core; collector_counts reads the spans it accepted and the bytes of the
# export requests' bodies; every process started through $pids is stopped when the script exits.
out=$here/.out
results=$here/results
mkdir -p "$out" "$results"
declare -A route_path=([tasks]=/tasks/42 [chain]=/chain [healthz]=/healthz)
app_port=5080

# load_app_env MODE OTLP_GRPC_PORT sets app_env, the load app's environment in every harness: the setup, where it
# listens (and calls itself for /chain), the collector it exports to, its outage-storage directory, logging at Warning.
load_app_env() {
  app_env=(OTEL_DOTNET_EXPERIMENTAL_OTLP_DISK_RETRY_DIRECTORY_PATH="$out/storage" LOAD_MODE="$1"
    ASPNETCORE_URLS="http://127.0.0.1:$app_port" LOAD_SELF_URL="http://127.0.0.1:$app_port"
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$2" Logging__LogLevel__Default=Warning)
}

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

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

collector_counts() { # control port -> "spans bytes": accepted spans, bytes of the export requests' bodies
  # One line, newline-terminated, for read (the stats body has no final newline).
  printf '%s\n' "$(curl -sf "http://127.0.0.1:$1/stats" | sed -E 's/.*"spans":([0-9]+).*"bytes":([0-9]+).*/\1 \2/')"
}
