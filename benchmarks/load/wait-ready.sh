# Sourced by run.sh, startup.sh and instructions.sh. wait_ready PORT: prints the milliseconds since $start_ns until the
# app ($app, its log in $out/app.log) answered GET /healthz with 200 on 127.0.0.1:PORT. Bash's /dev/tcp keeps the poll
# free of curl spawns, so startup is timed to within a few milliseconds. It gives up after $WAIT_READY_TRIES polls
# (default 20000, about two minutes).
wait_ready() {
  local port="$1" line
  for _ in $(seq "${WAIT_READY_TRIES:-20000}"); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
      IFS= read -r -t 5 line <&3 || line=
      exec 3<&- 3>&-
      if [[ $line == *" 200 "* ]]; then
        echo $((($(date +%s%N) - start_ns) / 1000000))
        return
      fi
    fi
    kill -0 "$app" 2>/dev/null || { echo "app exited:" >&2; cat "$out/app.log" >&2; return 1; }
    sleep 0.005
  done
  echo "app did not become ready" >&2; return 1
}
