#!/usr/bin/env bash
# What the alert detector costs on the job's scoring path, against the same path deciding on the
# minimum distance score alone, in one run; writes docs/detector-benchmark.md.
#   scripts/bench-detector.sh [ROUNDS]   (default 15)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
table=$(scripts/flink-job-benchmark.sh org.oodmonitor.job.bench.DetectorCostBenchmark "${1:-15}" | grep -E '^\||^Detector cost')
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
cat > docs/detector-benchmark.md <<MD
# Alert detector cost

Produced by \`scripts/bench-detector.sh\` on $(date -u +%Y-%m-%d): 1,000 raw Fashion-MNIST test
images, five passes per round, scored on the job's scoring path (\`ServedModel.input\`, one forward pass per batch of 64,
\`VerdictFunction\`, \`ScoreBuilder\`, as \`BatchScoringOperator\` does), once deciding on the
minimum distance score alone (a threshold override switches the detector off) and once with the
committed model's alert detector; rounds interleaved, best round of each reported. Kafka, Flink
and serialisation are not included, so the share below is an upper bound of the detector's share
of the whole job's time.

Machine: $(nproc) CPU cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB memory, no GPU.

$table
MD
cat docs/detector-benchmark.md
