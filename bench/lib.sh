# shellcheck shell=bash
# Helpers shared by the benchmark scripts in this folder. Sourced, not run.
#
# Everything started here listens on 127.0.0.1 only, is recorded by PID and is stopped by
# bench_cleanup (installed as an EXIT trap by bench_init). Temporary files live in one
# directory that bench_cleanup removes.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
WORK=""
PIDS=()
TAKEN_PORTS=" "

log() {
  printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}

# Creates the work directory and installs the traps.
bench_init() {
  WORK="$(mktemp -d -t splice-bench.XXXXXX)"
  chmod 755 "$WORK" # nginx workers may run as an unprivileged user
  cd "$WORK" || exit 1 # whatever a tool writes by accident lands here, not in the caller's folder
  trap bench_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${PIDS[i]}"
  done
  PIDS=()
  cd / || true
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ -n "${BENCH_KEEP_WORK:-}" ]]; then
      log "kept $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$status"
}

# Installs nginx (with the echo module, for slow backends), HAProxy, wrk, curl, ss and pgrep
# when missing.
ensure_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v ss >/dev/null || missing+=(iproute2)
  command -v pgrep >/dev/null || missing+=(procps)
  [[ -f "$(echo_module)" ]] || missing+=(libnginx-mod-http-echo)
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
      die "missing ${missing[*]}; install them as root"
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Installing the packages may start system services; they do not matter here, as every
  # port used below is checked to be free.
}

echo_module() {
  printf '%s\n' /usr/lib/nginx/modules/ngx_http_echo_module.so
}

# free_port VAR: stores a port that nothing listens on, below the ephemeral range (so that no
# outgoing connection can be using it either), and not handed out before in this run.
free_port() {
  local _var=$1 _low _port _tries=0
  _low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  ((_low > 12000)) || _low=32768
  while ((_tries < 1000)); do
    _tries=$((_tries + 1))
    _port=$((10000 + (RANDOM * 32768 + RANDOM) % (_low - 10000)))
    [[ "$TAKEN_PORTS" == *" $_port "* ]] && continue
    if [[ -z "$(ss -ltnH "( sport = :$_port )")" ]]; then
      TAKEN_PORTS+="$_port "
      printf -v "$_var" '%s' "$_port"
      return 0
    fi
  done
  die "no free port found"
}

