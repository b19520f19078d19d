#!/usr/bin/env bash
# A Docker engine for the containers tests on a machine that has none running: `engine.sh start` installs Debian's
# docker.io (and docker-compose v1) when missing, starts dockerd by hand (no systemd here) with every published
# port on loopback, and waits until it answers; `engine.sh stop` stops only an engine this script started.
set -euo pipefail

STATE_DIR="${RCM_DOCKER_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rcm/docker-engine}"
PID_FILE="$STATE_DIR/dockerd.pid"
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=docker

engine_answers() { "$DOCKER" info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io iptables)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "engine.sh: needs ${missing[*]} and is not root; install them or start a Docker engine" >&2
    exit 1
  fi
  echo "engine.sh: installing ${missing[*]} from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}

start() {
  if engine_answers; then
    echo "engine.sh: a Docker engine already answers; using it (and leaving it running)" >&2
    rm -f "$PID_FILE"  # not ours to stop
    return 0
  fi
  install_packages
  mkdir -p "$STATE_DIR"
  # "ip" binds every published port to loopback: the containers stack is for this machine only.
  cat > "$STATE_DIR/daemon.json" <<JSON
{"data-root": "$STATE_DIR/data", "ip": "127.0.0.1", "storage-driver": "overlay2"}
JSON
  nohup dockerd --config-file "$STATE_DIR/daemon.json" >"$STATE_DIR/dockerd.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 60); do
    engine_answers && { echo "engine.sh: dockerd started (pid $(cat "$PID_FILE"))" >&2; return 0; }
    sleep 0.5
  done
  echo "engine.sh: dockerd did not answer within 30 s; see $STATE_DIR/dockerd.log" >&2
  tail -20 "$STATE_DIR/dockerd.log" >&2 || true
  exit 1
}

stop() {
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: engine.sh start|stop" >&2; exit 2 ;;
esac
