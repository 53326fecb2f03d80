#!/usr/bin/env bash
# The docker-compose.yml topology as plain processes, for machines without Docker: PostgreSQL 15, the schema job,
# the Temporal server 1.29.1, the namespace job, the read-only Temporal UI, two APIs and two workers from dist/,
# each step as the README's "Deploying" says; then a smoke test through both APIs, then everything stops.
#   npm run deploy:drill            (builds dist/ first; DRILL_TIMEOUT bounds the whole run, 900 s by default)
#   npm run deploy:drill -- --tls   (the same over TLS: mTLS to Temporal, TLS to PostgreSQL, a private CA)
# Needs Go (the Temporal binaries are built into the cache once: scripts/ensure-temporal-server.sh), PostgreSQL 15
# server binaries (PG_BIN, default /usr/lib/postgresql/15/bin) and openssl. As root, PostgreSQL runs as `postgres`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib.sh
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# The whole drill runs under a deadline, so that CI can afford it.
if [ -z "${DRILL_UNDER_TIMEOUT:-}" ]; then
  DRILL_UNDER_TIMEOUT=1 exec timeout --kill-after=60 "${DRILL_TIMEOUT:-900}" bash "$0" "$@"
fi

tls=0
for arg in "$@"; do
  case "$arg" in
    --tls) tls=1 ;;
    *) echo "usage: $0 [--tls]" >&2; exit 2 ;;
  esac
done
started_at=$(date +%s)
phase_at=$started_at
phase() { # phase NAME: prints how long the previous one took
  local now
  now=$(date +%s)
  echo "== [$((now - started_at)) s, +$((now - phase_at)) s] $*"
  phase_at=$now
}

