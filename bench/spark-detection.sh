#!/usr/bin/env bash
# Dead-driver detection benchmark: a real Spark master and worker, the Logwise worker with the
# default 15 s poll, N kills of the driver behind the supervisor's back. Prints kill -> new
# submission and kill -> RUNNING per kill, then p50/p95/max. Target: detection p95 <= 30 s.
#   bench/spark-detection.sh [kills] [poll]      e.g. bench/spark-detection.sh 10 15s
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-10}
poll=${2:-15s}
bash scripts/install-deps.sh >/dev/null
bash scripts/spark-runtime.sh
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -pl worker failsafe:integration-test failsafe:verify \
  -Dit.test=SparkDetectionBench -Dlogwise.bench=true -Dlogwise.bench.kills="$kills" -Dlogwise.bench.poll="$poll" 2>&1 \
  | grep -E "^BENCH|Tests run:|BUILD" || true