# wait_port PORT SECONDS: waits until something listens on 127.0.0.1:PORT.
wait_port() {
  local port=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    if [[ -n "$(ss -ltnH "( sport = :$port )")" ]]; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# wait_http URL SECONDS: waits until URL answers 200.
wait_http() {
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# start_bg VAR LOGFILE COMMAND...: starts COMMAND in the background, output to LOGFILE, and
# stores its PID in VAR (and in PIDS, for the cleanup).
start_bg() {
  local _var=$1 _logfile=$2 _pid
  shift 2
  "$@" >"$_logfile" 2>&1 &
  _pid=$!
  PIDS+=("$_pid")
  printf -v "$_var" '%s' "$_pid"
}

forget_pid() {
  local pid=$1 kept=() p
  for p in "${PIDS[@]}"; do
    [[ "$p" == "$pid" ]] || kept+=("$p")
  done
  PIDS=("${kept[@]}")
}

# stop_pid PID: SIGTERM, up to 15 s to exit, then SIGKILL. Only for PIDs this script started.
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || {
    wait "$pid" 2>/dev/null || true
    return 0
  }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

stop_and_forget() {
  stop_pid "$1"
  forget_pid "$1"
}

# --- backends ------------------------------------------------------------------------------

# write_backend_conf DIR PORT DELAY: one nginx backend in a single process (no master), so that
# kill -9 of its PID takes it down whole. DELAY "0" answers at once with a tiny body; "slow"
# answers after 20, 30, 40 or 50 ms (picked per request).
write_backend_conf() {
  local dir=$1 port=$2 delay=$3 body
  mkdir -p "$dir"
  if [[ "$delay" == "slow" ]]; then
    # shellcheck disable=SC2016 # an nginx variable, not a shell one
    body='echo_sleep $delay; echo "ok";'
  else
    body='return 200 "ok\n";'
  fi
  {
    if [[ "$delay" == "slow" ]]; then
      printf 'load_module %s;\n' "$(echo_module)"
    fi
    cat <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  default_type text/plain;
  map \$request_id \$delay { ~^[0-3] 0.020; ~^[4-7] 0.030; ~^[89ab] 0.040; default 0.050; }
  server {
    listen 127.0.0.1:$port;
    location / { $body }
  }
}
EOF
  } >"$dir/nginx.conf"
}

# start_backend DIR PORT VAR: starts the backend configured in DIR, waits for its port.
start_backend() {
  local dir=$1 port=$2 var=$3
  start_bg "$var" "$dir/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
  wait_port "$port" 10 || die "backend on port $port did not start: $(tail -5 "$dir/error.log" 2>/dev/null)"
}

# --- proxies -------------------------------------------------------------------------------

# write_haproxy_conf FILE PORT SERVER_OPTS BACKEND_EXTRA BACKEND_PORT...
# SERVER_OPTS go on each server line; BACKEND_EXTRA holds backend lines separated by ';'.
write_haproxy_conf() {
  local file=$1 port=$2 server_opts=$3 backend_extra=$4
  shift 4
  local i=0 bport
  {
    cat <<EOF
global
  maxconn 4096
  nbthread ${HAPROXY_THREADS:-$(nproc)}

defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
  option http-keep-alive
  http-reuse always

frontend fe
  bind 127.0.0.1:$port
  default_backend be

backend be
  balance roundrobin
EOF
    local line
    while IFS= read -r -d ';' line; do
      if [[ -n "$line" ]]; then
        printf '  %s\n' "$line"
      fi
    done <<<"$backend_extra;"
    for bport in "$@"; do
      i=$((i + 1))
      printf '  server b%d 127.0.0.1:%s %s\n' "$i" "$bport" "$server_opts"
    done
  } >"$file"
}

start_haproxy() {
  local file=$1 port=$2 var=$3
  haproxy -c -q -f "$file" >/dev/null || die "bad HAProxy config $file"
  start_bg "$var" "$file.log" haproxy -db -f "$file"
  wait_port "$port" 10 || die "HAProxy did not start: $(tail -5 "$file.log")"
}

# write_nginx_proxy_conf DIR PORT LOCATION_EXTRA BACKEND_PORT...
write_nginx_proxy_conf() {
  local dir=$1 port=$2 extra=$3
  shift 3
  local bport
  mkdir -p "$dir"
  {
    cat <<EOF
daemon off;
worker_processes ${NGINX_WORKERS:-$(nproc)};
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  upstream be {
EOF
    for bport in "$@"; do
      printf '    server 127.0.0.1:%s;\n' "$bport"
    done
    cat <<EOF
    keepalive 128;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://be;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      $extra
    }
  }
}
EOF
  } >"$dir/nginx.conf"
}

start_nginx_proxy() {
  local dir=$1 port=$2 var=$3
  nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || die "bad nginx config $dir"
  start_bg "$var" "$dir/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
  wait_port "$port" 10 || die "nginx proxy did not start: $(tail -5 "$dir/error.log")"
}

# prepare_splice_jar [SOURCE NAME]: copies the Splice jar into the work directory (so that a
# rebuild while the benchmark runs does not disturb it), building it first when it is missing.
# Without arguments: SPLICE_JAR_SOURCE (default splice-cli/target/splice.jar) to SPLICE_JAR. With
# them (a second build to compare): SOURCE to $WORK/NAME, whose path and description it prints.
SPLICE_JAR=""
SPLICE_JAR_INFO=""
prepare_splice_jar() {
  local jar="${1:-${SPLICE_JAR_SOURCE:-$REPO_ROOT/splice-cli/target/splice.jar}}" name=${2:-}
  if [[ ! -f "$jar" && -z "$name" ]]; then
    log "building $jar (mvn -q -B -DskipTests package)"
    (cd "$REPO_ROOT" && mvn -q -B -DskipTests package) || die "build failed"
  fi
  [[ -f "$jar" ]] || die "no jar at $jar"
  local copy="$WORK/${name:-splice.jar}"
  cp "$jar" "$copy"
  local info
  info="splice.jar built $(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC'), sha256 $(sha256sum "$copy" | cut -c1-12)"
  if [[ -n "$name" ]]; then
    printf '%s\t%s\n' "$copy" "$info"
    return
  fi
  SPLICE_JAR=$copy
  # shellcheck disable=SC2034 # read by the scripts that source this file
  SPLICE_JAR_INFO=$info
}

# splice_counters ADMIN_PORT: the proxy's request, failure, retry and ejection counters.
splice_counters() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/metrics" | grep -E \
    '^splice_proxy_(requests|failures|retries|retries_denied|panics|upstream_requests|upstream_failures|upstream_attempt_failures|upstream_ejections)(_total)?[{ ]' ||
    true
}

