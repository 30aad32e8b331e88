#!/usr/bin/env bash
# Runs a benchmark main class from flink-job's test classes (after building the project) and
# prints its output; used by bench-detector.sh, bench-steps.sh and (with BENCH_MODULE=flink-sql)
# sql-benchmark.sh.
#   scripts/flink-job-benchmark.sh CLASS [ARGS...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
./mvnw -q -B -DskipTests install
module=${BENCH_MODULE:-flink-job}
./mvnw -q -B -pl "$module" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cd "$module"
main=$1
shift
java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  "$main" "$@" 2>/dev/null
