#!/usr/bin/env bash
# Batch ingest at the rate N listeners can post, for a bounded time, against a real API stack:
# prints requests, rate, latency p50/p99/max and the scaling loop's longest run, and fails unless
# every accepted report was recorded and no run passed 4,000 events; then the same posters'
# signal-with-start straight to the same Temporal for the same time, and the API's share of it.
#   bench/batch-load.sh [--temporal-address HOST:PORT] [seconds] [posters]   (default: 600 s, 8)
set -euo pipefail
cd "$(dirname "$0")/.."
# --temporal-address points the run at another Temporal (default: a dev server started for it)
temporal=()
if [[ "${1:-}" == --temporal-address ]]; then
  temporal=(-Dlogwise.bench.temporal-address="$2")
  shift 2
fi
seconds=${1:-600}
posters=${2:-8}
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -pl worker verify "${temporal[@]}" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BatchIngestLoadIT -Dlogwise.load.seconds="$seconds" -Dlogwise.load.posters="$posters" \
  | grep -E "batch ingest:|scaling-loop/|Tests run:|BUILD" | sed 's/.*batch ingest/batch ingest/'
