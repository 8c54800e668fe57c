#!/usr/bin/env bash
# Shared helpers for the local stack scripts: logging, state layout, ports, processes.
# Sourced, never run. Expects PHYLAX_HOME (repository root) to be set by the caller.

set -euo pipefail

: "${PHYLAX_HOME:?PHYLAX_HOME must point at the repository root}"
# shellcheck source=../stack.conf
source "$PHYLAX_HOME/deploy/local/stack.conf"

: "${PHYLAX_STATE_DIR:=$PHYLAX_HOME/.state}"
STATE="$PHYLAX_STATE_DIR"
LOGS="$STATE/logs"
PIDS="$STATE/run"
PARTS="$STATE/parts"
PKI="$STATE/pki"
SECRETS="$STATE/secrets"
CONFIG="$STATE/config"

log()  { printf '[phylax] %s\n' "$*" >&2; }
die()  { printf '[phylax] error: %s\n' "$*" >&2; exit 1; }

ensure_layout() {
  mkdir -p "$STATE" "$LOGS" "$PIDS" "$PARTS" "$PKI" "$SECRETS" "$CONFIG"
  chmod 700 "$SECRETS"
}

# A random secret kept in the state directory, created once.
secret() {
  local name="$1" file="$SECRETS/$1"
  if [[ ! -s "$file" ]]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  fi
  cat "$file"
}

# True when something accepts TCP connections on 127.0.0.1:port.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The PID recorded for a part, if that process is still alive.
running_pid() {
  local file="$PIDS/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid=$(cat "$file")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; return 0; fi
  rm -f "$file"
  return 1
}

# Refuse to start a part when another process already holds its port.
require_free_port() {
  local part="$1" port="$2"
  if port_open "$port"; then
    die "port $port (for $part) is already taken by another process. Stop it, or choose another port, e.g. $3=$((port + 10000)) make run"
  fi
}

# Start a command in the background with its own process group, logging to $LOGS/<part>.log.
spawn() {
  local part="$1"; shift
  # One log per run: the previous run's log is kept as <part>.log.1.
  [[ -f "$LOGS/$part.log" ]] && mv -f "$LOGS/$part.log" "$LOGS/$part.log.1"
  setsid "$@" >>"$LOGS/$part.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$part.pid"
}

# Wait until a command succeeds, or fail naming the part and its log.
wait_until() {
  local part="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! running_pid "$part" >/dev/null; then
      tail -n 30 "$LOGS/$part.log" >&2 || true
      die "$part exited during start-up; its log is $LOGS/$part.log"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 30 "$LOGS/$part.log" >&2 || true
      die "$part was not ready within ${seconds}s; its log is $LOGS/$part.log"
    fi
    sleep 0.5
  done
}

# Stop a part: TERM its process group, then KILL what is left after a grace period.
stop_part() {
  local part="$1" pid
  pid=$(running_pid "$part") || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$part did not stop within 30s; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$part.pid"
  log "stopped $part"
}

# The JDK (21 or newer) every Java part runs on.
java_home() {
  if [[ -z "${PHYLAX_JAVA_HOME:-}" ]]; then
    PHYLAX_JAVA_HOME=$("$PHYLAX_HOME/deploy/local/bin/find-jdk")
  fi
  echo "$PHYLAX_JAVA_HOME"
}

# Maven through the project's wrapper, on the JDK above.
mvnw() { JAVA_HOME="$(java_home)" "$PHYLAX_HOME/mvnw" -B -q "$@"; }
