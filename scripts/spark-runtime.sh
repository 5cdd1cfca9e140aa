#!/usr/bin/env bash
# Fetches the Spark 4.2 runtime (Spark core and SQL, its Kafka source, S3A; ~300 MB from Maven
# Central) into target/spark-home/jars: the SPARK_HOME that the integration tests and
# `logwise dev --pipeline` start a real standalone master and workers from. Idempotent (see
# fetch-runtime.sh). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fetch-runtime.sh embedded/src/spark-runtime/pom.xml target/spark-home/jars "$@"
touch target/spark-home/RELEASE
