#!/usr/bin/env bash
# Makes sure the Temporal server v1.29.1 and its SQL tool are at hand for scripts/deploy-drill.sh: the same programs
# as the temporalio/server and temporalio/admin-tools images, built with `go install` into the cache outside the
# clone once (a few minutes the first time), with the server's templated config/docker.yaml beside them (the file
# the image starts from). Prints the folder. Needs Go.
set -euo pipefail
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
. "$(dirname "$0")/lib.sh"
version=v1.29.1
dir="$(cache_dir)/temporal-server-$version"

if [ -x "$dir/temporal-server" ] && [ -x "$dir/temporal-sql-tool" ] && [ -f "$dir/config/docker.yaml" ]; then
  say "Temporal server $version: $dir (cache)"
  echo "$dir"
  exit 0
fi
command -v go > /dev/null 2>&1 || { echo "Building the Temporal server needs Go" >&2; exit 1; }
echo "Building the Temporal server $version and its SQL tool into $dir (once; a few minutes)..." >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" go install "go.temporal.io/server/cmd/server@$version" "go.temporal.io/server/cmd/tools/sql@$version"
source="$(go mod download -json "go.temporal.io/server@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
mkdir -p "$dir/config"
cp "$source/config/docker.yaml" "$dir/config/docker.yaml"
chmod u+w "$dir/config/docker.yaml" # the module cache is read-only
mv "$tmp/server" "$dir/temporal-server"
mv "$tmp/sql" "$dir/temporal-sql-tool"
say "Temporal server $version: $dir"
echo "$dir"
