#!/usr/bin/env bash
# Data-stall bench (issue 5): in ONE JVM (io.augflow.train.bench.DataStallBench), samples/s of LeNet-5 trained by
# SparkTrainer on the streamed feed WITH augmentation (Parquet read + PNG decode + flip/affine + normalise on the
# workers, prefetched) against samples/s of the same network, batch, workers and parameter-averaging settings on
# the same rows pre-decoded once into DataSets cached in memory, WITHOUT augmentation, trained through
# SparkDl4jMultiLayer.fit(JavaRDD<DataSet>) in the same rounds (workers x averaging-frequency minibatches) that
# SparkTrainer cuts. Runs alternate (in-memory, streamed, in-memory, streamed...) from fresh networks.
# Ratio = streamed / in-memory samples/s (target >= 0.9), per repeat and from the medians.
# Data: a balanced subset of Fashion-MNIST's train split (--per-class rows per class, default 1280: 12,800 rows),
# written by io.augflow.train.bench.LongTailSubset --ratio 1 --head N, so a run takes minutes, not an hour.
# Writes bench/results/data-stall.json with the machine and its load (/proc/loadavg before, after, during).
#
# Usage: bench/data-stall.sh [--per-class N] [--epochs E] [--repeats R] [--in-memory-trainer dl4j|augflow]
#        (defaults 1280, 2, 2, dl4j: the recorded figures' path; augflow trains the in-memory side on augflow's own
#        averaging rounds, as the streamed side does since issue 11)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
per_class=1280
epochs=2
repeats=2
trainer=dl4j
master="local[2]"
out="bench/results/data-stall.json"
conf="bench/conf/fashion-mnist.conf"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --per-class) per_class="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --in-memory-trainer) trainer="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

source bench/fashion-mnist.bash
full=$(fashion_mnist_dataset "$master")
mkdir -p "$(dirname "$out")"

mvn -B -q -o -pl train -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="$root/train/target/test-classes:$root/train/target/classes:$(cat train/target/bench-classpath.txt)"
# the same JVM and CPU settings as bin/augflow
source bin/jvm-options.bash
jvm=(-Xmx4g "${AUGFLOW_OPENS[@]}" "${AUGFLOW_DL4J_CPU[@]}")
augflow_omp_env

dataset="bench/tmp/fashion-mnist-balanced$per_class"
if [[ ! -f "$dataset/_longtail_summary.json" ]]; then
  java -Xmx2g "${jvm[@]:1}" -cp "$cp" io.augflow.train.bench.LongTailSubset --input "$full" --output "$dataset" \
      --ratio 1 --head "$per_class" --master "$master" 2>bench/tmp/data-stall-subset.log | grep '^RESULT ' >&2
fi

loads="bench/tmp/data-stall-load.txt"
: > "$loads"
( while true; do echo "$(date +%s) $(cat /proc/loadavg)" >> "$loads"; sleep 15; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
cmd=(java "${jvm[@]}" -cp "<train test class path>" io.augflow.train.bench.DataStallBench --dataset "$dataset"
     --conf "$conf" --defaults conf/augflow.conf --epochs "$epochs" --repeats "$repeats" --master "$master"
     --work bench/tmp/data-stall --probe "$full" --in-memory-trainer "$trainer")
echo "${cmd[*]}" >&2
load_before="$(cat /proc/loadavg)"
start=$(date +%s.%N)
rm -rf bench/tmp/data-stall
line=$(java "${jvm[@]}" -cp "$cp" io.augflow.train.bench.DataStallBench --dataset "$dataset" --conf "$conf" \
    --defaults conf/augflow.conf --epochs "$epochs" --repeats "$repeats" --master "$master" --work bench/tmp/data-stall \
    --probe "$full" --in-memory-trainer "$trainer" 2>bench/tmp/data-stall.log | grep '^RESULT ' | sed 's/^RESULT //') \
  || { echo "DataStallBench failed, see bench/tmp/data-stall.log" >&2; exit 1; }
end=$(date +%s.%N)
load_after="$(cat /proc/loadavg)"
kill "$sampler" 2>/dev/null || true

RESULT="$line" START="$start" END="$end" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" LOADS="$loads" \
CMD="${cmd[*]}" CONF="$conf" DATASET="$dataset" JAVA_VERSION="$(java -version 2>&1 | head -1)" MASTER="$master" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" python3 bench/data_stall_summary.py
