#!/usr/bin/env bash
# Runs every test: unit tests (surefire) and integration tests (failsafe, *IT) against real
# MariaDB, moto, Temporal's test server and the packaged logwise executable, plus the
# formatting and dependency rules. Extra arguments go to Maven (e.g. -DskipITs for the fast loop).
# Ends with one line adding up every test report: `tests: N passed, N failed, N skipped`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# stale reports from an earlier run must not count
find . -path '*/target/*-reports' -type d -prune -exec rm -rf {} + 2>/dev/null || true
bash scripts/spark-runtime.sh
bash scripts/kafka-runtime.sh
mvn -B verify "$@"
python3 scripts/test-summary.py
