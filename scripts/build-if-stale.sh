#!/usr/bin/env bash
# `npm start`'s build step: `nest build` only when there is no build yet or a source changed since the last one this
# script made (a file added, changed or removed: folders count, their time changes when an entry goes), so that a
# start after a start does not spend seconds compiling what it compiled already. `npm run build` always builds.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/.sources-built
sources=(src workflows activities package.json package-lock.json tsconfig.json tsconfig.build.json nest-cli.json)

if [ ! -f dist/src/main.js ] || [ ! -f "$stamp" ]; then
  reason="no build of its own yet"
elif [ -n "$(find "${sources[@]}" -newer "$stamp" -print -quit)" ]; then
  reason="sources changed since the last build"
else
  exit 0
fi
echo "Building ($reason)..." >&2
# Stamped with the time the build began: a source saved while it ran is newer, and the next start builds again.
began="$(mktemp)"
trap 'rm -f "$began"' EXIT
node_modules/.bin/nest build
touch -r "$began" "$stamp"
