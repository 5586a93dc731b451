#!/usr/bin/env bash
# Image builds: `splice build` next to `docker build` (BuildKit) on the local engine, for the
# same Dockerfiles (one multi-stage, one with several RUN steps), cold and after a one-file
# change, several runs with the two tools taking turns. Prints the time ratios, the image sizes,
# and whether two clean splice builds (two state directories, built at different times) give
# the same digest.
#
# Everything runs on this machine; nothing is pulled: the base image is made from Debian's
# busybox-static, once for each tool. A Docker daemon answering on the default socket is used
# as it is; otherwise one is started with its own data root, pidfile and socket in the work
# directory and stopped by PID at the end.
#
# SPLICE_JAR_SOURCE names the jar to measure (default: splice-cli/target/splice.jar). Every splice
# build runs through the ./splice launcher (SPLICE_JAR points it at the copied jar), as a user runs
# it: the build command alone, from the class-data-sharing archive that the launcher records on
# its first run with the jar (an untimed build of the base image). SPLICE_CDS=0 turns the archive
# off.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
SPLICE_JAR_SOURCE=${SPLICE_JAR_SOURCE:-$REPO_ROOT/splice-cli/target/splice.jar}
SPLICE_JAVA_OPTS=${SPLICE_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
SPLICE_CDS=${SPLICE_CDS:-1}
APPS=${APPS:-multistage runsteps}
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker || true)}

