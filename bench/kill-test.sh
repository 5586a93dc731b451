#!/usr/bin/env bash
# Failed requests when a backend dies under load: HAProxy, nginx and Splice's proxy.
#
# Starts 3 nginx backends on 127.0.0.1, each a single process. For each proxy in turn it runs a
# bounded wrk load; KILL_AT seconds in, it kills one backend with SIGKILL and restarts it on the
# same port RESTART_AFTER seconds later. It prints, per proxy: requests completed, failed
# requests (non-2xx responses and socket errors as wrk counts them), p99 and the slowest request.
#
# It runs twice by default: with backends that answer at once ("fast"), and with backends that
# take 20-50 ms per request ("slow"), so that requests are in flight when the backend dies.
#
# Settings (environment):
#   MODES="fast slow"                      backend kinds to run with
#   PROXIES="haproxy-check haproxy-retry nginx splice"
#   THREADS=2 CONNECTIONS=64 DURATION=20   wrk -t THREADS -c CONNECTIONS -d DURATION
#   WRK_TIMEOUT=10                         seconds before wrk counts a request as timed out
#   KILL_AT=5 RESTART_AFTER=5              seconds into the run / after the kill
#   WARMUP=5                               seconds of the same load through each proxy first
#   KILL=1                                 0: no kill, the same runs as a baseline
#   HAPROXY_THREADS, NGINX_WORKERS         default: the number of cores
#   SPLICE_JAVA_OPTS                       JVM options for Splice's proxy; default: those the
#                                          daemon starts it with (-Xms192m -Xmx256m
#                                          -Xmn128m -XX:+UseSerialGC -XX:-UsePerfData)
#   SPLICE_JAR_SOURCE                      the jar to copy (default splice-cli/target/splice.jar)
#   BENCH_KEEP_WORK=1                      keep the temporary directory (configs, wrk output)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODES=${MODES:-fast slow}
PROXIES=${PROXIES:-haproxy-check haproxy-retry nginx splice}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WRK_TIMEOUT=${WRK_TIMEOUT:-10}
KILL_AT=${KILL_AT:-5}
RESTART_AFTER=${RESTART_AFTER:-5}
WARMUP=${WARMUP:-5}
KILL=${KILL:-1}
SPLICE_JAVA_OPTS=${SPLICE_JAVA_OPTS--Xms192m -Xmx256m -Xmn128m -XX:+UseSerialGC -XX:-UsePerfData}
read -r -a MODE_LIST <<<"$MODES"
read -r -a PROXY_LIST <<<"$PROXIES"

for n in THREADS CONNECTIONS DURATION WRK_TIMEOUT KILL_AT RESTART_AFTER WARMUP KILL; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || die "$n must be a number, not '${!n}'"
done
((DURATION <= 600)) || die "DURATION must be at most 600"
((KILL_AT + RESTART_AFTER < DURATION)) || die "need KILL_AT + RESTART_AFTER < DURATION"

ensure_tools
bench_init

LOAD_BEFORE=$(load_average)
STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
if [[ " ${PROXY_LIST[*]} " == *" splice "* ]]; then
  prepare_splice_jar
fi

BACKEND_PORTS=()
BACKEND_PIDS=()
port="" pid="" proxy_pid="" wrk_pid=""

start_backends() {
  local mode=$1 i delay=0
  if [[ "$mode" == slow ]]; then
    delay=slow
  fi
  BACKEND_PORTS=()
  BACKEND_PIDS=()
  for i in 0 1 2; do
    free_port port
    write_backend_conf "$WORK/$mode/backend$i" "$port" "$delay"
    start_backend "$WORK/$mode/backend$i" "$port" pid
    BACKEND_PORTS+=("$port")
    BACKEND_PIDS+=("$pid")
  done
}

stop_backends() {
  local p
  for p in "${BACKEND_PIDS[@]}"; do
    stop_and_forget "$p"
  done
  BACKEND_PIDS=()
}

# start_proxy NAME DIR: starts proxy NAME in front of the backends; sets PROXY_URL.
PROXY_URL=""
SPLICE_ADMIN=""
start_proxy() {
  local name=$1 dir=$2 pport
  mkdir -p "$dir"
  free_port pport
  case "$name" in
    haproxy-check)
      write_haproxy_conf "$dir/haproxy.cfg" "$pport" "check inter 1s" "" "${BACKEND_PORTS[@]}"
      start_haproxy "$dir/haproxy.cfg" "$pport" proxy_pid
      ;;
    haproxy-retry)
      write_haproxy_conf "$dir/haproxy.cfg" "$pport" "check inter 1s" \
        "retries 3;option redispatch" "${BACKEND_PORTS[@]}"
      start_haproxy "$dir/haproxy.cfg" "$pport" proxy_pid
      ;;
    nginx)
      write_nginx_proxy_conf "$dir" "$pport" \
        "proxy_next_upstream error timeout http_502; proxy_connect_timeout 1s;" \
        "${BACKEND_PORTS[@]}"
      start_nginx_proxy "$dir" "$pport" proxy_pid
      ;;
    splice)
      free_port SPLICE_ADMIN
      write_splice_conf "$dir" "$pport" "${BACKEND_PORTS[@]}"
      start_splice "$dir" "$pport" "$SPLICE_ADMIN" proxy_pid
      ;;
    *)
      die "unknown proxy '$name' (known: haproxy-check haproxy-retry nginx splice)"
      ;;
  esac
  PROXY_URL="http://127.0.0.1:$pport/"
  wait_http "$PROXY_URL" 10 || die "$name does not answer 200 on $PROXY_URL"
}

