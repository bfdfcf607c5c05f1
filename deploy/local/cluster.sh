#!/usr/bin/env bash
# A real CrmActors cluster on 127.0.0.1: N standalone silo processes (src/Silo) and M API processes (src/Api in
# Hosting:Mode=Client) against one PostgreSQL. Every process is a plain `dotnet <dll>` started from a Release build
# made once; pid files and logs live in the run directory.
#
#   deploy/local/cluster.sh start                  build (once), then start the silos, wait for them, start the APIs,
#                                                  wait until every API answers /health/ready
#   deploy/local/cluster.sh stop                   stop every process (SIGTERM, then SIGKILL after 20 s)
#   deploy/local/cluster.sh down                   stop, and stop PostgreSQL too if this script started it
#                                                  (scripts/postgres.sh stop: its data directory is removed)
#   deploy/local/cluster.sh status                 one line per process: alive or dead, pid, ports, health
#   deploy/local/cluster.sh kill9 <silo|api> <n>   kill -9 process n (1-based) of that kind, nothing else
#   deploy/local/cluster.sh restart <silo|api> <n> stop process n (kill -9 if it does not stop) and start it again
#                                                  on the same ports, waiting until it is up
#   deploy/local/cluster.sh wait-ready             wait until every live process is up (silo gateways, API ready)
#   deploy/local/cluster.sh build                  publish src/Silo and src/Api again into the run directory (after a
#                                                  code change; restart the processes to run it)
#   deploy/local/cluster.sh prometheus             start Debian's prometheus (installed when missing) scraping every
#                                                  process with deploy/prometheus/prometheus.yml; stop/down stop it too
#
# Environment (read by start and remembered in $CRM_RUN_DIR/cluster.env for the other commands):
#   CRM_SILOS (3)  CRM_APIS (2)            how many of each
#   CRM_PG                                 connection string; without it `start` runs scripts/postgres.sh start
#   CRM_RUN_DIR (/tmp/crmactors-cluster)   pid files, logs, shared keys, the build
#   CRM_SILO_PORT_BASE (11111)             silo n listens on base+n-1 (silo-to-silo)
#   CRM_GATEWAY_PORT_BASE (30000)          silo n's gateway (Orleans clients: the API nodes) on base+n-1
#   CRM_API_PORT_BASE (8080)               API n on http://127.0.0.1:base+n-1
#   CRM_METRICS_PORT_BASE (9464)           silo n's /metrics on http://127.0.0.1:base+n-1 (Metrics:Port)
#   CRM_PROMETHEUS_PORT (9090)             `prometheus`: its web UI on http://127.0.0.1:port
#   CRM_PROMETHEUS_API_KEY                 `prometheus`: the ingest API key it scrapes the API nodes with (default:
#                                          the demo key, when CRM_DEMO is true)
#   CRM_DASHBOARD (true)                   Dashboard:Enabled on every process: Orleans' dashboard for admins at
#                                          http://127.0.0.1:<API port>/dashboard
#   CRM_SILO_DLL, CRM_API_DLL              run these already built dlls instead of building (tests do this)
#   CRM_SIGNING_KEY                        Auth:SigningKey shared by the API nodes (default: random, kept in the run dir)
#   CRM_DEMO (true)                        Hosting:Demo: demo ingest key and staff sign-ins on the API nodes, which
#                                          then run in the Development environment (Production refuses demo identities)
#   CRM_LOG_LEVEL (Information)            default log level of every process (Orleans itself logs from Warning)
#   CRM_PROCESS_ARGS                       extra arguments for every process (e.g. "--Ingest:RetryAfterSeconds 1")
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${CRM_RUN_DIR:-/tmp/crmactors-cluster}
ENV_FILE=$RUN/cluster.env

