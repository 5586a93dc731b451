#!/usr/bin/env bash
# The chaos run: steady GET load on the example shop while everything that can go wrong does.
#
# Brings the shop up (gateway 2, catalog 3, orders 2 replicas, each its own JVM) under a state
# directory of its own, drives a closed-loop wrk load (CONNECTIONS connections) at the gateway's
# public port for the whole run, and meanwhile:
#   - kills -9 a random replica every KILL_EVERY seconds,
#   - runs a rolling deploy of catalog (VERSION=2),
#   - scales catalog 3 -> 1 -> 5,
#   - runs a canary of a deliberately broken catalog (FAIL_REQUESTS=1: healthy, but every other
#     request answers 500) that the daemon's judgement must roll back,
#   - kills -9 the daemon once (and starts it again), and one of the proxy processes once.
# It prints the requests sent, the failed ones (non-2xx responses and socket errors, as wrk counts
# them), p50/p99/max latency, the events with their times, and the daemon's own events.
# Requests in flight on the killed proxy process are the only ones allowed to fail.
#
# Settings (environment):
#   CONNECTIONS=4 THREADS=1      wrk -c CONNECTIONS -t THREADS
#   DURATION=90                  seconds of load (the chaos takes about 60; kills go on until the end)
#   KILL_EVERY=6                 seconds between random replica kills
#   STEP_TIME=6                  seconds each canary step runs before it is judged
#   SPLICE_JAR_SOURCE            the jar to copy (default splice-cli/target/splice.jar)
#   BENCH_KEEP_WORK=1            keep the temporary directory (state, logs, wrk output)
# The run is bounded: DURATION is at most 600 s, and every wait is bounded too.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
KILL_EVERY=${KILL_EVERY:-6}
STEP_TIME=${STEP_TIME:-6}
DURATION=${DURATION:-90}
for n in CONNECTIONS THREADS KILL_EVERY STEP_TIME DURATION; do
  [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive number, not '${!n}'"
done
((DURATION <= 600)) || die "DURATION must be at most 600"

ensure_tools
bench_init
prepare_splice_jar
for jar in gateway catalog orders; do
  [[ -f "$REPO_ROOT/examples/shop/$jar/target/$jar.jar" ]] ||
    die "examples/shop/$jar/target/$jar.jar is missing: build the project first (mvn -q -B -DskipTests package)"
done

export SPLICE_HOME="$WORK/state"
export SPLICE_RESTART_BACKOFF_MS=${SPLICE_RESTART_BACKOFF_MS:-100}
T0=$(date +%s.%N)

splice() {
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$SPLICE_JAR" "$@"
}

# event WHAT: one line of the timeline (a file, since the background killer adds to it too).
event() {
  awk -v t0="$T0" -v now="$(date +%s.%N)" -v what="$*" 'BEGIN { printf "%7.1fs  %s\n", now - t0, what }' >>"$WORK/events.txt"
  log "$*"
}

# run WHAT COMMAND...: runs a splice command, recording its exit code and its last words.
run() {
  local what=$1 code=0 out
  shift
  out="$WORK/command-$(date +%s%N).log"
  splice "$@" >"$out" 2>&1 || code=$?
  event "$what (exit $code)"
  grep -v '^ *$' "$out" | tail -n 2 | sed 's/^/           | /' >>"$WORK/events.txt"
}

# The example spec with a free public port, the jars by absolute path.
free_port PUBLIC
sed -e "s|expose: 8080|expose: $PUBLIC|" \
  -e "s|\"\\([a-z]*\\)/target/|\"$REPO_ROOT/examples/shop/\\1/target/|" \
  "$REPO_ROOT/examples/shop/splice.yaml" >"$WORK/splice.yaml"

splice up -d "$WORK/splice.yaml" >"$WORK/up.log" 2>&1 || die "splice up failed: $(tail -20 "$WORK/up.log")"
event "shop is up, public on 127.0.0.1:$PUBLIC"
wait_http "http://127.0.0.1:$PUBLIC/" 30 || die "the gateway does not answer"

start_bg WRK "$WORK/wrk.txt" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s --latency \
  "http://127.0.0.1:$PUBLIC/"
event "load started: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"

# replica_pids [SERVICE]: "SERVICE PID" of every running replica, from splice ps.
replica_pids() {
  splice ps 2>/dev/null | awk -v want="${1:-}" '$4 ~ /^[0-9]+$/ && $6 == "ready" && (want == "" || $1 == want) {print $1, $4}'
}

kill_random_replica() {
  local lines victim
  mapfile -t lines < <(replica_pids "${1:-}")
  ((${#lines[@]} > 0)) || { event "no ready replica to kill"; return 0; }
  victim=${lines[RANDOM % ${#lines[@]}]}
  kill -9 "${victim#* }" 2>/dev/null || true
  event "kill -9 ${victim% *} replica (pid ${victim#* })"
}

# Random kills in the background for the whole run.
killer() {
  while sleep "$KILL_EVERY"; do
    kill_random_replica
  done
}
killer >>"$WORK/killer.log" 2>&1 &
KILLER=$!
PIDS+=("$KILLER")

sleep 3
run "rolling deploy of catalog (VERSION=2)" deploy catalog --env VERSION=2
run "scale catalog to 1" scale catalog=1
run "scale catalog to 5" scale catalog=5
run "canary of a broken catalog, must roll back (exit 1 expected)" \
  deploy catalog --strategy canary --steps 20,100 --step-time "$STEP_TIME" --env FAIL_REQUESTS=1
daemon_pid=$(splice daemon status | awk '/^daemon:/ {gsub(/,/, "", $4); print $4}')
kill -9 "$daemon_pid"
event "kill -9 the daemon (pid $daemon_pid)"
sleep 2
run "daemon start" daemon start
proxy_pid=$(splice daemon status | awk -F'[][]' '/^proxy:/ {split($2, p, ", "); print p[1]}')
kill -9 "$proxy_pid"
event "kill -9 a proxy process (pid $proxy_pid)"
for ((i = 0; i < 300; i++)); do
  if splice daemon status | grep -q '^proxy:  running' && ! splice daemon status | grep -q "[[ ]$proxy_pid[],]"; then
    break
  fi
  sleep 0.1
done
event "proxy process started again"
if ! kill -0 "$WRK" 2>/dev/null; then
  event "warning: the load ended before the chaos did; raise DURATION"
fi
wait "$WRK" || true
forget_pid "$WRK"
stop_and_forget "$KILLER"
event "load stopped"

read -r connect_errors read_errors write_errors timeouts <<<"$(wrk_socket_errors "$WORK/wrk.txt")"
requests=$(wrk_requests "$WORK/wrk.txt")
non2xx=$(wrk_non2xx "$WORK/wrk.txt")
failed=$((non2xx + connect_errors + read_errors + write_errors + timeouts))

echo
echo "Chaos run, $(date -u '+%Y-%m-%d %H:%M UTC'), $SPLICE_JAR_INFO"
echo "load average before: $(load_average)"
echo
cat "$WORK/events.txt"
echo
echo "the daemon's last events:"
daemon_port=$(grep -o '"port" *: *[0-9]*' "$SPLICE_HOME/daemon.json" | grep -o '[0-9]*$')
curl -fsS --max-time 5 -H "Authorization: Bearer $(cat "$SPLICE_HOME/token")" "http://127.0.0.1:$daemon_port/v1/apps/shop" |
  grep -o '"at":"[^"]*","service":[^,]*,"replica":[^,]*,"message":"[^"]*"' |
  sed -E 's/"at":"[0-9-]+T([0-9:.]{8})[^"]*","service":"?([^",]*)"?,"replica":"?([^",]*)"?,"message":"(.*)"/  \1 \2 \3: \4/' |
  tail -n 60 || echo "  (not available)"
echo
printf 'requests: %s, failed: %d (non-2xx %d, socket errors: connect %d, read %d, write %d, timeout %d)\n' \
  "$requests" "$failed" "$non2xx" "$connect_errors" "$read_errors" "$write_errors" "$timeouts"
printf 'latency: p50 %s ms, p99 %s ms, max %s ms\n' "$(wrk_percentile "$WORK/wrk.txt" 50)" \
  "$(wrk_percentile "$WORK/wrk.txt" 99)" "$(wrk_max_latency "$WORK/wrk.txt")"
echo "catalog now: $(splice ps 2>/dev/null | awk '$1 == "catalog" && $6 == "ready"' | wc -l) ready replicas"

splice down shop >"$WORK/down.log" 2>&1 || true
splice daemon stop >>"$WORK/down.log" 2>&1 || true