ensure_image_tools() {
  local missing=()
  [[ -x /bin/busybox ]] || missing+=(busybox-static)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v runc >/dev/null || [[ -x /usr/sbin/runc ]] || missing+=(runc)
  if ((${#missing[@]} > 0)); then
    [[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}; install them as root"
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    DOCKER=${DOCKER:-$(command -v docker)}
  fi
  [[ -n "$DOCKER" ]] || die "no docker command found (install docker.io)"
}

# Uses the engine on the default socket, or starts one of our own.
ensure_engine() {
  if "$DOCKER" info >/dev/null 2>&1; then
    log "using the Docker engine on the default socket"
    return
  fi
  local dir=$WORK/dockerd pid i
  mkdir -p "$dir"
  export DOCKER_HOST=unix://$dir/docker.sock
  start_bg pid "$dir/dockerd.log" dockerd --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" --host "$DOCKER_HOST" --bridge none --iptables=false
  for ((i = 0; i < 600; i++)); do
    "$DOCKER" info >/dev/null 2>&1 && { log "started dockerd (pid $pid)"; return; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$dir/dockerd.log" >&2
  die "dockerd did not start"
}

now() { date +%s.%N; }

splice_build() { # STATE CONTEXT [ARGS...]: prints the build's output; the digest is its last line
  local state=$1 ctx=$2
  shift 2
  SPLICE_JAR="$WORK/splice.jar" SPLICE_JAVA_OPTS="$SPLICE_JAVA_OPTS" SPLICE_CDS="$SPLICE_CDS" \
    "$REPO_ROOT/splice" build --state-dir "$state" "$ctx" "$@"
}

docker_build() { # TAG CONTEXT [ARGS...]
  local tag=$1 ctx=$2
  shift 2
  DOCKER_BUILDKIT=1 "$DOCKER" build --network none -q -t "$tag" "$@" "$ctx"
}

# --- contexts -----------------------------------------------------------------------------------

write_base() {
  local dir=$WORK/ctx/base applet
  mkdir -p "$dir/rootfs/bin" "$dir/rootfs/etc"
  cp /bin/busybox "$dir/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ "$applet" == busybox ]] || ln -sf busybox "$dir/rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' >"$dir/rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1000:\n' >"$dir/rootfs/etc/group"
  cat >"$dir/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/bin
CMD ["/bin/sh"]
EOF
}

write_multistage() {
  local dir=$WORK/ctx/multistage i
  mkdir -p "$dir/src" "$dir/config"
  for ((i = 0; i < 300; i++)); do
    head -c 4096 /dev/zero | tr '\0' "$(printf '\\%03o' $((97 + i % 26)))" >"$dir/src/part-$i.txt"
  done
  printf 'listen=8080\n' >"$dir/config/app.conf"
  cat >"$dir/Dockerfile" <<'EOF'
FROM busybox:bench AS build
WORKDIR /src
COPY src/ ./
RUN mkdir -p /out && for f in *.txt; do tr a-z A-Z < "$f" > "/out/$f"; done && cat /out/*.txt | sha256sum > /out/SUM
RUN cd /out && touch -t 200001010000 * && tar -cf /out.tar $(ls) && gzip -n -9 /out.tar

FROM busybox:bench
COPY --from=build /out.tar.gz /app/bundle.tar.gz
COPY --from=build /out/SUM /app/SUM
COPY config/ /etc/app/
USER app
CMD ["cat", "/app/SUM"]
EOF
}

write_runsteps() {
  local dir=$WORK/ctx/runsteps i
  mkdir -p "$dir/app"
  for ((i = 0; i < 50; i++)); do
    printf 'file %d\n' "$i" >"$dir/app/f$i.txt"
  done
  cat >"$dir/Dockerfile" <<'EOF'
FROM busybox:bench
RUN mkdir -p /data && seq 1 300000 > /data/numbers
RUN gzip -n -k /data/numbers && wc -l /data/numbers > /data/count
ARG LEVEL=2
RUN echo "level $LEVEL" > /etc/level && chmod 0600 /etc/level && rm /bin/vi
COPY app/ /app/
RUN cd /app && sha256sum *.txt > /app/SUMS
RUN rm /data/numbers && ln -s /data/numbers.gz /data/latest
WORKDIR /app
CMD ["cat", "/app/SUMS"]
EOF
}

# The one-file change: each call gives the file new content.
change_one_file() { # APP RUN
  case $1 in
    multistage) printf 'changed %s\n' "$2" >>"$WORK/ctx/multistage/src/part-7.txt" ;;
    runsteps) printf 'changed %s\n' "$2" >>"$WORK/ctx/runsteps/app/f7.txt" ;;
  esac
}

# --- measuring ----------------------------------------------------------------------------------

declare -A TIMES # key "app tool phase" -> space-separated seconds

record() { TIMES["$1 $2 $3"]+="$4 "; }

# The median of the numbers on standard input (lib.sh's median takes them as arguments).
median_stdin() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# One cold build and one rebuild after a one-file change, with splice, in a new state directory.
run_splice() { # APP RUN
  local app=$1 run=$2
  local state=$WORK/state/splice-$app-$run t0 t1 t2
  mkdir -p "$state"
  splice_build "$state" "$WORK/ctx/base" -t busybox:bench >/dev/null
  t0=$(now)
  splice_build "$state" "$WORK/ctx/$app" -t "$app:bench" >"$WORK/logs/splice-$app-$run-cold.log"
  t1=$(now)
  change_one_file "$app" "splice-$run"
  splice_build "$state" "$WORK/ctx/$app" -t "$app:bench" >"$WORK/logs/splice-$app-$run-change.log"
  t2=$(now)
  record "$app" splice cold "$(echo "$t1 - $t0" | bc)"
  record "$app" splice change "$(echo "$t2 - $t1" | bc)"
  rm -rf "$state"
}

# The same with docker build: the build cache is emptied first; the base stays loaded.
run_docker() { # APP RUN
  local app=$1 run=$2 t0 t1 t2
  "$DOCKER" image rm -f "$app:bench" >/dev/null 2>&1 || true
  "$DOCKER" builder prune -af >/dev/null 2>&1 || true
  t0=$(now)
  docker_build "$app:bench" "$WORK/ctx/$app" >"$WORK/logs/docker-$app-$run-cold.log" 2>&1
  t1=$(now)
  change_one_file "$app" "docker-$run"
  docker_build "$app:bench" "$WORK/ctx/$app" >"$WORK/logs/docker-$app-$run-change.log" 2>&1
  t2=$(now)
  record "$app" docker cold "$(echo "$t1 - $t0" | bc)"
  record "$app" docker change "$(echo "$t2 - $t1" | bc)"
}

# Uncompressed bytes of the layers of an OCI layout's only image.
oci_uncompressed_size() { # DIR
  local dir=$1 manifest total=0 layer
  manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/index.json"))["manifests"][0]["digest"].split(":")[1])' "$dir")
  for layer in $(python3 -c 'import json,sys; [print(l["digest"].split(":")[1]) for l in json.load(open(sys.argv[1]))["layers"]]' "$dir/blobs/sha256/$manifest"); do
    total=$((total + $(gzip -dc "$dir/blobs/sha256/$layer" | wc -c)))
  done
  echo "$total"
}

oci_compressed_size() { # DIR
  python3 -c '
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/index.json"))["manifests"][0]["digest"].split(":")[1]
man = json.load(open(d + "/blobs/sha256/" + m))
print(man["config"]["size"] + sum(l["size"] for l in man["layers"]))' "$1"
}

# Two clean builds in two state directories, a second apart; prints both digests.
clean_digests() { # APP
  local app=$1 a b
  mkdir -p "$WORK/state/d1" "$WORK/state/d2"
  splice_build "$WORK/state/d1" "$WORK/ctx/base" -t busybox:bench >/dev/null
  a=$(splice_build "$WORK/state/d1" "$WORK/ctx/$app" --oci-layout "$WORK/oci-$app" | tail -n 1)
  sleep 1.5
  splice_build "$WORK/state/d2" "$WORK/ctx/base" -t busybox:bench >/dev/null
  b=$(splice_build "$WORK/state/d2" "$WORK/ctx/$app" | tail -n 1)
  rm -rf "$WORK/state/d1" "$WORK/state/d2"
  echo "$a $b"
}

main() {
  [[ -f "$SPLICE_JAR_SOURCE" ]] || {
    echo "image-build: $SPLICE_JAR_SOURCE is missing; build it first (mvn -q -B -DskipTests package at the repository root)" >&2
    exit 1
  }
  command -v bc >/dev/null || die "bc is needed (apt-get install bc)"
  bench_init
  cp "$SPLICE_JAR_SOURCE" "$WORK/splice.jar"
  ensure_image_tools
  ensure_engine
  mkdir -p "$WORK/logs" "$WORK/state"
  write_base
  write_multistage
  write_runsteps
  docker_build busybox:bench "$WORK/ctx/base" >/dev/null
  if [[ "$SPLICE_CDS" == 1 ]]; then # the launcher records the archive on its first run; not timed
    splice_build "$WORK/state/cds" "$WORK/ctx/base" -t busybox:bench >/dev/null
    rm -rf "$WORK/state/cds"
    compgen -G "$WORK/splice-*.jsa" >/dev/null || die "the launcher made no class-data-sharing archive"
    log "splice builds start with the class-data-sharing archive $(compgen -G "$WORK/splice-*.jsa")"
  fi
  log "docker: $("$DOCKER" version --format '{{.Server.Version}}'), builder BuildKit; splice: $WORK/splice.jar"
  log "load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg)"

  local app run
  for ((run = 1; run <= RUNS; run++)); do
    for app in $APPS; do
      if ((run % 2)); then
        run_splice "$app" "$run"
        run_docker "$app" "$run"
      else
        run_docker "$app" "$run"
        run_splice "$app" "$run"
      fi
      log "run $run/$RUNS $app done"
    done
  done

  printf '\n%-11s %-7s %8s %8s %7s   (median seconds of %d runs; ratio = splice / docker)\n' \
    app phase splice docker ratio "$RUNS"
  local phase s d
  for app in $APPS; do
    for phase in cold change; do
      s=$(echo "${TIMES["$app splice $phase"]}" | median_stdin)
      d=$(echo "${TIMES["$app docker $phase"]}" | median_stdin)
      printf '%-11s %-7s %8.2f %8.2f %7.2f\n' "$app" "$phase" "$s" "$d" "$(echo "$s / $d" | bc -l)"
    done
  done

  printf '\n%-11s %14s %16s %16s   %s\n' app splice-gzip splice-unpacked docker-unpacked "two clean splice builds"
  local digests same
  for app in $APPS; do
    digests=$(clean_digests "$app")
    read -r a b <<<"$digests"
    same=$([[ -n "$a" && "$a" == "$b" ]] && echo "identical digests" || echo "DIFFERENT: $a vs $b")
    printf '%-11s %14s %16s %16s   %s\n' "$app" "$(oci_compressed_size "$WORK/oci-$app")" \
      "$(oci_uncompressed_size "$WORK/oci-$app")" "$("$DOCKER" image inspect -f '{{.Size}}' "$app:bench")" "$same"
  done
  echo
  echo "sizes in bytes; the first cold run of each tool includes its warm-up"
  echo "splice JVM options: $SPLICE_JAVA_OPTS; class-data-sharing archive: $([[ "$SPLICE_CDS" == 1 ]] && echo yes || echo no)"
  echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
}

main "$@"
