#!/usr/bin/env bash
# Makes sure a Temporal Web UI server (temporalio/ui-server v2.42.1, the UI the CLI's dev server embeds) is at hand,
# building it with `go install` into the cache outside the clone once. `npm start` runs it read-only next to a
# headless dev server: the CLI's own UI cannot be configured and lets anyone on the machine terminate, reset or
# batch-change workflows. TEMPORAL_UI_SERVER wins. Without Go, it does nothing: `npm start` then runs no Web UI.
set -euo pipefail
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
. "$(dirname "$0")/lib.sh"
version=v2.42.1
bin="$(cache_dir)/bin/temporal-ui-server-$version"

if [ -n "${TEMPORAL_UI_SERVER:-}" ] && [ -x "$TEMPORAL_UI_SERVER" ]; then say "Temporal UI: $TEMPORAL_UI_SERVER (TEMPORAL_UI_SERVER)"; exit 0; fi
if [ -x "$bin" ]; then say "Temporal UI: $bin (cache)"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  say "No Go: npm start runs the Temporal dev server without its Web UI."
  exit 0
fi
echo "Building the Temporal UI server $version into $(dirname "$bin") (once; a minute or two)..." >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" go install "github.com/temporalio/ui-server/v2/cmd/server@$version"
mkdir -p "$(dirname "$bin")"
mv "$tmp/server" "$bin"
say "Temporal UI: $bin"
