#!/usr/bin/env bash
# Runs a benchmark main class from flink-sql's test classes, as flink-job-benchmark.sh does for
# flink-job's, for example the ML_PREDICT batching benchmark:
#   scripts/sql-benchmark.sh org.oodmonitor.sql.bench.MlPredictBenchmark [ROWS]
set -euo pipefail
BENCH_MODULE=flink-sql exec "$(dirname "$0")/flink-job-benchmark.sh" "$@"
