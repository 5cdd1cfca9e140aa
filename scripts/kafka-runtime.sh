#!/usr/bin/env bash
# Fetches the Kafka 4.3 broker (kafka_2.13, ~45 MB from Maven Central) into target/kafka-home/libs:
# what `logwise dev --pipeline` starts its KRaft broker from (the tests use Kafka's in-process
# test kit instead). Idempotent (see fetch-runtime.sh). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fetch-runtime.sh embedded/src/kafka-runtime/pom.xml target/kafka-home/libs "$@"
