#!/usr/bin/env bash
# Throughput and latency of Splice's proxy next to HAProxy and nginx, on this machine.
#
# Starts 3 nginx backends on 127.0.0.1 (a tiny static response, keep-alive), then drives the
# same wrk load through: a direct connection to one backend, Splice's proxy, HAProxy and nginx.
# The configurations are interleaved, each measured ROUNDS times; the table shows medians.
#
# Settings (environment):
#   THREADS=2 CONNECTIONS=64 DURATION=10   wrk -t THREADS -c CONNECTIONS -d DURATION --latency
#   ROUNDS=3                               measured runs per configuration
#   WARMUP=10                              seconds of the same load through Splice first (JIT)
#   TARGETS="direct splice haproxy nginx"  which configurations, in round-robin order
#   HAPROXY_THREADS, NGINX_WORKERS         default: the number of cores
#   SPLICE_JAVA_OPTS                       JVM options for Splice's proxy; default: those the
#                                          daemon starts it with (-Xms192m -Xmx256m
#                                          -Xmn128m -XX:+UseSerialGC -XX:-UsePerfData)
#   SPLICE_JAR_SOURCE                      the jar to copy (default splice-cli/target/splice.jar)
#   SPLICE2_JAR_SOURCE, SPLICE2_JAVA_OPTS  a second Splice proxy, target "splice2" (not run by
#                                          default), to compare two builds or two sets of JVM
#                                          options in the same run; default: those of "splice"
#   BENCH_KEEP_WORK=1                      keep the temporary directory (configs, wrk output)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10}
TARGETS=${TARGETS:-direct splice haproxy nginx}
SPLICE_JAVA_OPTS=${SPLICE_JAVA_OPTS--Xms192m -Xmx256m -Xmn128m -XX:+UseSerialGC -XX:-UsePerfData}
SPLICE2_JAVA_OPTS=${SPLICE2_JAVA_OPTS-$SPLICE_JAVA_OPTS}
read -r -a TARGET_LIST <<<"$TARGETS"

for n in THREADS CONNECTIONS DURATION ROUNDS WARMUP; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || die "$n must be a number, not '${!n}'"
done
((ROUNDS >= 1 && DURATION >= 1 && DURATION <= 600)) || die "need ROUNDS >= 1 and 1 <= DURATION <= 600"

ensure_tools
bench_init

LOAD_BEFORE=$(load_average)
STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')

# --- start everything ------------------------------------------------------------------------

BACKEND_PORTS=()
port="" pid=""
for i in 1 2 3; do
  free_port port
  write_backend_conf "$WORK/backend$i" "$port" 0
  start_backend "$WORK/backend$i" "$port" pid
  BACKEND_PORTS+=("$port")
done
log "backends on ${BACKEND_PORTS[*]}"

declare -A URL PROC
URL[direct]="http://127.0.0.1:${BACKEND_PORTS[0]}/"

if [[ " ${TARGET_LIST[*]} " == *" haproxy "* ]]; then
  free_port HAPROXY_PORT
  write_haproxy_conf "$WORK/haproxy.cfg" "$HAPROXY_PORT" "" "" "${BACKEND_PORTS[@]}"
  start_haproxy "$WORK/haproxy.cfg" "$HAPROXY_PORT" pid
  PROC[haproxy]=$pid
  URL[haproxy]="http://127.0.0.1:$HAPROXY_PORT/"
fi

if [[ " ${TARGET_LIST[*]} " == *" nginx "* ]]; then
  free_port NGINX_PORT
  write_nginx_proxy_conf "$WORK/nginx-proxy" "$NGINX_PORT" "" "${BACKEND_PORTS[@]}"
  start_nginx_proxy "$WORK/nginx-proxy" "$NGINX_PORT" pid
  PROC[nginx]=$pid
  URL[nginx]="http://127.0.0.1:$NGINX_PORT/"
fi

SPLICE_ADMIN=""
if [[ " ${TARGET_LIST[*]} " == *" splice "* ]]; then
  prepare_splice_jar
  free_port SPLICE_PORT
  free_port SPLICE_ADMIN
  write_splice_conf "$WORK/splice" "$SPLICE_PORT" "${BACKEND_PORTS[@]}"
  start_splice "$WORK/splice" "$SPLICE_PORT" "$SPLICE_ADMIN" pid
  PROC[splice]=$pid
  URL[splice]="http://127.0.0.1:$SPLICE_PORT/"
fi

