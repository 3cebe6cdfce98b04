# A throw-away PostgreSQL 15 on loopback for the work-store tests. Sourced, not executed.
#   start_test_postgres   initdb once, start (or reuse) the server, export CLUSTER_TEST_POSTGRES
#   stop_test_postgres    stop it (the data directory is kept for the next run)
# Port: $CLUSTER_TEST_PG_PORT (default 55432); data: /tmp/cluster-test-pg.

CLUSTER_TEST_PG_BIN=/usr/lib/postgresql/15/bin
CLUSTER_TEST_PG_DIR=/tmp/cluster-test-pg

# pg_ctl and initdb refuse to run as root, so root runs them as the postgres user.
_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

_ensure_postgres_binaries() {
  [ -x "$CLUSTER_TEST_PG_BIN/pg_ctl" ] && return 0
  local line="apt-get update && apt-get install -y --no-install-recommends postgresql-15"
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing PostgreSQL 15 (postgresql-15)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15) >&2
  else
    echo "PostgreSQL 15 is missing; run as root:" >&2
    echo "  sudo sh -c '$line'" >&2
    return 1
  fi
}

start_test_postgres() {
  local port="${CLUSTER_TEST_PG_PORT:-55432}"
  local dir="$CLUSTER_TEST_PG_DIR"
  _ensure_postgres_binaries || return 1

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/data" "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir"; fi
    chmod 700 "$dir/data"
    _pg_as_owner "$CLUSTER_TEST_PG_BIN/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >$dir/initdb.log 2>&1" || {
      echo "initdb failed, see $dir/initdb.log" >&2
      return 1
    }
  fi

  if ! _pg_as_owner "$CLUSTER_TEST_PG_BIN/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
    # max_connections: the contract tests run 8 concurrent claimers per store plus listeners.
    _pg_as_owner "$CLUSTER_TEST_PG_BIN/pg_ctl -D $dir/data -l $dir/log -o \"-k $dir/sock -h 127.0.0.1 -p $port -c max_connections=300 -c fsync=off\" -w start" >/dev/null || {
      echo "PostgreSQL did not start, see $dir/log" >&2
      return 1
    }
  fi

  local i
  for i in $(seq 1 100); do
    if "$CLUSTER_TEST_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      export CLUSTER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      return 0
    fi
    sleep 0.1
  done
  echo "PostgreSQL on 127.0.0.1:$port does not accept connections, see $dir/log" >&2
  return 1
}

stop_test_postgres() {
  local dir="$CLUSTER_TEST_PG_DIR"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  _pg_as_owner "$CLUSTER_TEST_PG_BIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null
}