# run_wrk OUTFILE SECONDS: starts wrk in the background; sets wrk_pid.
run_wrk() {
  local out=$1 seconds=$2
  start_bg wrk_pid "$out" timeout --signal=KILL $((seconds + WRK_TIMEOUT + 30)) \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout "${WRK_TIMEOUT}s" --latency \
    "$PROXY_URL"
}

finish_wrk() {
  local out=$1
  wait "$wrk_pid" || die "wrk failed: $(tail -5 "$out")"
  forget_pid "$wrk_pid"
  [[ -n "$(wrk_requests "$out")" ]] || die "no result from wrk: $(cat "$out")"
}

declare -A ROW
SPLICE_NOTES=""
BUSY_BEFORE=$(busy_ticks)
OWN_BEFORE=$(own_ticks)
MEASURE_START=$SECONDS
for mode in "${MODE_LIST[@]}"; do
  [[ "$mode" == fast || "$mode" == slow ]] || die "unknown mode '$mode' (known: fast slow)"
  start_backends "$mode"
  log "$mode backends on ${BACKEND_PORTS[*]}"
  for proxy in "${PROXY_LIST[@]}"; do
    dir="$WORK/$mode/$proxy"
    start_proxy "$proxy" "$dir"
    if ((WARMUP > 0)); then
      log "$mode/$proxy: warm-up ${WARMUP}s"
      run_wrk "$dir/warmup.txt" "$WARMUP"
      finish_wrk "$dir/warmup.txt"
    fi
    out="$dir/wrk.txt"
    if ((KILL)); then
      log "$mode/$proxy: ${DURATION}s of load; kill -9 backend 2 at ${KILL_AT}s, restart ${RESTART_AFTER}s later"
      run_wrk "$out" "$DURATION"
      sleep "$KILL_AT"
      kill -KILL "${BACKEND_PIDS[1]}"
      wait "${BACKEND_PIDS[1]}" 2>/dev/null || true
      forget_pid "${BACKEND_PIDS[1]}"
      sleep "$RESTART_AFTER"
      start_backend "$WORK/$mode/backend1" "${BACKEND_PORTS[1]}" pid
      BACKEND_PIDS[1]=$pid
    else
      log "$mode/$proxy: ${DURATION}s of load, no kill (baseline)"
      run_wrk "$out" "$DURATION"
    fi
    finish_wrk "$out"
    if [[ "$proxy" == splice ]]; then
      SPLICE_NOTES+="$mode:"$'\n'"$(splice_counters "$SPLICE_ADMIN")"$'\n'
    fi
    stop_and_forget "$proxy_pid"
    read -r c r w to <<<"$(wrk_socket_errors "$out")"
    non2xx=$(wrk_non2xx "$out")
    ROW[$mode/$proxy]="$(wrk_requests "$out") $((non2xx + c + r + w + to)) $non2xx $c $r $w $to $(wrk_percentile "$out" 99) $(wrk_max_latency "$out")"
    sleep 1
  done
  stop_backends
done

OTHERS=$(others_share "$BUSY_BEFORE" "$OWN_BEFORE" "$(busy_ticks)" "$(own_ticks)" \
  $((SECONDS - MEASURE_START)))
LOAD_AFTER=$(load_average)

echo
echo "Kill test$( ((KILL)) || echo " (baseline, no kill)"), $STARTED"
echo "machine: $(nproc) cores, $(uname -sr); $(nginx -v 2>&1 | sed 's/^nginx version: //'), HAProxy $(haproxy -v | awk 'NR == 1 {print $3}'), $(java -version 2>&1 | head -1)"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout ${WRK_TIMEOUT}s, GET /, after a ${WARMUP}s warm-up through the same proxy"
if ((KILL)); then
  echo "fault: kill -9 of backend 2 of 3 at ${KILL_AT}s, restarted on the same port ${RESTART_AFTER}s later"
else
  echo "fault: none (KILL=0, baseline)"
fi
echo "backends: fast = nginx answering at once; slow = nginx answering after 20/30/40/50 ms"
echo "haproxy-check: roundrobin, 'check inter 1s' (fall 3, rise 2), default retries 3 to the same server, no redispatch"
echo "haproxy-retry: as haproxy-check plus 'retries 3' and 'option redispatch'"
echo "nginx: upstream keepalive, 'proxy_next_upstream error timeout http_502', max_fails 1 / fail_timeout 10s (defaults)"
echo "splice: ProxyMain with default settings, JVM options '$SPLICE_JAVA_OPTS'; no active health checks in the proxy (the daemon does them)"
if [[ -n "$SPLICE_JAR_INFO" ]]; then
  echo "Splice build: $SPLICE_JAR_INFO"
fi
echo "load average before: $LOAD_BEFORE; after: $LOAD_AFTER"
echo "other processes (not started by this script) used ${OTHERS}% of the machine's CPU during the runs"
for mode in "${MODE_LIST[@]}"; do
  echo
  echo "$mode backends:"
  printf '  %-14s %9s %7s %7s %22s %9s %9s\n' proxy requests failed non-2xx 'sock conn/read/wr/tmo' \
    'p99 ms' 'max ms'
  for proxy in "${PROXY_LIST[@]}"; do
    read -r req failed non2xx c r w to p99 max <<<"${ROW[$mode/$proxy]}"
    printf '  %-14s %9d %7d %7d %22s %9.1f %9.1f\n' "$proxy" "$req" "$failed" "$non2xx" \
      "$c/$r/$w/$to" "$p99" "$max"
  done
done
if [[ -n "$SPLICE_NOTES" ]]; then
  echo
  echo "Splice's own counters after each of its runs (warm-up included):"
  while IFS= read -r line; do
    printf '  %s\n' "$line"
  done <<<"${SPLICE_NOTES%$'\n'}"
fi
