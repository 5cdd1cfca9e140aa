#!/usr/bin/env bash
# Builds Logwise and runs `logwise dev`: Temporal's dev server, MariaDB, moto's S3, the worker
# and the API in one process, with example tenants. Extra arguments go to `logwise dev`
# (try --help). With --pipeline it also fetches the Spark and Kafka runtimes (once) and runs the
# pipeline in a box. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -q -DskipTests -Dspotless.check.skip=true package
for arg in "$@"; do
  if [ "$arg" = "--pipeline" ]; then
    bash scripts/spark-runtime.sh
    bash scripts/kafka-runtime.sh
  fi
done
exec java -jar worker/target/logwise.jar dev "$@"
