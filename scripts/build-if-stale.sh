#!/usr/bin/env bash
# `npm start`'s build step: each part is built only when there is no build of it yet or one of its sources changed
# since the last build this script made (a file added, changed or removed: folders count, their time changes when an
# entry goes), so that a start after a start does not spend seconds compiling what it compiled already. The API,
# worker and their workflows: `nest build` into dist/. The console: `vite build` into console/dist/. `npm run build`
# always builds both.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(package.json package-lock.json tsconfig.json)
began=""
trap 'rm -f "$began"' EXIT

# build_if_stale <name> <output> <stamp> <command> -- <sources...>
build_if_stale() {
  local name=$1 output=$2 stamp=$3 command=$4
  shift 5
  local reason
  if [ ! -e "$output" ] || [ ! -f "$stamp" ]; then
    reason="no build of its own yet"
  elif [ -n "$(find "$@" "${common[@]}" -newer "$stamp" -print -quit)" ]; then
    reason="sources changed since its last build"
  else
    return 0
  fi
  echo "Building $name ($reason)..." >&2
  # Stamped with the time the build began: a source saved while it ran is newer, and the next start builds again.
  began="$(mktemp)"
  $command
  touch -r "$began" "$stamp"
  rm -f "$began"
}

build_if_stale "the API" dist/src/main.js dist/.sources-built "node_modules/.bin/nest build" -- \
  src workflows activities tsconfig.build.json nest-cli.json
build_if_stale "the console" console/dist/index.html console/dist/.sources-built "npm run -s build:console" -- \
  console/src console/index.html console/vite.config.mts console/tsconfig.json
