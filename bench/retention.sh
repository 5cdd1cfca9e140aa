#!/usr/bin/env bash
# One tenant with N services in moto's S3 (default 10,000), each with one partition past its
# retention, through the API on the real Temporal dev server: how long POST …/services:sync takes to
# answer and to finish (the first sync, then a steady one) and the same for GET
# …/retention/sweep-plan, with what the plan found. Answers within 20 s are a 200; a longer
# operation is a 202 the bench follows to its end (GET …/operations/{id}?run=).
#   bench/retention.sh [services]
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-10000}
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -pl worker verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dit.test=RetentionScaleBenchIT -Dlogwise.bench.retention="$services" \
  | grep --line-buffered -E "retention bench:|Tests run:|BUILD" | sed -u 's/.*retention bench/retention bench/'
