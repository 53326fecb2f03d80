#!/usr/bin/env bash
# Makes sure a Temporal CLI (dev server, `temporal workflow show`, Web UI) is at hand, building v1.5.1
# (Temporal server 1.29.1) with `go install` into a cache outside the clone once. TEMPORAL_CLI or a `temporal`
# on PATH wins. Without Go, it does nothing: the SDK then downloads its own CLI (needs the internet).
set -euo pipefail
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
. "$(dirname "$0")/lib.sh"
version=v1.5.1
bin="$(cache_dir)/bin/temporal"

if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then say "Temporal CLI: $TEMPORAL_CLI (TEMPORAL_CLI)"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then say "Temporal CLI: $(command -v temporal) (PATH)"; exit 0; fi
if [ -x "$bin" ]; then say "Temporal CLI: $bin (cache)"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  say "No Temporal CLI and no Go: the Temporal SDK will download its dev server when it first needs it."
  exit 0
fi
echo "Building the Temporal CLI $version into $(dirname "$bin") (once; a few minutes)..." >&2
mkdir -p "$(dirname "$bin")"
GOBIN="$(dirname "$bin")" go install "github.com/temporalio/cli/cmd/temporal@$version"
"$bin" --version >&2
