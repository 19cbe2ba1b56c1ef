#!/usr/bin/env bash
# The task-service demo, in one command, on a fresh clone (needs only the .NET SDK, Node.js with npm, and curl):
#   ./scripts/demo.sh
# It builds the sample, installs dynalite (a DynamoDB-compatible server) into .tools/ if missing, starts dynalite and
# the task-service, drives a short scenario, prints the trace each request produced, and stops everything it started.
# With OTEL_EXPORTER_OTLP_ENDPOINT set, the traces go to that collector (for example Jaeger on :4317) instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/task-service-demo.XXXXXX")"
app_out="$work/traces.txt"
app_err="$work/app.log"
dynalite_log="$work/dynalite.log"
dynalite_pid=""
app_pid=""

if [[ -t 1 ]]; then
  bold=$'\e[1m'; dim=$'\e[2m'; green=$'\e[32m'; red=$'\e[31m'; cyan=$'\e[36m'; reset=$'\e[0m'
else
  bold=""; dim=""; green=""; red=""; cyan=""; reset=""
fi

say()  { printf '%s\n' "$*"; }
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
fail() { printf '%sdemo: %s%s\n' "$red" "$*" "$reset" >&2; exit 1; }

stop_pid() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  stop_pid "$app_pid"
  stop_pid "$dynalite_pid"
  if [[ $status -ne 0 && -s "$app_err" ]]; then
    printf '\n%s--- task-service log (last 30 lines) ---%s\n' "$dim" "$reset" >&2
    tail -n 30 "$app_err" >&2 || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in dotnet node npm curl; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is required but was not found on PATH."
done

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

wait_for() { # wait_for <seconds> <command...>
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# Prints the traces the app wrote since the last call (the console exporter prints a trace once its root ended).
printed=0
show_traces() { # show_traces <expected traces>
  local expected="$1" deadline=$((SECONDS + 5)) count
  if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
    say "   ${dim}(traces sent to $OTEL_EXPORTER_OTLP_ENDPOINT)${reset}"
    return
  fi
  if [[ "$expected" -eq 0 ]]; then
    sleep 1
  else
    while :; do
      count=$(tail -c +$((printed + 1)) "$app_out" | grep -c '^trace ' || true)
      (( count >= expected || SECONDS >= deadline )) && break
      sleep 0.1
    done
    sleep 0.2
  fi
  local size
  size=$(wc -c < "$app_out")
  if (( size > printed )); then
    tail -c +$((printed + 1)) "$app_out" | head -c $((size - printed)) | sed "s/^trace /${cyan}trace /; s/\$/${reset}/; s/  ERROR/  ${red}ERROR${reset}/" | sed 's/^/   /'
  else
    say "   ${dim}(no trace)${reset}"
  fi
  printed=$size
}

# request <description> <expected traces> <curl args...>
request() {
  local description="$1" expected="$2"; shift 2
  step "$description"
  local body status
  body=$(curl -sS -o "$work/body" -w '%{http_code}' "$@") || fail "curl $* failed"
  status="$body"
  local color="$green"; [[ "$status" -ge 400 ]] && color="$red"
  local shown="curl" arg
  for arg in "$@"; do
    if [[ "$arg" =~ [[:space:]\"{] ]]; then shown+=" '$arg'"; else shown+=" $arg"; fi
  done
  say "   ${dim}${shown}${reset}"
  say "   ${color}HTTP $status${reset} $(head -c 300 "$work/body")"
  show_traces "$expected"
}

cd "$root"
start=$SECONDS

step "Building the task-service (samples/TaskService)"
dotnet build samples/TaskService/TaskService.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "the build failed."; }
app_dll="$root/samples/TaskService/bin/Release/net10.0/TaskService.dll"
[[ -f "$app_dll" ]] || fail "the build did not produce $app_dll."
say "   built $app_dll"

step "Starting dynalite, a DynamoDB-compatible server (installed into .tools/ on first run)"
dynalite_bin="$("$root/scripts/ensure-dynalite.sh")"
dynalite_port="$(free_port)"
"$dynalite_bin" --host 127.0.0.1 --port "$dynalite_port" --createTableMs 50 --deleteTableMs 50 --updateTableMs 50 >"$dynalite_log" 2>&1 &
dynalite_pid=$!
wait_for 20 grep -qi 'listening' "$dynalite_log" || { cat "$dynalite_log" >&2; fail "dynalite did not start."; }
say "   dynalite on http://127.0.0.1:$dynalite_port"

step "Starting the task-service with builder.AddK8sTracing(o => o.AddAwsSdk())"
app_port="$(free_port)"
base="http://127.0.0.1:$app_port"
exporter_env=(OTEL_TRACES_EXPORTER=console)
if [[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]]; then
  exporter_env=(OTEL_TRACES_EXPORTER=otlp)
  say "   exporting over OTLP to $OTEL_EXPORTER_OTLP_ENDPOINT"
fi
env "${exporter_env[@]}" \
  OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-task-service}" \
  OTEL_BSP_SCHEDULE_DELAY=100 \
  AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$dynalite_port" \
  AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true \
  Tasks__TableName=tasks \
  ASPNETCORE_ENVIRONMENT=Development \
  Logging__Console__LogToStandardErrorThreshold=Trace \
  Logging__LogLevel__Default=Warning \
  dotnet "$app_dll" --urls "$base" >"$app_out" 2>"$app_err" &
app_pid=$!
wait_for 30 curl -sf "$base/health/liveness" || fail "the task-service did not start."
wait_for 30 curl -sf "$base/health/readiness" || fail "the task-service did not become ready (is dynalite up?)."
say "   task-service on $base"
say "   Creating the table at startup is a trace of its own. Its first DescribeTable is an ERROR on purpose:"
say "   the table did not exist yet (ResourceNotFoundException), so CreateTable follows."
show_traces 1

request "Create a task (POST /tasks)" 1 -X POST "$base/tasks" -H 'Content-Type: application/json' -d '{"title":"Try Tracing.Sdk"}'
id="$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$work/body")"
[[ -n "$id" ]] || fail "no task id in the response."

request "List the tasks (GET /tasks)" 1 "$base/tasks"
request "Get the task (GET /tasks/{id})" 1 "$base/tasks/$id"
request "Mark it done (PUT /tasks/{id})" 1 -X PUT "$base/tasks/$id" -H 'Content-Type: application/json' -d '{"title":"Try Tracing.Sdk","done":true}'
request "Delete it (DELETE /tasks/{id})" 1 -X DELETE "$base/tasks/$id"
request "An invalid request: 400 problem details, no DynamoDB call (POST /tasks with an empty title)" 1 \
  -X POST "$base/tasks" -H 'Content-Type: application/json' -d '{"title":""}'

step "Health probes (GET /health/liveness, /health/readiness x2): filtered, so no traces"
for path in /health/liveness /health/readiness /health/readiness; do
  say "   ${dim}curl $base$path${reset} -> HTTP $(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
done
show_traces 0

step "Stopping dynalite: DynamoDB is now unreachable"
stop_pid "$dynalite_pid"; dynalite_pid=""
request "Create a task while DynamoDB is down: 503, and the spans are marked ERROR" 1 \
  -X POST "$base/tasks" -H 'Content-Type: application/json' -d '{"title":"Not lost silently"}'

step "Stopping the task-service (SIGTERM: it flushes its spans on the way out) and cleaning up"
stop_pid "$app_pid"; app_pid=""

printf '\n%sDone in %ss.%s Read samples/README.md to run it yourself, or on Kubernetes with a sidecar collector and Jaeger.\n' \
  "$bold" "$((SECONDS - start))" "$reset"
