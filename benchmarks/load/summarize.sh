#!/usr/bin/env bash
# Turns the harness's per-run lines into markdown: per route, medians of per-round ratios (runs of one round are
# seconds apart, so a ratio within a round survives drift on a shared machine that absolute figures do not), with the
# range of those ratios beside them, and app CPU per request over tracing off.
# Usage: summarize.sh latest.tsv latest-startup.tsv "command line" elapsed_s "load average before" "load average after"
set -euo pipefail
tsv=$1 startup_tsv=$2 command_line=$3 elapsed=$4 load_before=$5 load_after=$6

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
rounds=$(awk -F'\t' 'NR > 1 { r[$1] = 1 } END { print length(r) }' "$tsv")
startups=$(awk -F'\t' 'NR > 1 { r[$1] = 1 } END { print length(r) }' "$startup_tsv")
cat <<HEAD
# Load results

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc --all) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr), .NET $(dotnet --version) SDK; load average $load_before before, $load_after after.
- Command: \`$command_line\` ($rounds rounds, $startups cold starts per setup; $elapsed s of runs).
- The app pinned to one core, wrk, the collector and the script to the other (\`taskset\`). Each run: a fresh app process, a warm-up wrk run, then the measured wrk run; app CPU is utime + stime from \`/proc/<pid>/stat\` over exactly the measured window; peak RSS is VmHWM; SIGTERM (which flushes), then the spans the collector received.
- Setups: \`off\` no tracing; \`floor\` the SDK listening with a sampler that drops everything (what any setup pays on an untraced request); \`bare\` the OpenTelemetry SDK on .NET's native sources (no route, status or span name); \`contrib\` the contrib instrumentation in the Aspire ServiceDefaults shape (probe \`Filter\`); \`k8s\` \`builder.AddK8sTracing()\`.
- "App core: app / others" is the share of the app's core the app used over the measured window, and the share other processes took from it (\`/proc/stat\`): req/s is only comparable when the app had its core to itself (others near 0 %, app near 100 %); CPU per request holds up better when it did not.
- Ratios are medians of per-round ratios, (min–max) over the rounds. CPU ratios are the other setup's CPU per request over ours, so above 1 means cheaper, like a req/s ratio above 1.

HEAD

awk -F'\t' -v startup_tsv="$startup_tsv" '
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lowest(list,    n, a, i, m) { n = split(list, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 < m) m = a[i] + 0; return m }
function highest(list,    n, a, i, m) { n = split(list, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0; return m }
function k(m, r, c) { return m SUBSEP r SUBSEP c }
# Per-round values of what ("rps", "cpu", "hwm") for a over b: a/b for rps and hwm, b/a for cpu (so > 1 is cheaper);
# "over" gives a - b in µs of CPU per request.
function per_round(what, a, b,    r, list, x, y) {
  list = ""
  for (r in rounds) if ((r, a) in rps && (r, b) in rps) {
    if (what == "rps") { x = rps[r, a]; y = rps[r, b] }
    else if (what == "hwm") { x = hwm[r, a]; y = hwm[r, b] }
    else if (what == "cpu") { x = cpu[r, b]; y = cpu[r, a] }
    else { list = list " " (cpu[r, a] - cpu[r, b]); continue }
    if (y > 0) list = list " " x / y
  }
  return list
}
function ratio(what, a, b) { return fmt_ratio(per_round(what, a, b)) }
function fmt_ratio(list) {
  if (list == "") return "—"
  return split(list, tmp, " ") == 1 ? sprintf("%.3f", list) : sprintf("%.3f (%.3f–%.3f)", median(list), lowest(list), highest(list))
}
function over_off(m, r,    list) {
  list = per_round("over", k(m, r, "up"), k("off", r, "up"))
  return list == "" ? "—" : sprintf("%+.1f", median(list))
}
NR == 1 { next }
{
  key = k($2, $3, $4); keys[key] = 1; rounds[$1] = 1
  requests = $7 > 0 ? $7 : 1
  rps[$1, key] = $5; cpu[$1, key] = $10 * 1e6 / $11 / requests; hwm[$1, key] = $13
  values["rps" SUBSEP key] = values["rps" SUBSEP key] " " $5
  values["cpu" SUBSEP key] = values["cpu" SUBSEP key] " " cpu[$1, key]
  values["busy" SUBSEP key] = values["busy" SUBSEP key] " " 100 * $10 / $11 * 1000 / $9
  values["p99" SUBSEP key] = values["p99" SUBSEP key] " " $6
  other = $17 > 0 ? 100 * ($16 - $10) / $17 : 0
  values["other" SUBSEP key] = values["other" SUBSEP key] " " (other < 0 ? 0 : other)
  values["hwm" SUBSEP key] = values["hwm" SUBSEP key] " " $13 / 1024
  if ($14 != "NA") { received[key] += $14; expected[key] += $15 }
  if ($18 ~ /^[0-9]+$/ && $14 != "NA") { bytes[key] += $18; bytes_spans[key] += $14 }
  if ($8 != "0") errors[key] = errors[key] " " $8
}
END {
  split("tasks chain healthz", routes, " "); nmodes = split("off floor bare contrib k8s", modes, " ")
  name["tasks"] = "one span (`GET /tasks/{id}`)"; name["chain"] = "three spans (`GET /chain`: server → HttpClient → server)"
  name["healthz"] = "health probe (`GET /healthz`)"

  print "## AddK8sTracing against the contrib-instrumented and the bare SDK\n"
  print "| route | req/s k8s/contrib | CPU/req contrib/k8s | req/s k8s/bare | CPU/req bare/k8s | app CPU µs/request over off: k8s / contrib / bare |"
  print "| --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= 3; i++) {
    r = routes[i]; kk = k("k8s", r, "up"); kc = k("contrib", r, "up"); kb = k("bare", r, "up")
    printf "| %s | %s | %s | %s | %s | %s / %s / %s |\n", name[r], ratio("rps", kk, kc), ratio("cpu", kk, kc), \
      ratio("rps", kk, kb), ratio("cpu", kk, kb), over_off("k8s", r), over_off("contrib", r), over_off("bare", r)
  }

  print "\n## Against tracing off (the probe row: what a probe costs)\n"
  print "| route | setup | req/s vs off | CPU/req off/setup | app CPU µs/request over off |"
  print "| --- | --- | --- | --- | ---: |"
  for (i = 1; i <= 3; i++) for (j = 2; j <= nmodes; j++) {
    r = routes[i]; key = k(modes[j], r, "up"); if (!(key in keys)) continue
    printf "| %s | %s | %s | %s | %s |\n", name[r], modes[j], ratio("rps", key, k("off", r, "up")), ratio("cpu", key, k("off", r, "up")), over_off(modes[j], r)
  }

  print "\n## Peak RSS (VmHWM)\n"
  print "| route | k8s/contrib | k8s/bare | k8s/off |"
  print "| --- | --- | --- | --- |"
  for (i = 1; i <= 3; i++) {
    r = routes[i]; kk = k("k8s", r, "up")
    printf "| %s | %s | %s | %s |\n", name[r], ratio("hwm", kk, k("contrib", r, "up")), ratio("hwm", kk, k("bare", r, "up")), ratio("hwm", kk, k("off", r, "up"))
  }

  print "\n## Per setup (medians over the rounds)\n"
  print "| route | setup | req/s | app CPU µs/request | app core: app / others | p99 ms | peak RSS MiB | spans received / expected | export bytes/span |"
  print "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
  for (i = 1; i <= 3; i++) for (j = 1; j <= nmodes; j++) {
    r = routes[i]; key = k(modes[j], r, "up"); if (!(key in keys)) continue
    spans = expected[key] == 0 ? sprintf("%d / 0", received[key]) : sprintf("%d / %d (%.1f%%)", received[key], expected[key], 100 * received[key] / expected[key])
    per_span = bytes_spans[key] > 0 ? sprintf("%.0f", bytes[key] / bytes_spans[key]) : "—"
    printf "| %s | %s | %.0f | %.1f | %.0f%% / %.0f%% | %.2f | %.0f | %s%s | %s |\n", name[r], modes[j], median(values["rps" SUBSEP key]), \
      median(values["cpu" SUBSEP key]), median(values["busy" SUBSEP key]), median(values["other" SUBSEP key]), median(values["p99" SUBSEP key]), \
      median(values["hwm" SUBSEP key]), spans, errors[key] == "" ? "" : " errors:" errors[key], per_span
  }

  split("down slow", collectors, " ")
  for (i = 1; i <= 2; i++) for (c = 1; c <= 2; c++) if (k("k8s", routes[i], collectors[c]) in keys) trouble = 1
  if (trouble) {
    print "\n## Collector trouble (AddK8sTracing)\n"
    print "| route | collector | req/s | req/s vs up | p99 ms | peak RSS MiB | spans received / expected |"
    print "| --- | --- | ---: | --- | ---: | ---: | --- |"
    for (i = 1; i <= 2; i++) for (c = 1; c <= 2; c++) {
      r = routes[i]; key = k("k8s", r, collectors[c]); if (!(key in keys)) continue
      spans = collectors[c] == "down" ? "— (nothing listening)" : sprintf("%d / %d", received[key], expected[key])
      printf "| %s | %s | %.0f | %s | %.2f | %.0f | %s |\n", name[r], collectors[c], median(values["rps" SUBSEP key]), \
        ratio("rps", key, k("k8s", r, "up")), median(values["p99" SUBSEP key]), median(values["hwm" SUBSEP key]), spans
    }
  }

  while ((getline line < startup_tsv) > 0) {
    if (++n == 1) continue
    split(line, f, "\t"); start[f[1], f[2]] = f[3]; runs[f[1]] = 1
    starts[f[2]] = starts[f[2]] " " f[3]
  }
  print "\n## Startup: process start to the first `/healthz` 200 (interleaved cold starts, app on one core)\n"
  print "| setup | median ms | runs | vs off ms (median of per-run differences) |"
  print "| --- | ---: | ---: | ---: |"
  for (j = 1; j <= nmodes; j++) {
    m = modes[j]; list = starts[m]; if (list == "") continue
    diffs = ""; for (r in runs) if ((r, m) in start && (r, "off") in start) diffs = diffs " " (start[r, m] - start[r, "off"])
    printf "| %s | %.0f | %d | %+.0f |\n", m, median(list), split(list, tmp, " "), median(diffs)
  }
}' "$tsv"