SPLICE2_JAR_INFO=""
if [[ " ${TARGET_LIST[*]} " == *" splice2 "* ]]; then
  IFS=$'\t' read -r splice2_jar SPLICE2_JAR_INFO < <(prepare_splice_jar \
    "${SPLICE2_JAR_SOURCE:-${SPLICE_JAR_SOURCE:-$REPO_ROOT/splice-cli/target/splice.jar}}" splice2.jar)
  [[ -n "$splice2_jar" ]] || die "no jar for splice2"
  free_port SPLICE2_PORT
  free_port SPLICE2_ADMIN
  write_splice_conf "$WORK/splice2" "$SPLICE2_PORT" "${BACKEND_PORTS[@]}"
  start_splice "$WORK/splice2" "$SPLICE2_PORT" "$SPLICE2_ADMIN" pid "$splice2_jar" "$SPLICE2_JAVA_OPTS"
  PROC[splice2]=$pid
  URL[splice2]="http://127.0.0.1:$SPLICE2_PORT/"
fi

for t in "${TARGET_LIST[@]}"; do
  [[ -n "${URL[$t]:-}" ]] || die "unknown target '$t' (known: direct splice splice2 haproxy nginx)"
  wait_http "${URL[$t]}" 10 || die "$t does not answer 200 on ${URL[$t]}"
done

