#!/usr/bin/env bash
# Runs every test: unit tests (surefire) and integration tests (failsafe, *IT) against real
# MariaDB, moto, Temporal's test server and the packaged logwise executable, plus the
# formatting and dependency rules. Extra arguments go to Maven (e.g. -DskipITs for the fast loop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B verify "$@"