log() { echo "cluster.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- configuration: from the environment on start, from the run directory afterwards --------------------------------
load_config() {
    if [[ -f $ENV_FILE ]]; then
        # shellcheck disable=SC1090
        source "$ENV_FILE"
    fi
    SILOS=${CRM_SILOS:-${SILOS:-3}}
    APIS=${CRM_APIS:-${APIS:-2}}
    SILO_PORT_BASE=${CRM_SILO_PORT_BASE:-${SILO_PORT_BASE:-11111}}
    GATEWAY_PORT_BASE=${CRM_GATEWAY_PORT_BASE:-${GATEWAY_PORT_BASE:-30000}}
    API_PORT_BASE=${CRM_API_PORT_BASE:-${API_PORT_BASE:-8080}}
    METRICS_PORT_BASE=${CRM_METRICS_PORT_BASE:-${METRICS_PORT_BASE:-9464}}
    PROMETHEUS_PORT=${CRM_PROMETHEUS_PORT:-${PROMETHEUS_PORT:-9090}}
    DASHBOARD=${CRM_DASHBOARD:-${DASHBOARD:-true}}
    DEMO=${CRM_DEMO:-${DEMO:-true}}
    LOG_LEVEL=${CRM_LOG_LEVEL:-${LOG_LEVEL:-Information}}
    PROCESS_ARGS=${CRM_PROCESS_ARGS:-${PROCESS_ARGS:-}}
    PG=${CRM_PG:-${PG:-}}
    SILO_DLL=${CRM_SILO_DLL:-${SILO_DLL:-}}
    API_DLL=${CRM_API_DLL:-${API_DLL:-}}
    PG_STARTED=${PG_STARTED:-0}
}

save_config() {
    mkdir -p "$RUN"
    {
        printf 'SILOS=%q\nAPIS=%q\n' "$SILOS" "$APIS"
        printf 'SILO_PORT_BASE=%q\nGATEWAY_PORT_BASE=%q\nAPI_PORT_BASE=%q\n' "$SILO_PORT_BASE" "$GATEWAY_PORT_BASE" "$API_PORT_BASE"
        printf 'METRICS_PORT_BASE=%q\nPROMETHEUS_PORT=%q\nDASHBOARD=%q\n' "$METRICS_PORT_BASE" "$PROMETHEUS_PORT" "$DASHBOARD"
        printf 'DEMO=%q\nLOG_LEVEL=%q\nPROCESS_ARGS=%q\n' "$DEMO" "$LOG_LEVEL" "$PROCESS_ARGS"
        printf 'PG=%q\nPG_STARTED=%q\n' "$PG" "$PG_STARTED"
        printf 'SILO_DLL=%q\nAPI_DLL=%q\n' "$SILO_DLL" "$API_DLL"
    } >"$ENV_FILE"
}

silo_port() { echo $((SILO_PORT_BASE + $1 - 1)); }
gateway_port() { echo $((GATEWAY_PORT_BASE + $1 - 1)); }
api_port() { echo $((API_PORT_BASE + $1 - 1)); }
metrics_port() { echo $((METRICS_PORT_BASE + $1 - 1)); }
pid_file() { echo "$RUN/$1-$2.pid"; }
log_file() { echo "$RUN/$1-$2.log"; }

# ---- build once ---------------------------------------------------------------------------------------------------
build() {
    if [[ ${1:-} != force && -n $SILO_DLL && -n $API_DLL ]]; then
        [[ -f $SILO_DLL ]] || die "CRM_SILO_DLL=$SILO_DLL does not exist"
        [[ -f $API_DLL ]] || die "CRM_API_DLL=$API_DLL does not exist"
        return 0
    fi
    log "building src/Silo and src/Api in Release into $RUN/app (once; later starts reuse it)"
    # Published copies: rebuilding the repository while the cluster runs does not swap dlls under live processes.
    dotnet publish "$REPO/src/Silo/CrmActors.Silo.csproj" -c Release --nologo -v q -o "$RUN/app/silo" >&2
    dotnet publish "$REPO/src/Api/CrmActors.Api.csproj" -c Release --nologo -v q -o "$RUN/app/api" >&2
    SILO_DLL=$RUN/app/silo/CrmActors.Silo.dll
    API_DLL=$RUN/app/api/CrmActors.Api.dll
}

# ---- processes ----------------------------------------------------------------------------------------------------
# The pid in a pid file, if that process is alive and is ours (a reused pid running something else does not count).
live_pid() {
    local file pid
    file=$(pid_file "$1" "$2")
    [[ -f $file ]] || return 1
    pid=$(cat "$file" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -d /proc/$pid ]] || return 1
    local state
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo Z)
    [[ $state != Z ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--crm-instance $1-$2 " || return 1
    echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

api_ready() { curl -fsS -m 5 "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }

start_one() {
    local kind=$1 n=$2 dll args pid
    if pid=$(live_pid "$kind" "$n"); then
        log "$kind $n already runs (pid $pid)"
        return 0
    fi
    mkdir -p "$RUN/keys"
    # Identifies the process in its command line (live_pid checks it) and is ignored by the application.
    args=(--crm-instance "$kind-$n" --Postgres:ConnectionString "$PG" --Logging:LogLevel:Default "$LOG_LEVEL"
          --Logging:LogLevel:Orleans Warning --Logging:LogLevel:Microsoft.AspNetCore Warning --Dashboard:Enabled "$DASHBOARD")
    if [[ $kind == silo ]]; then
        dll=$SILO_DLL
        args+=(--Orleans:SiloPort "$(silo_port "$n")" --Orleans:GatewayPort "$(gateway_port "$n")"
               --Metrics:Port "$(metrics_port "$n")")
    else
        dll=$API_DLL
        args+=(--Hosting:Mode Client --Hosting:Demo "$DEMO" --urls "http://127.0.0.1:$(api_port "$n")"
               --Auth:SigningKey "$(cat "$RUN/signing-key")" --DataProtection:KeysPath "$RUN/keys")
    fi
    # shellcheck disable=SC2206
    [[ -n $PROCESS_ARGS ]] && args+=($PROCESS_ARGS)
    # Demo identities are refused in the Production environment (docs/security.md): an API node with them runs as
    # Development, which only warns. Otherwise the environment is inherited (Production unless set).
    local environment=()
    [[ $kind == api && ${DEMO,,} == true ]] && environment=(DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development)
    echo "=== $(date -Is) start $kind $n" >>"$(log_file "$kind" "$n")"
    # setsid: the process outlives this shell and gets none of its terminal's signals; env/nohup/setsid exec, so $! is
    # the dotnet process itself.
    (cd "$(dirname "$dll")" && exec env "${environment[@]}" nohup setsid dotnet "$dll" "${args[@]}" >>"$(log_file "$kind" "$n")" 2>&1 </dev/null) &
    local started=$!
    echo "$started" >"$(pid_file "$kind" "$n")"
    # Until the subshell has exec'd dotnet its command line is this script's: wait for that, so live_pid (which
    # recognises our processes by their command line) does not take a process still starting for a dead one.
    local i
    for ((i = 0; i < 100; i++)); do
        live_pid "$kind" "$n" >/dev/null && break
        [[ -d /proc/$started ]] || break
        sleep 0.05
    done
    log "started $kind $n (pid $started)"
}

wait_up() {
    local kind=$1 n=$2 timeout=${3:-180} i
    for ((i = 0; i < timeout * 4; i++)); do
        live_pid "$kind" "$n" >/dev/null || { tail -n 40 "$(log_file "$kind" "$n")" >&2 || true; die "$kind $n exited while starting"; }
        if [[ $kind == silo ]]; then
            port_open "$(gateway_port "$n")" && return 0
        else
            api_ready "$(api_port "$n")" && return 0
        fi
        sleep 0.25
    done
    tail -n 40 "$(log_file "$kind" "$n")" >&2 || true
    die "$kind $n is not up after ${timeout} s"
}

stop_one() {
    local kind=$1 n=$2 pid i
    pid=$(live_pid "$kind" "$n") || { rm -f "$(pid_file "$kind" "$n")"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 80; i++)); do
        live_pid "$kind" "$n" >/dev/null || break
        sleep 0.25
    done
    if live_pid "$kind" "$n" >/dev/null; then
        log "$kind $n did not stop in 20 s; kill -9"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(pid_file "$kind" "$n")"
    log "stopped $kind $n"
}

count_of() { if [[ $1 == silo ]]; then echo "$SILOS"; else echo "$APIS"; fi; }

check_target() {
    [[ ${1:-} == silo || ${1:-} == api ]] || die "expected silo or api, got '${1:-}'"
    [[ ${2:-} =~ ^[0-9]+$ ]] && ((${2} >= 1 && ${2} <= $(count_of "$1"))) || die "expected $1 number 1..$(count_of "$1"), got '${2:-}'"
}

# ---- commands -----------------------------------------------------------------------------------------------------
cmd_start() {
    load_config
    mkdir -p "$RUN"
    if [[ -z $PG ]]; then
        log "no CRM_PG: starting a throwaway PostgreSQL with scripts/postgres.sh"
        PG=$("$REPO/scripts/postgres.sh" start)
        PG_STARTED=1
    fi
    build
    [[ -f $RUN/signing-key ]] || {
        if [[ -n ${CRM_SIGNING_KEY:-} ]]; then printf '%s' "$CRM_SIGNING_KEY"; else head -c 48 /dev/urandom | base64 | tr -d '\n/+='; fi
    } >"$RUN/signing-key"
    chmod 600 "$RUN/signing-key"
    save_config
    local n
    # Silos first: an API node is an Orleans client and needs a gateway to connect to.
    for ((n = 1; n <= SILOS; n++)); do start_one silo "$n"; done
    for ((n = 1; n <= SILOS; n++)); do wait_up silo "$n"; done
    for ((n = 1; n <= APIS; n++)); do start_one api "$n"; done
    for ((n = 1; n <= APIS; n++)); do wait_up api "$n"; done
    log "cluster up: $SILOS silo(s), $APIS API node(s); run directory $RUN"
    for ((n = 1; n <= APIS; n++)); do echo "http://127.0.0.1:$(api_port "$n")"; done
}

cmd_stop() {
    load_config
    stop_prometheus
    local n
    # APIs first (they stop taking events), then the silos (each leaves the membership gracefully).
    for ((n = 1; n <= APIS; n++)); do stop_one api "$n"; done
    for ((n = SILOS; n >= 1; n--)); do stop_one silo "$n"; done
}

cmd_down() {
    cmd_stop
    if [[ $PG_STARTED == 1 ]]; then
        "$REPO/scripts/postgres.sh" stop
        PG_STARTED=0
        PG=
        save_config
    fi
}

cmd_status() {
    load_config
    [[ -f $ENV_FILE ]] || { log "no cluster in $RUN"; exit 1; }
    local n pid all=0
    for ((n = 1; n <= SILOS; n++)); do
        if pid=$(live_pid silo "$n"); then
            local up=starting; port_open "$(gateway_port "$n")" && up=up
            echo "silo $n  alive pid $pid  silo port $(silo_port "$n")  gateway $(gateway_port "$n")  metrics $(metrics_port "$n")  $up"
        else
            echo "silo $n  dead              silo port $(silo_port "$n")  gateway $(gateway_port "$n")"; all=1
        fi
    done
    for ((n = 1; n <= APIS; n++)); do
        if pid=$(live_pid api "$n"); then
            local ready=not-ready; api_ready "$(api_port "$n")" && ready=ready
            echo "api  $n  alive pid $pid  http://127.0.0.1:$(api_port "$n")  $ready"
        else
            echo "api  $n  dead              http://127.0.0.1:$(api_port "$n")"; all=1
        fi
    done
    if pid=$(prometheus_pid); then echo "prometheus  alive pid $pid  http://127.0.0.1:$PROMETHEUS_PORT"; fi
    return $all
}

cmd_kill9() {
    load_config
    check_target "$@"
    local pid
    pid=$(live_pid "$1" "$2") || die "$1 $2 is not running"
    kill -KILL "$pid"
    echo "=== $(date -Is) kill -9 $1 $2 (pid $pid)" >>"$(log_file "$1" "$2")"
    log "kill -9 $1 $2 (pid $pid)"
}

cmd_restart() {
    load_config
    check_target "$@"
    if live_pid "$1" "$2" >/dev/null; then stop_one "$1" "$2"; fi
    start_one "$1" "$2"
    wait_up "$1" "$2"
}

cmd_wait_ready() {
    load_config
    local n
    for ((n = 1; n <= SILOS; n++)); do live_pid silo "$n" >/dev/null && wait_up silo "$n"; done
    for ((n = 1; n <= APIS; n++)); do live_pid api "$n" >/dev/null && wait_up api "$n"; done
    return 0
}

# ---- Prometheus ---------------------------------------------------------------------------------------------------
prometheus_pid() {
    local pid
    pid=$(cat "$RUN/prometheus.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--config.file=$RUN/prometheus/prometheus.yml" || return 1
    echo "$pid"
}

stop_prometheus() {
    local pid
    pid=$(prometheus_pid) || return 0
    kill -TERM "$pid" 2>/dev/null || true
    rm -f "$RUN/prometheus.pid"
    log "stopped prometheus"
}

# Debian's prometheus with deploy/prometheus/prometheus.yml; the targets and the API key are written for this cluster.
cmd_prometheus() {
    load_config
    [[ -f $ENV_FILE ]] || die "no cluster in $RUN (start one first)"
    local pid
    if pid=$(prometheus_pid); then log "prometheus already runs (pid $pid)"; echo "http://127.0.0.1:$PROMETHEUS_PORT"; return 0; fi
    "$REPO/scripts/promtool.sh" >/dev/null   # installs Debian's prometheus when missing
    local key=${CRM_PROMETHEUS_API_KEY:-}
    if [[ -z $key ]]; then
        [[ ${DEMO,,} == true ]] || die "set CRM_PROMETHEUS_API_KEY (an ingest API key of the API nodes)"
        key=demo-ingest-key
    fi
    local dir=$RUN/prometheus n
    mkdir -p "$dir/targets" "$dir/data"
    cp "$REPO/deploy/prometheus/prometheus.yml" "$dir/prometheus.yml"
    (umask 077 && printf '%s\n' "$key" >"$dir/api-key")
    local apis=() silos=()
    for ((n = 1; n <= APIS; n++)); do apis+=("\"127.0.0.1:$(api_port "$n")\""); done
    for ((n = 1; n <= SILOS; n++)); do silos+=("\"127.0.0.1:$(metrics_port "$n")\""); done
    (IFS=,; printf '[{ "targets": [%s], "labels": { "role": "api" } }]\n' "${apis[*]}") >"$dir/targets/api.json"
    (IFS=,; printf '[{ "targets": [%s], "labels": { "role": "silo" } }]\n' "${silos[*]}") >"$dir/targets/silo.json"
    (cd "$dir" && exec nohup setsid prometheus "--config.file=$dir/prometheus.yml" "--storage.tsdb.path=$dir/data" \
        "--web.listen-address=127.0.0.1:$PROMETHEUS_PORT" >>"$RUN/prometheus.log" 2>&1 </dev/null) &
    echo $! >"$RUN/prometheus.pid"
    local i
    for ((i = 0; i < 120; i++)); do
        curl -fsS -m 2 "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" >/dev/null 2>&1 && break
        prometheus_pid >/dev/null || { tail -n 20 "$RUN/prometheus.log" >&2; die "prometheus exited while starting"; }
        sleep 0.25
    done
    log "prometheus scrapes $APIS API node(s) and $SILOS silo(s); targets: http://127.0.0.1:$PROMETHEUS_PORT/targets"
    echo "http://127.0.0.1:$PROMETHEUS_PORT"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    down) cmd_down ;;
    status) cmd_status ;;
    kill9) shift; cmd_kill9 "$@" ;;
    restart) shift; cmd_restart "$@" ;;
    wait-ready) cmd_wait_ready ;;
    prometheus) cmd_prometheus ;;
    build) load_config; [[ -z ${CRM_SILO_DLL:-} ]] || die "CRM_SILO_DLL is set: nothing to build"; build force; save_config ;;
    *) echo "usage: $0 start|stop|down|status|kill9 <silo|api> <n>|restart <silo|api> <n>|wait-ready|build|prometheus" >&2; exit 2 ;;
esac
