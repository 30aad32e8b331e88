#!/usr/bin/env bash
# What each per-event step of the scoring chain costs on its own, on one thread (parsing, preprocessing,
# input statistics, forward pass, verdict, output JSON); writes docs/step-costs.md.
#   scripts/bench-steps.sh [ROUNDS]   (default 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
table=$(scripts/flink-job-benchmark.sh org.oodmonitor.job.bench.StepCostBenchmark "${1:-10}" | grep -E '^\|')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
cat > docs/step-costs.md <<MD
# Cost of each step of the scoring chain

Produced by \`scripts/bench-steps.sh\` on $(date -u +%Y-%m-%d): the committed Fashion-MNIST test
sample as raw image events (1.2 KB of JSON each), each step of \`BatchScoringOperator\`'s chain timed
alone on one thread, best of ${1:-10} passes; PyTorch with its default threads. Kafka, Flink and
the broker are not included: \`bin/ood-monitor bench\` measures those (see [BENCHMARKS.md](BENCHMARKS.md)).

Machine: $(nproc) CPU cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB memory, no GPU.

$table
MD
cat docs/step-costs.md
