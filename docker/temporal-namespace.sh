#!/bin/sh
# Creates the application's namespace with an explicit retention, or sets that retention on an existing one, and
# registers the custom search attributes the application's workflows use. Safe to run again.
# Run by the compose job `temporal-namespace` (temporalio/admin-tools) once the server answers, by
# scripts/deploy-drill.sh, and by hand (README, "Deploying"). The temporal CLI reads TEMPORAL_ADDRESS and, for
# TLS, TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH,
# TEMPORAL_TLS_SERVER_NAME or TEMPORAL_API_KEY.
set -eu
cli="${TEMPORAL_CLI:-temporal}"
namespace="${TEMPORAL_NAMESPACE:-default}"
# How long Temporal keeps a closed run's history. A mandate's workflow stays open until it is closed, but each
# continue-as-new closes a run; the application archives closed runs itself, so this only bounds Temporal's
# storage. The project's choice: 30 days.
retention="${TEMPORAL_RETENTION:-30d}"

# The custom search attributes the application's workflows set, as name=type pairs separated by spaces
# (types: Keyword, Text, Int, Double, Bool, Datetime, KeywordList). The same list as SEARCH_ATTRIBUTE_DECLARATIONS
# in workflows/mandate/contract.ts (a spec checks they agree).
MANDATE_SEARCH_ATTRIBUTES="MandateStatus=Keyword MandateBody=Keyword MandateDependency=Keyword MandateNextDueOn=Datetime MandateOverdue=Bool"

tries=0
until "$cli" operator cluster health > /dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt "${TEMPORAL_WAIT_TRIES:-60}" ] || { echo "temporal-namespace: the server does not answer" >&2; exit 1; }
  sleep 2
done

if "$cli" operator namespace describe --namespace "$namespace" > /dev/null 2>&1; then
  # A namespace created moments ago may not be in the frontend's cache yet (it refreshes every few seconds).
  tries=0
  until "$cli" operator namespace update --namespace "$namespace" --retention "$retention"; do
    tries=$((tries + 1))
    [ "$tries" -lt 15 ] || exit 1
    sleep 2
  done
  echo "temporal-namespace: $namespace exists; retention set to $retention"
else
  "$cli" operator namespace create --namespace "$namespace" --retention "$retention"
  echo "temporal-namespace: $namespace created, retention $retention"
fi

# A namespace just created is "not found" by the search-attribute calls until the frontend's cache has it: each
# attribute is retried for a while rather than failing the job.
for pair in $MANDATE_SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  tries=0
  until "$cli" operator search-attribute list --namespace "$namespace" > /dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 30 ] || { echo "temporal-namespace: $namespace does not list its search attributes" >&2; exit 1; }
    sleep 2
  done
  if "$cli" operator search-attribute list --namespace "$namespace" | grep -qw "$name"; then continue; fi
  "$cli" operator search-attribute create --namespace "$namespace" --name "$name" --type "${pair#*=}"
  echo "temporal-namespace: search attribute $name (${pair#*=}) registered"
done
