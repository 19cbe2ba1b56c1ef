#!/usr/bin/env bash
# Turns the harness's per-run lines into medians and ratios (markdown). Ratios are taken per round between runs made
# minutes apart, then the median of those is reported, which is what survives a noisy shared machine.
# Usage: summarize.sh latest.tsv rounds duration connections threads slow_delay_ms elapsed_s
set -euo pipefail
tsv=$1 rounds=$2 duration=$3 connections=$4 threads=$5 slow_delay_ms=$6 elapsed=$7

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cat <<HEAD
# Load results

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr), .NET $(dotnet --version) SDK; shared with other work.
- Command: \`benchmarks/load/run.sh --rounds $rounds --duration $duration --connections $connections --threads $threads --slow-delay-ms $slow_delay_ms\` ($elapsed s of runs).
- Each run: a fresh app process, time to first \`/healthz\` 200, a warm-up wrk run, then \`wrk -t$threads -c$connections -d${duration}s --latency\`; SIGTERM (which flushes); spans counted by the collector.
- Medians over $rounds round(s). Ratios are medians of per-round ratios.

HEAD

awk -F'\t' -v OFS='\t' '
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  if (n == 0) return "NA"
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(key, value) { values[key] = values[key] " " value }
NR == 1 { next }
{
  key = $2 SUBSEP $3 SUBSEP $4
  keys[key] = 1
  add("rps" SUBSEP key, $5); add("p99" SUBSEP key, $6); add("startup" SUBSEP key, $9)
  add("hwm" SUBSEP key, $12 / 1024); add("growth" SUBSEP key, ($11 - $10) / 1024)
  if ($13 != "NA") { received[key] += $13; expected[key] += $14 }
  if ($8 != "0") errors[key] = errors[key] " " $8
  rps[$1, key] = $5; p99r[$1, key] = $6; rounds[$1] = 1
  if ($4 == "up") add("startup_mode" SUBSEP $2, $9)
}
function ratio(what, a, b,    r, list) {
  list = ""
  for (r in rounds) if ((r, a) in rps && (r, b) in rps && rps[r, b] > 0) {
    list = list " " (what == "rps" ? rps[r, a] / rps[r, b] : p99r[r, a] / p99r[r, b])
  }
  return list == "" ? "NA" : sprintf("%.3f", median(list))
}
function k(m, e, c) { return m SUBSEP e SUBSEP c }
END {
  print "## Throughput, latency, memory, spans (collector up)\n"
  print "| endpoint | mode | req/s | p99 ms | peak RSS MiB | spans received / expected |"
  print "| --- | --- | ---: | ---: | ---: | --- |"
  split("trivial chain healthz", endpoints, " "); split("off plain k8s", modes, " ")
  for (e = 1; e <= 3; e++) for (m = 1; m <= 3; m++) {
    key = k(modes[m], endpoints[e], "up"); if (!(key in keys)) continue
    spans = expected[key] == 0 && received[key] == 0 ? "0 / 0" : sprintf("%d / %d (%.1f%%)", received[key], expected[key], expected[key] ? 100 * received[key] / expected[key] : 0)
    if (expected[key] == 0 && received[key] > 0) spans = sprintf("%d / 0", received[key])
    printf "| /%s | %s | %.0f | %.2f | %.0f | %s%s |\n", endpoints[e], modes[m], median(values["rps" SUBSEP key]), median(values["p99" SUBSEP key]), median(values["hwm" SUBSEP key]), spans, errors[key] == "" ? "" : " errors:" errors[key]
  }
  print "\n## Ratios (AddK8sTracing against the others, same round)\n"
  print "| endpoint | req/s k8s/off | req/s k8s/plain | p99 k8s/off | p99 k8s/plain |"
  print "| --- | ---: | ---: | ---: | ---: |"
  for (e = 1; e <= 3; e++) {
    kk = k("k8s", endpoints[e], "up"); ko = k("off", endpoints[e], "up"); kp = k("plain", endpoints[e], "up")
    printf "| /%s | %s | %s | %s | %s |\n", endpoints[e], ratio("rps", kk, ko), ratio("rps", kk, kp), ratio("p99", kk, ko), ratio("p99", kk, kp)
  }
  print "\n## Collector trouble (AddK8sTracing)\n"
  print "| endpoint | collector | req/s | p99 ms | req/s vs up | p99 vs up | peak RSS MiB | RSS growth over the measured run MiB | spans received / expected |"
  print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  split("up down slow", collectors, " ")
  for (e = 1; e <= 2; e++) for (c = 1; c <= 3; c++) {
    key = k("k8s", endpoints[e], collectors[c]); if (!(key in keys)) continue
    up = k("k8s", endpoints[e], "up")
    spans = collectors[c] == "down" ? "- (nothing listening)" : sprintf("%d / %d (%.1f%%)", received[key], expected[key], expected[key] ? 100 * received[key] / expected[key] : 0)
    printf "| /%s | %s | %.0f | %.2f | %s | %s | %.0f | %.1f | %s |\n", endpoints[e], collectors[c], median(values["rps" SUBSEP key]), median(values["p99" SUBSEP key]), ratio("rps", key, up), ratio("p99", key, up), median(values["hwm" SUBSEP key]), median(values["growth" SUBSEP key]), spans
  }
  print "\n## Startup: process start to first /healthz 200 (all collector-up runs)\n"
  print "| mode | median ms | runs | vs off ms |"
  print "| --- | ---: | ---: | ---: |"
  off = median(values["startup_mode" SUBSEP "off"])
  for (m = 1; m <= 3; m++) {
    list = values["startup_mode" SUBSEP modes[m]]; n = split(list, tmp, " ")
    printf "| %s | %.0f | %d | %+.0f |\n", modes[m], median(list), n, median(list) - off
  }
}' "$tsv"
