#!/usr/bin/env bash
# Generated requests against a real API stack (every route; bad bodies, headers, methods, paths),
# counted by status; fails on any 5xx but a documented 503 and on any error outside the one shape.
# The build runs 1,500 of them; this runs more (docs/api.md has the figures).
#   bench/api-fuzz.sh [requests] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-10000}
seed=${2:-20261201}
mvn -B -q -DskipTests -Dspotless.check.skip=true install
mvn -B -pl worker verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ApiFuzzIT -Dlogwise.fuzz.requests="$requests" -Dlogwise.fuzz.seed="$seed" \
  | grep -E "api fuzz:|^  |Tests run:|BUILD"
