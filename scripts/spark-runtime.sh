#!/usr/bin/env bash
# Fetches the Spark 4.2 runtime (Spark core and SQL, its Kafka source, S3A; ~330 MB from Maven
# Central) into target/spark-home/jars: the SPARK_HOME that the integration tests and
# `logwise dev --pipeline` start a real standalone master and workers from.
# Idempotent: does nothing when the jars of the runtime's current pom are there; a changed pom
# fetches them again into an emptied directory. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
home=target/spark-home
pom=embedded/src/spark-runtime/pom.xml
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$home/jars/.complete" ] && [ "$(cat "$home/jars/.complete")" = "$want" ]; then
  exit 0
fi
rm -rf "$home/jars"
mkdir -p "$home/jars"
mvn -B -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/$home/jars" "$@"
touch "$home/RELEASE"
echo "$want" > "$home/jars/.complete"
echo "spark-runtime: $(ls "$home/jars" | wc -l) jars, $(du -sh "$home/jars" | cut -f1) in $home/jars"
