#!/usr/bin/env bash
# Builds Logwise and runs `logwise dev`: Temporal's test server, MariaDB, moto's S3, the worker
# and the API in one process, with an example tenant. Extra arguments go to `logwise dev`
# (try --help). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -q -DskipTests -Dspotless.check.skip=true package
exec java -jar worker/target/logwise.jar dev "$@"
