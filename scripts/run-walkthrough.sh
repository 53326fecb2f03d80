#!/usr/bin/env bash
# Runs the README's curl walkthrough, as written, against a fresh `npm start` on embedded defaults; then stops
# it with SIGTERM. Used by CI to keep both the README and `npm start` true.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="$(mktemp -d)"
chmod 755 "$data" # as root, the embedded PostgreSQL runs as `postgres`, who must enter it
log="$data/start.log"
walkthrough="$data/walkthrough.sh"
awk '/<!-- walkthrough:start -->/{on=1; next} /<!-- walkthrough:end -->/{on=0} on && !/^```/' README.md > "$walkthrough"

# In a process group of its own, so that SIGTERM reaches node (below npm and sh) as Ctrl-C would.
DATA_DIR="$data/data" setsid npm start > "$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do pgrep -f "$data" > /dev/null || break; sleep 1; done
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 1 180); do
  curl -sf http://127.0.0.1:3000/health > /dev/null 2>&1 && break
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited" >&2; exit 1; fi
  sleep 1
done
curl -sf http://127.0.0.1:3000/health > /dev/null || { cat "$log"; echo "npm start did not become healthy" >&2; exit 1; }

echo "== walkthrough (first run)"
bash "$walkthrough"
echo "== walkthrough (again: every step is idempotent)"
bash "$walkthrough" > /dev/null
echo "walkthrough: passed"
