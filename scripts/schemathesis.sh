#!/usr/bin/env bash
# Schemathesis against the API's own OpenAPI document: every check (--checks all), every phase (examples,
# coverage, fuzzing, stateful), with the cross-parameter rules and the one exception in scripts/schemathesis/hooks.py.
#
#   scripts/schemathesis.sh                      the full run (about 100 cases per operation and phase)
#   scripts/schemathesis.sh --quick              the bounded run CI can afford (npm run schemathesis:ci)
#   scripts/schemathesis.sh --url http://h:p     against a service already running (rate limits apply there)
#   scripts/schemathesis.sh -- --seed 42 ...     more options for `schemathesis run`
#
# Without --url it starts the service as `npm start` does (embedded Temporal and PostgreSQL, in a temporary
# DATA_DIR, on free ports) from dist/ (build first: `npm run schemathesis` does), with the rate limits off: they
# would answer most of a run with 429. It stops it afterwards. Schemathesis is installed from PyPI into a
# virtualenv cached outside the clone (SCHEMATHESIS_VERSION). Exits non-zero when a check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib.sh"

version="${SCHEMATHESIS_VERSION:-4.32.5}"
url=""
quick=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

# The newest Python at hand (PYTHON overrides): under 3.11, Hypothesis fails now and then with "AST constructor
# recursion depth mismatch" when Schemathesis runs its workers in threads (a CPython bug fixed later), so there the
# run takes one worker.
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.13 python3.12 "$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2> /dev/null | tail -1)" python3; do
    if [ -n "$candidate" ] && "$candidate" -c 'import venv' > /dev/null 2>&1; then
      python="$candidate"
      break
    fi
  done
fi
python_version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
workers=2
[ "$("$python" -c 'import sys; print(int(sys.version_info >= (3, 12)))')" = 1 ] || workers=1
venv="$(cache_dir)/schemathesis-$version-py$python_version"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$version"; then
  say "installing schemathesis $version into $venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

work="$(mktemp -d)"
chmod 755 "$work" # as root, the embedded PostgreSQL runs as `postgres`, who must enter it
pid=""
stop() {
  if [ -n "$pid" ]; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ -z "$url" ]; then
  port="$(free_port)"
  url="http://127.0.0.1:$port"
  # In a process group of its own, so that SIGTERM reaches node and the embedded servers below it.
  oidc_port="$(free_port)"
  export EMBEDDED_OIDC_PORT="$oidc_port"
  DATA_DIR="$work/data" PORT="$port" EMBEDDED_TEMPORAL_PORT="$(free_port)" EMBEDDED_TEMPORAL_UI_PORT="$(free_port)" \
    EMBEDDED_POSTGRES_PORT="$(free_port)" RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_EXPENSIVE_PER_MINUTE=0 LOG_LEVEL=warn \
    setsid node "$root/dist/src/main.js" > "$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 180); do
    curl -sf "$url/health" > /dev/null 2>&1 && break
    if ! kill -0 "$pid" 2>/dev/null; then cat "$work/service.log"; echo "the service exited" >&2; exit 1; fi
    sleep 1
  done
  curl -sf "$url/health" > /dev/null || { cat "$work/service.log"; echo "the service did not become healthy" >&2; exit 1; }
fi

# The API takes bearer tokens only: a real one from the issuer (the embedded provider above, or $OIDC_ISSUER_URL
# with --url), for SCHEMATHESIS_USER (default rosa.martinez: secretariat and officer of the DPS, so that commands
# and follow-ups are accepted; auditor-only routes answer 403, which the document declares). Schemathesis's
# ignored_auth check also sends each request without it, and expects a 401.
token="$(cd "$root" && node "$root/node_modules/.bin/ts-node" --transpile-only scripts/token.ts "${SCHEMATHESIS_USER:-rosa.martinez}")"

if [ "$quick" = 1 ]; then
  examples=(--max-examples 8 --seed "${SCHEMATHESIS_SEED:-20261128}")
else
  examples=(--max-examples 100)
fi

say "schemathesis $version (Python $python_version, $workers workers) against $url"
started=$(date +%s)
status=0
# From the temporary folder: Schemathesis keeps a cache of its own in the working directory.
cd "$work"
SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$root/scripts/schemathesis" \
  "$venv/bin/schemathesis" run "$url/docs/openapi.json" \
  --checks all --phases examples,coverage,fuzzing,stateful --workers "$workers" --no-color \
  --generation-database none -H "Authorization: Bearer $token" "${examples[@]}" "${extra[@]}" || status=$?
say "schemathesis: $(($(date +%s) - started)) s, exit $status"
if [ "$status" != 0 ] && [ -f "$work/service.log" ]; then
  echo "== the service's log (errors only)" >&2
  grep -E 'ERROR|WARN' "$work/service.log" | tail -50 >&2 || true
fi
exit "$status"