work="$(mktemp -d /tmp/mandate-tracker-drill.XXXXXX)"
chmod 755 "$work" # PostgreSQL runs as `postgres` when this runs as root
pids=()
stop_all() {
  local code=$?
  phase "stopping everything"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2> /dev/null || true
  done
  [ -f "$work/pg/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" -m fast -w stop > /dev/null 2>&1 || true
  if [ "$code" != 0 ]; then
    echo "-- the drill failed (exit $code); last lines of each log:" >&2
    for log in "$work"/*.log "$work/pg-run/postgres.log"; do [ -f "$log" ] || continue; echo "--- $log" >&2; tail -n 25 "$log" >&2; done
  fi
  rm -rf "$work"
  echo "deploy drill: $([ "$code" = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started_at)) s"
}
trap stop_all EXIT
trap 'exit 124' TERM INT # so that a timeout still stops everything

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() { # below 32768: Temporal keeps membership ports in a smallint column
  node -e '
    const net = require("net");
    const attempt = () => {
      const port = 20000 + Math.floor(Math.random() * 12000);
      const s = net.createServer().once("error", attempt).listen(port, "127.0.0.1", () => { console.log(port); s.close(); });
    };
    attempt();'
}
wait_for() { # wait_for WHAT SECONDS COMMAND...: polls until COMMAND succeeds
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$what did not come up within $seconds s" >&2
  return 1
}
start() { # start NAME COMMAND...: in the background, logging to $work/NAME.log
  local name="$1"
  shift
  "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}

phase "binaries"
server_dir="$(bash scripts/ensure-temporal-server.sh --quiet)"
bash scripts/ensure-temporal-cli.sh --quiet
bash scripts/ensure-temporal-ui.sh --quiet
temporal_cli="$(TEMPORAL_CLI="${TEMPORAL_CLI:-}" node -e 'const b = require("./dist/src/embedded/server-binaries"); const e = b.devServerExecutable(); if (e.type !== "existing-path") process.exit(1); console.log(e.path)')"
ui_server="$(node -e 'const p = require("./dist/src/embedded/server-binaries").temporalUiExecutable(); if (!p) process.exit(1); console.log(p)')"
ui_config="$(go mod download -json github.com/temporalio/ui-server/v2@v2.42.1 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -x "$PG_BIN/initdb" ] || { echo "No PostgreSQL server binaries in $PG_BIN (set PG_BIN)" >&2; exit 1; }
[ -f dist/src/api.main.js ] || { echo "Run npm run build first" >&2; exit 1; }

# Passwords a URL would need encoded, as an operator might choose them. Temporal 1.29.1 builds its PostgreSQL URL
# with a query-string escape, which turns a space into '+': its password (the superuser's here) takes no space.
export POSTGRES_PASSWORD='drill-super_p@ss:w/rd%#+='
export MANDATES_DB_USER=mandates_app
export MANDATES_DB_PASSWORD="app p@ss:w/rd%41#?&'\"é"
pg_port=$(free_port)

# Plain by default; with --tls, every connection is verified TLS and the servers refuse anything else.
pg_tls=() libpq_tls=() sql_tool_tls=() server_tls=() ui_tls=() app_tls=()
if [ "$tls" = 1 ]; then
  phase "certificates: a private CA, Temporal's, PostgreSQL's and the application's client certificate"
  certs="$work/certs"
  mkdir -p "$certs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=mandate-tracker drill CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$certs/ca.key" -out "$certs/ca.pem" 2> /dev/null
  issue() { # issue NAME SUBJECT_ALT_NAMES EXTENDED_KEY_USAGE
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
      -keyout "$certs/$1.key" -out "$certs/$1.csr" 2> /dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=%s\n' "$2" "$3" > "$certs/$1.ext"
    openssl x509 -req -in "$certs/$1.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" -CAcreateserial -days 2 \
      -extfile "$certs/$1.ext" -out "$certs/$1.pem" 2> /dev/null
  }
  issue temporal "DNS:temporal.drill,IP:127.0.0.1" serverAuth,clientAuth # frontend and internode
  issue postgres "DNS:localhost,IP:127.0.0.1" serverAuth
  issue mandate-tracker "DNS:mandate-tracker" clientAuth
  [ "$(id -u)" = 0 ] && chown postgres "$certs/postgres.key"
  chmod 600 "$certs/postgres.key"
  pg_tls=(-c ssl=on -c "ssl_cert_file=$certs/postgres.pem" -c "ssl_key_file=$certs/postgres.key")
  libpq_tls=(PGSSLMODE=verify-full PGSSLROOTCERT="$certs/ca.pem")
  sql_tool_tls=(SQL_TLS=true SQL_TLS_CA_FILE="$certs/ca.pem")
  server_tls=(SQL_TLS_ENABLED=true SQL_CA="$certs/ca.pem" SQL_HOST_VERIFICATION=true
    TEMPORAL_TLS_REQUIRE_CLIENT_AUTH=true TEMPORAL_TLS_SERVER_CA_CERT="$certs/ca.pem"
    TEMPORAL_TLS_SERVER_CERT="$certs/temporal.pem" TEMPORAL_TLS_SERVER_KEY="$certs/temporal.key"
    TEMPORAL_TLS_FRONTEND_CERT="$certs/temporal.pem" TEMPORAL_TLS_FRONTEND_KEY="$certs/temporal.key"
    TEMPORAL_TLS_CLIENT1_CA_CERT="$certs/ca.pem" TEMPORAL_TLS_CLIENT2_CA_CERT="$certs/ca.pem"
    TEMPORAL_TLS_INTERNODE_SERVER_NAME=temporal.drill TEMPORAL_TLS_FRONTEND_SERVER_NAME=temporal.drill)
  ui_tls=(TEMPORAL_TLS_CA="$certs/ca.pem" TEMPORAL_TLS_CERT="$certs/mandate-tracker.pem"
    TEMPORAL_TLS_KEY="$certs/mandate-tracker.key" TEMPORAL_TLS_SERVER_NAME=temporal.drill
    TEMPORAL_TLS_ENABLE_HOST_VERIFICATION=true)
  app_tls=(TEMPORAL_TLS_CERT_FILE="$certs/mandate-tracker.pem" TEMPORAL_TLS_KEY_FILE="$certs/mandate-tracker.key"
    TEMPORAL_TLS_CA_FILE="$certs/ca.pem" TEMPORAL_TLS_SERVER_NAME=temporal.drill DATABASE_SSL_CA_FILE="$certs/ca.pem")
  # The temporal CLI's own variables, for the namespace job and the checks below.
  export TEMPORAL_TLS_CLIENT_CERT_PATH="$certs/mandate-tracker.pem" TEMPORAL_TLS_CLIENT_KEY_PATH="$certs/mandate-tracker.key"
  export TEMPORAL_TLS_SERVER_CA_CERT_PATH="$certs/ca.pem" TEMPORAL_TLS_SERVER_NAME=temporal.drill
fi

phase "PostgreSQL 15: initdb, start (the postgres image does this on an empty volume)"
mkdir -p "$work/pg" "$work/pg-run" "$work/secrets"
printf '%s\n' "$POSTGRES_PASSWORD" > "$work/pg-superuser-password"
chmod 644 "$work/pg-superuser-password"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg" "$work/pg-run"
as_postgres "$PG_BIN/initdb" -D "$work/pg" -U postgres --pwfile="$work/pg-superuser-password" \
  --auth-local=trust --auth-host=scram-sha-256 > "$work/initdb.log" 2>&1
rm "$work/pg-superuser-password"
# With --tls, TCP connections must use TLS (hostssl).
[ "$tls" = 1 ] && as_postgres sed -i 's/^host /hostssl /' "$work/pg/pg_hba.conf"
as_postgres "$PG_BIN/pg_ctl" -D "$work/pg" -l "$work/pg-run/postgres.log" -w \
  -o "-p $pg_port -k $work/pg-run -c listen_addresses=127.0.0.1 ${pg_tls[*]}" start > /dev/null

phase "the application's role and database (docker/postgres-init.sql, as the image's init runs it)"
env "${libpq_tls[@]}" PGPASSWORD="$POSTGRES_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q \
  -v ON_ERROR_STOP=1 -f docker/postgres-init.sql

phase "temporal-schema job (docker/temporal-schema.sh), twice: the second run changes nothing"
for _ in 1 2; do
  TEMPORAL_SQL_TOOL="$server_dir/temporal-sql-tool" SQL_HOST=127.0.0.1 SQL_PORT="$pg_port" SQL_USER=postgres \
    SQL_PASSWORD="$POSTGRES_PASSWORD" env "${sql_tool_tls[@]}" sh docker/temporal-schema.sh > "$work/temporal-schema.log" 2>&1
done

phase "Temporal server 1.29.1 (the image's config/docker.yaml, the compose service's variables)"
frontend=$(free_port)
ports=()
for _ in 1 2 3 4 5 6 7 8; do ports+=("$(free_port)"); done
# The image's template takes the visibility store's port from VISIBILITY_DB_PORT, not DB_PORT (5432 in compose).
start temporal env DB=postgres12 DB_PORT="$pg_port" VISIBILITY_DB_PORT="$pg_port" POSTGRES_SEEDS=127.0.0.1 \
  POSTGRES_USER=postgres \
  POSTGRES_PWD="$POSTGRES_PASSWORD" DYNAMIC_CONFIG_FILE_PATH="$root/docker/temporal-dynamic-config.yaml" \
  TEMPORAL_ALLOW_NO_AUTH=true BIND_ON_IP=127.0.0.1 TEMPORAL_BROADCAST_ADDRESS=127.0.0.1 \
  FRONTEND_GRPC_PORT="$frontend" FRONTEND_HTTP_PORT="${ports[0]}" FRONTEND_MEMBERSHIP_PORT="${ports[1]}" \
  HISTORY_GRPC_PORT="${ports[2]}" HISTORY_MEMBERSHIP_PORT="${ports[3]}" MATCHING_GRPC_PORT="${ports[4]}" \
  MATCHING_MEMBERSHIP_PORT="${ports[5]}" WORKER_GRPC_PORT="${ports[6]}" WORKER_MEMBERSHIP_PORT="${ports[7]}" \
  PROMETHEUS_ENDPOINT= LOG_LEVEL=warn "${server_tls[@]}" \
  "$server_dir/temporal-server" --root "$server_dir" --config config --env docker start
export TEMPORAL_ADDRESS="127.0.0.1:$frontend"
temporal_pid=${pids[-1]}
frontend_up() {
  kill -0 "$temporal_pid" || { echo "the Temporal server exited" >&2; exit 1; }
  "$temporal_cli" operator cluster health
}
wait_for "the Temporal frontend" 120 frontend_up

phase "temporal-namespace job (docker/temporal-namespace.sh), twice"
for _ in 1 2; do
  TEMPORAL_CLI="$temporal_cli" TEMPORAL_NAMESPACE=default sh docker/temporal-namespace.sh > "$work/temporal-namespace.log" 2>&1
done
retention="$("$temporal_cli" operator namespace describe --namespace default -o json |
  node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).config.workflowExecutionRetentionTtl)')"
[ "$retention" = 2592000s ] || { echo "retention is $retention, not 30 days" >&2; exit 1; }

phase "Temporal UI, read-only (the temporalio/ui image's config, TEMPORAL_DISABLE_WRITE_ACTIONS=true)"
ui_port=$(free_port)
start temporal-ui env TEMPORAL_UI_PORT="$ui_port" TEMPORAL_DISABLE_WRITE_ACTIONS=true "${ui_tls[@]}" \
  TEMPORAL_CORS_ORIGINS="http://127.0.0.1:$ui_port" "$ui_server" --root "$ui_config" --config config --env docker start
wait_for "the Temporal UI" 30 curl -sf "http://127.0.0.1:$ui_port/api/v1/settings"
curl -sf "http://127.0.0.1:$ui_port/api/v1/settings" | grep -q '"DisableWriteActions":true'

phase "an OpenID provider (the embedded one, as compose's trial-idp profile runs it)"
idp_port=$(free_port)
issuer="http://127.0.0.1:$idp_port"
start idp env EMBEDDED_OIDC_PORT="$idp_port" HOST=127.0.0.1 DATA_DIR="$work/idp" node dist/src/identity-provider/main.js
wait_for "the OpenID provider" 30 curl -sf "$issuer/.well-known/openid-configuration"

phase "audit signing key and the application's password as secret files"
openssl genpkey -algorithm ed25519 -out "$work/secrets/audit-signing-key.pem" 2> /dev/null
printf '%s\n' "$MANDATES_DB_PASSWORD" > "$work/secrets/mandates_db_password"
app_env=(TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" TEMPORAL_NAMESPACE=default TEMPORAL_TASK_QUEUE=mandates
  DATABASE_HOST=127.0.0.1 DATABASE_PORT="$pg_port" DATABASE_USER="$MANDATES_DB_USER" DATABASE_NAME=mandates
  DATABASE_PASSWORD_FILE="$work/secrets/mandates_db_password" LOG_LEVEL=log OIDC_ISSUER_URL="$issuer" "${app_tls[@]}")

phase "two APIs first: on a fresh database they wait for a worker's migration"
api_ports=("$(free_port)" "$(free_port)")
# Each process serves its metrics on a port of its own, as each container does on :9464 in the compose stack.
api_metrics_ports=("$(free_port)" "$(free_port)")
worker_metrics_ports=("$(free_port)" "$(free_port)")
for i in 0 1; do
  start "api-$((i + 1))" env "${app_env[@]}" DATABASE_MIGRATE=false HOST=127.0.0.1 PORT="${api_ports[i]}" \
    METRICS_PORT="${api_metrics_ports[i]}" AUDIT_SIGNING_KEY_FILE="$work/secrets/audit-signing-key.pem" \
    node dist/src/api.main.js
done
wait_for "the APIs' wait for the schema" 60 grep -q "waiting for a worker to migrate it" "$work/api-1.log"

phase "two workers (each migrates under the advisory lock)"
for i in 1 2; do
  start "worker-$i" env "${app_env[@]}" DATABASE_MIGRATE=true METRICS_PORT="${worker_metrics_ports[i - 1]}" \
    node --optimize-for-size dist/src/worker.main.js
done
for i in 1 2; do wait_for "worker $i" 120 grep -q "polling task queue" "$work/worker-$i.log"; done
for port in "${api_ports[@]}"; do wait_for "the API on :$port" 120 curl -sf "http://127.0.0.1:$port/health"; done

phase "smoke test through both APIs"
api1="http://127.0.0.1:${api_ports[0]}"
api2="http://127.0.0.1:${api_ports[1]}"
id=cp-res-1150-2250-19-p2
secretariat="$(npm run -s token -- carlos.mendez --issuer "$issuer")"
auditor="$(npm run -s token -- ana.silva --issuer "$issuer")"
post() { # post API PATH KEY JSON
  curl -sS --fail-with-body -X POST "$1$2" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $secretariat" -H "Idempotency-Key: $3" -d "$4" > /dev/null
}
read_as_auditor() { curl -sS --fail-with-body -H "Authorization: Bearer $auditor" "$@"; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api1/mandates")" = 401 ] || { echo "a command without a token was not a 401" >&2; exit 1; }
post "$api1" /mandates drill-register '{"body": "PERMANENT_COUNCIL", "resolutionSymbol": "CP/RES. 1150 (2250/19)",
  "paragraph": "2", "adoptedOn": "2019-12-18", "title": "Support for the Inter-American Drug Abuse Control Commission",
  "text": "Instructs the General Secretariat to report on the implementation of this resolution.",
  "area": "prevention of crime and violence", "reportingRequirement": "Annually to the Permanent Council"}'
post "$api2" "/mandates/$id/assignment" drill-assign '{"dependency": "Department of Public Security",
  "dependencyId": "DPS", "officer": "maria.gonzalez", "officerEmail": "maria.gonzalez@example.org"}'
read_as_auditor "$api1/mandates/$id" | grep -q '"status":"assigned"'
wait_for "the read model, through the other API" 30 \
  sh -c "curl -sSf -H 'Authorization: Bearer $auditor' '$api2/mandates?status=assigned' | grep -q '$id'"
read_as_auditor -o "$work/export.json" "$api2/mandates/$id/export"
read_as_auditor "$api1/audit/public-key" > "$work/public-key.pem"
node dist/src/cli/audit.js verify "$work/export.json" --public-key "$work/public-key.pem" > "$work/verify.log"
echo "signed in; registered through one API, assigned through the other, read back from both; the export verifies"
metrics() { curl -sSf "http://127.0.0.1:$1/metrics" > "$work/metrics-$1.txt"; }
has_metric() { # has_metric PORT PATTERN: the process's /metrics has a sample matching PATTERN
  metrics "$1" && grep -Eq "$2" "$work/metrics-$1.txt" || { echo "no sample like $2 on :$1/metrics" >&2; exit 1; }
}
has_metric "${api_metrics_ports[0]}" '^http_request_duration_seconds_count\{.*route="/mandates".*status_code="201"'
has_metric "${api_metrics_ports[1]}" '^mandate_commands_total\{.*command="assign".*outcome="accepted"'
# The command and its projection ran on either worker.
wait_for "a projection in a worker's metrics" 30 sh -c "curl -sSf http://127.0.0.1:${worker_metrics_ports[0]}/metrics \
  http://127.0.0.1:${worker_metrics_ports[1]}/metrics | grep -Eq '^mandate_projection_lag_seconds_count [1-9]'"
has_metric "${worker_metrics_ports[0]}" '^temporal_num_pollers\{.*poller_type="workflow_task"'
echo "metrics: HTTP routes and command outcomes on the APIs, projections and the SDK's worker metrics on the workers"
sql() { env "${libpq_tls[@]}" PGPASSWORD="$POSTGRES_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d mandates -tAc "$1"; }
[ "$(sql "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = '$MANDATES_DB_USER'")" = f ]
[ "$(sql "SELECT count(*) FROM migrations")" = "$(sql "SELECT count(DISTINCT name) FROM migrations")" ]
[ "$(sql "SELECT tableowner FROM pg_tables WHERE tablename = 'mandates'")" = "$MANDATES_DB_USER" ]
echo "the read model belongs to $MANDATES_DB_USER (no superuser, no role or database creation), migrated once"
curl -sf -c "$work/ui-cookies" -o /dev/null "http://127.0.0.1:$ui_port/"
csrf="$(awk '$6 == "_csrf" { print $7 }' "$work/ui-cookies")"
status="$(curl -s -o /dev/null -w '%{http_code}' -b "$work/ui-cookies" -H "X-CSRF-Token: $csrf" -X POST \
  -H 'Content-Type: application/json' -d '{"reason": "drill"}' \
  "http://127.0.0.1:$ui_port/api/v1/namespaces/default/workflows/mandate:$id/terminate")"
[ "$status" = 405 ] || { echo "the Temporal UI let a terminate through ($status)" >&2; exit 1; }
echo "the Temporal UI refuses a terminate (405)"
if [ "$tls" = 1 ]; then
  refused() { if "$@" > /dev/null 2>&1; then echo "accepted, but should not have been: $*" >&2; exit 1; fi; }
  refused "$temporal_cli" operator cluster health --tls=false
  refused env -u TEMPORAL_TLS_CLIENT_CERT_PATH -u TEMPORAL_TLS_CLIENT_KEY_PATH "$temporal_cli" operator cluster health
  refused env PGSSLMODE=disable PGPASSWORD="$POSTGRES_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" \
    -U postgres -d postgres -c 'SELECT 1'
  [ "$(sql "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) WHERE NOT ssl AND client_addr IS NOT NULL")" = 0 ]
  echo "TLS: Temporal refuses plain text and clients without a certificate, PostgreSQL refuses plain text; every TCP session is TLS"
fi

phase "stop: SIGTERM drains the workers"
