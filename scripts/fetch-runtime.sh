#!/usr/bin/env bash
# fetch-runtime.sh POM DIR [maven args]: copies the dependencies of POM (a runtime kept off the
# project's classpath) into DIR. Idempotent: does nothing when DIR holds the jars of POM as it is
# now; a changed POM fetches them again into an emptied DIR.
set -euo pipefail
pom=$1
dir=$2
shift 2
want=$(sha256sum "$pom" | cut -d' ' -f1)
if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$want" ]; then
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
mvn -B -q -f "$pom" dependency:copy-dependencies -DoutputDirectory="$PWD/$dir" "$@"
echo "$want" > "$dir/.complete"
echo "$(basename "$(dirname "$pom")"): $(ls "$dir" | wc -l) jars, $(du -sh "$dir" | cut -f1) in $dir"
