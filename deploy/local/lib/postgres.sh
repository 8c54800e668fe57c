#!/usr/bin/env bash
# PostgreSQL from Debian's packages, run as an unprivileged user (never root), one database and role per service.

PG_DIR() { echo "$STATE/postgres"; }

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing PostgreSQL from Debian's packages (once)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
      die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install the 'postgresql' package"
    fi
  fi
  echo "$dir"
}

# The OS user PostgreSQL runs as: 'postgres' when we are root, else ourselves.
pg_os_user() { if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi; }

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The postgres user must be able to reach the state directory; open the traversal bit where it is missing.
pg_reach_state() {
  [[ $(id -u) -eq 0 ]] || return 0
  id postgres >/dev/null 2>&1 || die "the 'postgres' OS user is missing (install the 'postgresql' package)"
  local dir="$STATE"
  while [[ "$dir" != "/" ]]; do
    if ! runuser -u postgres -- test -x "$dir"; then
      log "letting the postgres user traverse $dir (chmod o+x) to reach its data directory"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

pg_psql() { as_pg "$(pg_bindir)/psql" -h "$(PG_DIR)/run" -p "$PHYLAX_PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

pg_up() {
  ensure_layout
  local bin dir; bin=$(pg_bindir); dir=$(PG_DIR)
  if running_pid postgres >/dev/null; then log "postgres already running"; pg_provision; return 0; fi
  require_free_port postgres "$PHYLAX_PG_PORT" PHYLAX_PG_PORT
  pg_reach_state
  mkdir -p "$dir/run"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    log "initialising PostgreSQL in $dir/data"
    rm -rf "$dir/data"; mkdir -p "$dir/data"
    chown -R "$(pg_os_user)" "$dir"; chmod 700 "$dir/data"
    as_pg "$bin/initdb" -D "$dir/data" -U "$(pg_os_user)" --auth-local=peer --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >>"$LOGS/postgres.log" 2>&1 || die "initdb failed; see $LOGS/postgres.log"
  fi
  chown -R "$(pg_os_user)" "$dir"
  spawn postgres $( [[ $(id -u) -eq 0 ]] && echo runuser -u postgres -- ) "$bin/postgres" -D "$dir/data" \
    -c listen_addresses=127.0.0.1 -c port="$PHYLAX_PG_PORT" -c unix_socket_directories="$dir/run" \
    -c max_connections=200 -c password_encryption=scram-sha-256
  wait_until postgres 60 "$bin/pg_isready" -q -h 127.0.0.1 -p "$PHYLAX_PG_PORT"
  log "postgres ready on 127.0.0.1:$PHYLAX_PG_PORT"
  pg_provision
}

pg_db_name() { echo "${1//-/_}"; }

# Per service: a database owned by <svc>_owner (migrations only) and a runtime role <svc> that gets only
# what the migrations grant it. No service's roles may connect to another service's database.
pg_provision() {
  local svc db pw owner_pw
  for svc in $PHYLAX_SERVICES; do
    db=$(pg_db_name "$svc"); pw=$(secret "db-$svc"); owner_pw=$(secret "db-$svc-owner")
    pg_psql <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$db') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db') \gexec
SELECT format('CREATE ROLE %I LOGIN', '${db}_owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${db}_owner') \gexec
ALTER ROLE "$db" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$pw';
ALTER ROLE "${db}_owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$owner_pw';
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '${db}_owner') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
ALTER DATABASE "$db" OWNER TO "${db}_owner";
REVOKE ALL ON DATABASE "$db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$db" TO "$db";
GRANT CONNECT ON DATABASE "$db" TO "${db}_owner";
SQL
  done
  pg_psql -c "REVOKE ALL ON DATABASE postgres FROM PUBLIC"
}

pg_down() {
  local pid
  if pid=$(running_pid postgres); then
    as_pg "$(pg_bindir)/pg_ctl" -D "$(PG_DIR)/data" -m fast -w -t 30 stop >>"$LOGS/postgres.log" 2>&1 || true
  fi
  stop_part postgres
}

pg_jdbc_url() {
  local db; db=$(pg_db_name "$1")
  echo "jdbc:postgresql://127.0.0.1:$PHYLAX_PG_PORT/$db?user=$db&password=$(secret "db-$1")"
}