# write_splice_conf DIR PORT BACKEND_PORT...: the proxy's own config file, loaded at start.
write_splice_conf() {
  local dir=$1 port=$2
  shift 2
  local i=0 bport sep=""
  mkdir -p "$dir"
  {
    printf '{"version":1,"services":[{"name":"bench","protocol":"http",'
    printf '"listeners":[{"host":"127.0.0.1","port":%s}],"upstreams":[' "$port"
    for bport in "$@"; do
      i=$((i + 1))
      printf '%s{"id":"b%d","host":"127.0.0.1","port":%s,"weight":1}' "$sep" "$i" "$bport"
      sep=","
    done
    printf '],"drainTimeoutMillis":30000}]}\n'
  } >"$dir/proxy-config.json"
}

# start_splice DIR PORT ADMIN_PORT VAR [JAR [JAVA_OPTS]]: the Splice proxy process on the config
# in DIR; JAR and JAVA_OPTS default to SPLICE_JAR and SPLICE_JAVA_OPTS.
start_splice() {
  local dir=$1 port=$2 admin=$3 var=$4 jar=${5:-$SPLICE_JAR} java_opts=${6-${SPLICE_JAVA_OPTS:-}}
  local opts=()
  if [[ -n "$java_opts" ]]; then
    read -r -a opts <<<"$java_opts"
  fi
  start_bg "$var" "$dir/proxy.log" java "${opts[@]}" -cp "$jar" \
    io.splice.proxy.ProxyMain --dir "$dir" --admin-port "$admin"
  wait_http "http://127.0.0.1:$admin/status" 30 ||
    die "Splice proxy did not start: $(tail -20 "$dir/proxy.log")"
  wait_port "$port" 10 || die "Splice proxy listener did not open: $(tail -20 "$dir/proxy.log")"
}

# --- wrk output ----------------------------------------------------------------------------

# to_ms VALUE: wrk's "812.00us", "1.23ms", "1.02s", "1.00m" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" }
  }'
}

wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_percentile() { to_ms "$(awk -v p="$2%" '$1 == p {print $2}' "$1")"; }
wrk_max_latency() { to_ms "$(awk '$1 == "Latency" && NF >= 4 {print $4; exit}' "$1")"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}' "$1"; }
# "Socket errors: connect 0, read 3, write 0, timeout 0": the four counts, space-separated.
wrk_socket_errors() {
  awk '/Socket errors:/ {
    gsub(/,/, ""); c = $4; r = $6; w = $8; t = $10
  } END { printf "%d %d %d %d\n", c, r, w, t }' "$1"
}

# median NUMBER...
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 }
  }'
}

load_average() {
  cut -d' ' -f1-3 /proc/loadavg
}

# busy_ticks: CPU time the whole machine spent busy (all cores, clock ticks) since boot.
busy_ticks() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# idle_and_total_ticks: "IDLE TOTAL" clock ticks of all cores since boot (idle includes iowait).
idle_and_total_ticks() {
  awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print $5 + $6, t; exit }' /proc/stat
}

# own_ticks: CPU time (clock ticks) used by this script and everything it started: the processes
# still running (and their worker processes) and those already reaped (wrk, helpers).
own_ticks() {
  local total=0 p c
  # this shell: its own time plus that of its reaped children (fields 14-17)
  total=$(sed 's/.*) //' "/proc/$$/stat" | awk '{print $12 + $13 + $14 + $15}')
  for p in "${PIDS[@]}"; do
    for c in "$p" $(pgrep -P "$p" || true); do
      if [[ -r "/proc/$c/stat" ]]; then
        total=$((total + $(sed 's/.*) //' "/proc/$c/stat" | awk '{print $12 + $13}')))
      fi
    done
  done
  echo "$total"
}

# others_share BUSY_BEFORE OWN_BEFORE BUSY_AFTER OWN_AFTER SECONDS: the percentage of the
# machine's CPU capacity (all cores) used by processes this script did not start.
others_share() {
  awk -v b="$(($3 - $1))" -v o="$(($4 - $2))" -v s="$5" -v hz="$(getconf CLK_TCK)" \
    -v n="$(nproc)" 'BEGIN { x = (b - o) / (s * hz * n) * 100; if (x < 0) x = 0; printf "%.0f", x }'
}
