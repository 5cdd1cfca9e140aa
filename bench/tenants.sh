#!/usr/bin/env bash
# N tenants on one worker process (-Xmx2g) against the real Temporal dev server, one batch a
# minute per tenant through the API, for SECONDS after all are running. Prints time to all
# running, heap after GC / used, RSS and threads every 30 s, the workflow cache hit ratio, the
# supervisor's cycle and the workflow tasks' wait for a worker (p50/p99), events per run per
# workflow type, the worker's log bytes per hour, CPU per process (the worker against the JVM that
# runs the API and the bench; the dev server is the "temporal" process) and per thread of that JVM, and what grew in the worker's live
# heap between the start and the end of the measurement.
# The dev server's RSS is printed with the worker's, its CPU as the "temporal" process.
#   bench/tenants.sh [--temporal-address HOST:PORT] [tenants] [seconds]   (default: 200, 300 s)
set -euo pipefail
cd "$(dirname "$0")/.."
# --temporal-address points the run at another Temporal (default: a dev server started for it)
temporal=()
if [[ "${1:-}" == --temporal-address ]]; then
  temporal=(-Dlogwise.bench.temporal-address="$2")
  shift 2
fi
tenants=${1:-200}
seconds=${2:-300}
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -pl worker verify "${temporal[@]}" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dit.test=TenantsBenchIT -Dlogwise.bench.tenants="$tenants" -Dlogwise.bench.seconds="$seconds" \
  | grep --line-buffered -E "tenants bench:|Tests run:|BUILD" | sed -u 's/.*tenants bench/tenants bench/'
