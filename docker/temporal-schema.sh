#!/bin/sh
# Creates Temporal's two databases on PostgreSQL and brings their schemas to the version this temporal-sql-tool
# knows (the server's version). Safe to run again: an existing database is kept, applied versions are skipped.
# Run by the compose job `temporal-schema` (temporalio/admin-tools) before every start of the server, by
# scripts/deploy-drill.sh, and by hand before an upgrade of Temporal (README, "Deploying").
# temporal-sql-tool reads SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD itself (and SQL_TLS, SQL_TLS_CA_FILE,
# SQL_TLS_CERT_FILE, SQL_TLS_KEY_FILE, SQL_TLS_SERVER_NAME for TLS); the schemas are embedded in it.
set -eu
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
: "${SQL_HOST:?SQL_HOST must name the PostgreSQL server}"
: "${SQL_USER:?SQL_USER must name a role that may create databases}"
export SQL_PLUGIN=postgres12 SQL_PORT="${SQL_PORT:-5432}"

for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  database="${pair%%:*}"
  schema="postgresql/v12/${pair##*:}"
  echo "temporal-schema: $database ($schema)"
  SQL_DATABASE="$database" "$tool" create-database
  SQL_DATABASE="$database" "$tool" setup-schema -v 0.0
  SQL_DATABASE="$database" "$tool" update-schema --schema-name "$schema"
done
echo "temporal-schema: done"
