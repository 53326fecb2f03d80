#!/usr/bin/env bash
# Makes sure the time-skipping test server is at hand: the jars of Maven Central's io.temporal:temporal-test-server
# in a cache outside the clone, and a wrapper that `exec`s the JVM (so the SDK can stop it) with a lean start-up
# (the SDK gives the server 5 s to answer). TEMPORAL_TEST_SERVER wins. Without Java and Maven, it does nothing:
# the SDK then downloads its own test server (needs the internet).
set -euo pipefail
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
. "$(dirname "$0")/lib.sh"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(cache_dir)/test-server"
wrapper="$dir/temporal-test-server"
pom="$root/tools/test-server/pom.xml"
stamp="$dir/pom.sha256"

if [ -n "${TEMPORAL_TEST_SERVER:-}" ] && [ -x "$TEMPORAL_TEST_SERVER" ]; then say "Test server: $TEMPORAL_TEST_SERVER"; exit 0; fi
want="$(sha256sum "$pom" | cut -d' ' -f1)"
if [ -x "$wrapper" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then say "Test server: $wrapper (cache)"; exit 0; fi
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  say "No Java and Maven: the Temporal SDK will download its test server when it first needs it."
  exit 0
fi
echo "Fetching the Temporal test server's jars into $dir/lib (once)..." >&2
rm -rf "$dir/lib"
mkdir -p "$dir/lib"
mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2
cat > "$wrapper" <<'WRAPPER'
#!/usr/bin/env bash
# Started by the Temporal SDK with the port as its argument.
here="$(cd "$(dirname "$0")" && pwd)"
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xshare:auto -cp "$here/lib/*" io.temporal.testserver.TestServer "$@"
WRAPPER
chmod +x "$wrapper"
echo "$want" > "$stamp"
say "Test server: $wrapper"
