# Shared by the ensure-*.sh scripts: where the Temporal binaries are cached, outside the clone.
cache_dir() {
  if [ -n "${MANDATE_TRACKER_CACHE:-}" ]; then echo "$MANDATE_TRACKER_CACHE"; else echo "${XDG_CACHE_HOME:-$HOME/.cache}/mandate-tracker"; fi
}
say() { [ "${quiet:-0}" = 1 ] || echo "$*" >&2; }
