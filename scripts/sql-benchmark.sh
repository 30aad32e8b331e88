#!/usr/bin/env bash
# Runs a benchmark main class from flink-sql's test classes (after building the project) and
# prints its output, for example the ML_PREDICT batching benchmark:
#   scripts/sql-benchmark.sh org.oodmonitor.sql.bench.MlPredictBenchmark [ROWS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -q -B -DskipTests install
./mvnw -q -B -pl flink-sql test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd flink-sql
main=$1
shift
java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  "$main" "$@" 2>/dev/null