# run_wrk TARGET OUTFILE SECONDS
run_wrk() {
  local target=$1 out=$2 seconds=$3 wpid
  start_bg wpid "$out" timeout --signal=KILL $((seconds + 30)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "${URL[$target]}"
  wait "$wpid" || die "wrk against $target failed: $(tail -5 "$out")"
  forget_pid "$wpid"
  [[ -n "$(wrk_rps "$out")" ]] || die "no result from wrk against $target: $(cat "$out")"
}

for t in splice splice2; do
  if [[ -n "${URL[$t]:-}" ]] && ((WARMUP > 0)); then
    log "warming up $t's JVM: ${WARMUP}s of the same load, not counted"
    run_wrk "$t" "$WORK/warmup-$t.txt" "$WARMUP"
  fi
done

# --- measure, interleaved ----------------------------------------------------------------

# cpu_ticks PID: CPU time (user + system, in clock ticks) of PID and its child processes (the
# workers of nginx), all threads included (for Splice: event loops, GC and JIT).
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {
  local total=0 p
  if [[ -z "$1" ]]; then
    echo 0
    return
  fi
  for p in "$1" $(pgrep -P "$1" || true); do
    # fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}

declare -A RPS P50 P99 ERRORS CPU IDLE
BUSY_BEFORE=$(busy_ticks)
OWN_BEFORE=$(own_ticks)
MEASURE_START=$SECONDS
n=${#TARGET_LIST[@]}
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < n; k++)); do
    t=${TARGET_LIST[(k + round - 1) % n]} # rotate the order each round
    out="$WORK/wrk-$t-$round.txt"
    log "round $round/$ROUNDS: $t"
    cpu_before=$(cpu_ticks "${PROC[$t]:-}")
    read -r idle_before total_before <<<"$(idle_and_total_ticks)"
    run_wrk "$t" "$out" "$DURATION"
    read -r idle_after total_after <<<"$(idle_and_total_ticks)"
    cpu_after=$(cpu_ticks "${PROC[$t]:-}")
    IDLE[$t]+="$(awk -v i=$((idle_after - idle_before)) -v t=$((total_after - total_before)) \
      'BEGIN { printf "%.0f", (t > 0 ? i / t * 100 : 0) }') "
    if [[ -n "${PROC[$t]:-}" ]]; then
      CPU[$t]+="$(awk -v d=$((cpu_after - cpu_before)) -v hz="$CLK_TCK" -v n="$(wrk_requests "$out")" \
        'BEGIN { printf "%.2f", (n > 0 ? d / hz * 1e6 / n : 0) }') "
    fi
    RPS[$t]+="$(wrk_rps "$out") "
    P50[$t]+="$(wrk_percentile "$out" 50) "
    P99[$t]+="$(wrk_percentile "$out" 99) "
    read -r c r w to <<<"$(wrk_socket_errors "$out")"
    ERRORS[$t]=$((${ERRORS[$t]:-0} + $(wrk_non2xx "$out") + c + r + w + to))
  done
done

OTHERS=$(others_share "$BUSY_BEFORE" "$OWN_BEFORE" "$(busy_ticks)" "$(own_ticks)" \
  $((SECONDS - MEASURE_START)))
SPLICE_METRICS=""
if [[ -n "$SPLICE_ADMIN" ]]; then
  SPLICE_METRICS=$(splice_counters "$SPLICE_ADMIN")
fi

LOAD_AFTER=$(load_average)

# --- report --------------------------------------------------------------------------------

declare -A MED_RPS MED_P50 MED_P99 MED_CPU MED_IDLE
for t in "${TARGET_LIST[@]}"; do
  # shellcheck disable=SC2086
  MED_IDLE[$t]=$(median ${IDLE[$t]})
  if [[ -n "${CPU[$t]:-}" ]]; then
    # shellcheck disable=SC2086
    MED_CPU[$t]=$(printf '%.1f' "$(median ${CPU[$t]})")
  else
    MED_CPU[$t]=-
  fi
  # shellcheck disable=SC2086 # word splitting of the collected numbers is intended
  MED_RPS[$t]=$(median ${RPS[$t]})
  # shellcheck disable=SC2086
  MED_P50[$t]=$(median ${P50[$t]})
  # shellcheck disable=SC2086
  MED_P99[$t]=$(median ${P99[$t]})
done

ratio() {
  if [[ -z "${2:-}" ]]; then
    printf -- '-'
  else
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'
  fi
}

echo
echo "Proxy throughput, $STARTED"
echo "machine: $(nproc) cores, $(uname -sr); $(nginx -v 2>&1 | sed 's/^nginx version: //'), HAProxy $(haproxy -v | awk 'NR == 1 {print $3}'), $(java -version 2>&1 | head -1)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, GET / of a 3-byte body; $ROUNDS interleaved runs per configuration, medians shown"
echo "backends: 3 nginx processes (1 worker each, keep-alive); direct = one of them, no proxy"
echo "HAProxy: nbthread ${HAPROXY_THREADS:-$(nproc)}, http mode, roundrobin, option http-keep-alive, http-reuse always"
echo "nginx: ${NGINX_WORKERS:-$(nproc)} workers, upstream keepalive 128, proxy_http_version 1.1, Connection \"\""
if [[ -n "${URL[splice]:-}" ]]; then
  echo "Splice: ProxyMain, default settings, JVM options '${SPLICE_JAVA_OPTS:-}'; warmed up with ${WARMUP}s of the same load before measuring"
  echo "Splice build: $SPLICE_JAR_INFO"
fi
if [[ -n "${URL[splice2]:-}" ]]; then
  echo "splice2: the same, JVM options '${SPLICE2_JAVA_OPTS:-}'; build: $SPLICE2_JAR_INFO"
fi
echo "load average before: $LOAD_BEFORE; after: $LOAD_AFTER"
echo "other processes (not started by this script) used ${OTHERS}% of the machine's CPU during the measured runs"
echo
printf '%-8s %10s %8s %8s %7s %10s %10s %8s %12s %6s\n' target 'req/s' 'p50 ms' \
  'p99 ms' errors 'vs haproxy' 'vs direct' 'p99/hap' 'proxy us/req' 'idle%'
for t in "${TARGET_LIST[@]}"; do
  printf '%-8s %10.0f %8.2f %8.2f %7d %10s %10s %8s %12s %6s\n' "$t" "${MED_RPS[$t]}" \
    "${MED_P50[$t]}" "${MED_P99[$t]}" "${ERRORS[$t]}" \
    "$(ratio "${MED_RPS[$t]}" "${MED_RPS[haproxy]:-}")" \
    "$(ratio "${MED_RPS[$t]}" "${MED_RPS[direct]:-}")" \
    "$(ratio "${MED_P99[$t]}" "${MED_P99[haproxy]:-}")" "${MED_CPU[$t]}" "${MED_IDLE[$t]}"
done
echo "(errors: non-2xx responses and socket errors, summed over the runs; proxy us/req: CPU time"
echo " of the proxy's processes, all threads, per request served; idle%: the machine's idle CPU"
echo " during the run; all medians of the runs)"
echo
echo "per run (req/s, in run order within each configuration):"
for t in "${TARGET_LIST[@]}"; do
  printf '  %-8s %s\n' "$t" "${RPS[$t]}"
done
if [[ -n "$SPLICE_METRICS" ]]; then
  echo
  echo "Splice's own counters after the runs (warm-up included):"
  while IFS= read -r line; do
    printf '  %s\n' "$line"
  done <<<"$SPLICE_METRICS"
fi
