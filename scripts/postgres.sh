#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for CrmActors' tests and local runs.
#
#   scripts/postgres.sh ensure   install Debian's postgresql with apt-get if no /usr/lib/postgresql/*/bin/pg_ctl exists
#   scripts/postgres.sh start    ensure, then start (or reuse) a cluster on 127.0.0.1:$CRM_PG_PORT with database
#                                'crmactors' and role 'crm' (password 'crm'); prints ONLY the connection string
#   scripts/postgres.sh stop     stop the cluster and remove its data directory
#   scripts/postgres.sh status   exit 0 if the cluster is up and accepts connections
#
# Environment: CRM_PG_PORT (default 55432), CRM_PG_DATA (default /tmp/crmactors-pg-$CRM_PG_PORT),
# CRM_PG_DURABLE=1 (a cluster that flushes: fsync, synchronous_commit and full_page_writes on, as a production server;
# for durable benchmark figures — the default cluster is for tests only).
# Works as root with no input (the server runs as the 'postgres' OS user: initdb refuses root), twice in a row,
# and after a previous run left a cluster behind (a live one is reused, a dead one is wiped and recreated).
# The cluster is for tests only: its own pg_hba.conf trusts local and 127.0.0.1 connections, fsync is off.
# Everything but the connection string goes to stderr, so CRM_PG=$(scripts/postgres.sh start) works.
set -euo pipefail

PORT=${CRM_PG_PORT:-55432}
DURABLE=${CRM_PG_DURABLE:-0}
DATA=${CRM_PG_DATA:-/tmp/crmactors-pg-$PORT}
DB=crmactors
ROLE=crm
PASSWORD=crm

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Newest installed server version's bin directory, or nothing.
pg_bin() {
    local ctl
    ctl=$(ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $ctl ]] && dirname "$ctl"
    return 0
}

cmd_ensure() {
    if [[ -n $(pg_bin) ]]; then
        return 0
    fi
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)."
    command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available."
    log "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for a dpkg lock held by another apt run instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends postgresql >&2
    [[ -n $(pg_bin) ]] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/pg_ctl exists."
}

# The server must not run as root; as root we run its tools as 'postgres', otherwise as the calling user.
server_user() {
    if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi
}

as_server() {
    if [[ $(id -u) -eq 0 ]]; then
        # cd: postgres cannot read root's working directory, and the tools complain about it.
        (cd /tmp && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_server_user() {
    [[ $(id -u) -eq 0 ]] || return 0
    id postgres >/dev/null 2>&1 && return 0
    log "creating the 'postgres' OS user"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# 0 when a postmaster of OUR data directory is alive. A postmaster.pid left by a dead server (whose pid may since
# belong to an unrelated process) does not count.
postmaster_alive() {
    local pidfile="$DATA/postmaster.pid" pid
    [[ -f $pidfile ]] || return 1
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -d /proc/$pid ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]] || return 1
    # The process must be serving this data directory (its cwd is the data directory).
    [[ $(readlink -f "/proc/$pid/cwd" 2>/dev/null) == "$(readlink -f "$DATA")" ]]
}

accepts_connections() {
    "$1/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
}

wait_ready() {
    local bin=$1 i
    for i in $(seq 1 60); do
        accepts_connections "$bin" && return 0
        sleep 0.5
    done
    return 1
}

psql_admin() {
    local bin=$1; shift
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@" >&2
}

init_cluster() {
    local bin=$1 user
    user=$(server_user)
    log "creating a throwaway cluster in $DATA on port $PORT"
    rm -rf "$DATA"
    mkdir -p "$DATA"
    chown "$user:" "$DATA"
    chmod 700 "$DATA"
    as_server "$bin/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >/dev/null 2>"$DATA.initdb.log" \
        || { cat "$DATA.initdb.log" >&2; die "initdb failed"; }
    rm -f "$DATA.initdb.log"
    # Our own access rules: trust local sockets and 127.0.0.1 only (Debian's default asks for passwords).
    cat >"$DATA/pg_hba.conf" <<EOF
# CrmActors throwaway test cluster: trust on this machine only.
local   all  all                 trust
host    all  all  127.0.0.1/32   trust
EOF
    cat >>"$DATA/postgresql.conf" <<EOF

# --- CrmActors throwaway test cluster (scripts/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
max_connections = 200
EOF
    if [[ $DURABLE == 1 ]]; then
        log "durable settings: fsync, synchronous_commit and full_page_writes on"
        cat >>"$DATA/postgresql.conf" <<EOF
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 512MB
EOF
    else
        cat >>"$DATA/postgresql.conf" <<EOF
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
    chown "$user:" "$DATA/pg_hba.conf" "$DATA/postgresql.conf"
}

start_server() {
    local bin=$1
    # 9>&-: the server must not inherit the lock of with_lock, or it would hold it for its whole life.
    as_server "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null 9>&- \
        || { tail -n 30 "$DATA/server.log" >&2 || true; die "the server did not start (is port $PORT taken?)"; }
    wait_ready "$bin" || { tail -n 30 "$DATA/server.log" >&2 || true; die "the server does not accept connections"; }
}

create_database() {
    local bin=$1
    psql_admin "$bin" <<EOF
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
    END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB OWNER $ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB')
\gexec
EOF
}

cmd_start() {
    cmd_ensure
    ensure_server_user
    local bin
    bin=$(pg_bin)
    if postmaster_alive && wait_ready "$bin"; then
        log "reusing the running cluster in $DATA"
    else
        if [[ -e $DATA ]]; then
            log "removing a stale cluster left in $DATA"
            if postmaster_alive; then
                as_server "$bin/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
            fi
        fi
        init_cluster "$bin"
        start_server "$bin"
    fi
    create_database "$bin"
    echo "Host=127.0.0.1;Port=$PORT;Database=$DB;Username=$ROLE;Password=$PASSWORD"
}

cmd_stop() {
    local bin
    bin=$(pg_bin)
    if [[ -n $bin ]] && postmaster_alive; then
        as_server "$bin/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_server "$bin/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || log "warning: could not stop the server of $DATA"
    fi
    if [[ -e $DATA ]]; then
        rm -rf "$DATA"
        log "removed $DATA"
    fi
}

cmd_status() {
    local bin
    bin=$(pg_bin)
    [[ -n $bin ]] && postmaster_alive && accepts_connections "$bin"
}

# start and stop of one cluster take turns (two test processes starting it at once must not both initdb).
with_lock() {
    exec 9>"$DATA.lock"
    flock -w 600 9 || die "timed out waiting for $DATA.lock"
    "$@"
}

case "${1:-}" in
    ensure) cmd_ensure ;;
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop; rm -f "$DATA.lock" ;;
    status) cmd_status ;;
    *) echo "usage: $0 ensure|start|stop|status" >&2; exit 2 ;;
esac
