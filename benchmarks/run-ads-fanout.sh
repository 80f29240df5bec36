#!/usr/bin/env bash
# ADS fan-out benchmark: policy change -> ACK by every connected sidecar, and the control plane's heap.
#
# Builds the benchmarks jar (and the modules it needs), then runs the load driver for N = 100, 1,000 and 5,000
# simulated sidecars, each N against a fresh control plane in its own JVM. Results are printed and written to
# benchmarks/target/ads-fanout/ (summary.md, and per N: report.txt, per-node latencies, heap samples, GC log, logs).
#
#   benchmarks/run-ads-fanout.sh                      # N = 100, 1000, 5000
#   benchmarks/run-ads-fanout.sh --nodes 5000         # any option of the driver (--help lists them)
#   NODES=100,1000 benchmarks/run-ads-fanout.sh
#   SKIP_BUILD=1 benchmarks/run-ads-fanout.sh         # reuse benchmarks/target/meshward-benchmarks.jar
#   DRIVER_JAVA_OPTS="-Xmx2g" benchmarks/run-ads-fanout.sh
#
# The driver (simulated sidecars) runs C1-only by default (-XX:TieredStopAtLevel=1): on a small machine its C2
# compilations would otherwise take CPU from the control plane under test while a change fans out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/meshward-benchmarks.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
driver_opts="${DRIVER_JAVA_OPTS:--Xmx2g -XX:+UseG1GC -XX:TieredStopAtLevel=1}"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: mvn -q -B -DskipTests -pl benchmarks -am package" >&2
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
fi
if [[ ! -f "$jar" ]]; then
  echo "no $jar; build it with: (cd $root && mvn -q -B -DskipTests -pl benchmarks -am package)" >&2
  exit 2
fi

echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "java:    $("$java_bin" -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
  "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
echo "driver:  $java_bin $driver_opts -jar $jar"

# shellcheck disable=SC2086 # driver_opts is a list of options
exec "$java_bin" $driver_opts -jar "$jar" --nodes "${NODES:-100,1000,5000}" --out "$here/target/ads-fanout" "$@"
