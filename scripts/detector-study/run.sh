#!/usr/bin/env bash
# The alert-detector study of docs/RESULTS.md ("Detection beyond the paper"): every candidate score
# on the full Fashion-MNIST test set against MNIST, uniform and Gaussian noise, and synthetic
# generalisation sets never used for choosing; per-image costs. About 2 minutes on 2 cores.
#   scripts/detector-study/run.sh   (tables on standard output; features cached in data/detector-study)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scripts/fetch-data.sh >/dev/null
[ -d flink-job/target/lib ] || ./mvnw -q -B -DskipTests install
cp="$root/flink-job/target/classes:$root/flink-job/target/lib/*"
java -Dood.root="$root" -Dai.djl.offline=true -cp "$cp" scripts/detector-study/Extract.java >&2
echo "# Alert-detector study"
echo
echo "Written by \`scripts/detector-study/run.sh\` (also run by \`scripts/reproduce-results.sh\`); see [../RESULTS.md](../RESULTS.md#detection-beyond-the-paper-the-alert-detector). Machine: $(nproc) CPU cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB, no GPU."
echo
java -Dood.root="$root" -cp "$cp" scripts/detector-study/Analyze.java
java -Dood.root="$root" -Dai.djl.offline=true -cp "$cp" scripts/detector-study/CnnCost.java
