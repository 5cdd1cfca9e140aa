#!/usr/bin/env bash
# Fetches Spark 4.2 (spark-core_2.13, ~220 MB from Maven Central) into target/spark-home/jars,
# the SPARK_HOME that the integration tests start a real standalone master and worker from.
# Idempotent: does nothing when the jars are there. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
home=target/spark-home
if [ -f "$home/jars/.complete" ]; then
  exit 0
fi
mkdir -p "$home/jars"
mvn -B -q -f embedded/src/spark-runtime/pom.xml dependency:copy-dependencies \
  -DoutputDirectory="$PWD/$home/jars" "$@"
touch "$home/RELEASE" "$home/jars/.complete"
echo "spark-runtime: $(ls "$home/jars" | wc -l) jars in $home/jars"
