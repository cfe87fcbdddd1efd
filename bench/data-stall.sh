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
# Usage: bench/data-stall.sh [--per-class N] [--epochs E] [--repeats R]     (defaults 1280, 2, 2)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
per_class=1280
epochs=2
repeats=2
master="local[2]"
out="bench/results/data-stall.json"
conf="bench/conf/fashion-mnist.conf"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --per-class) per_class="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
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
     --work bench/tmp/data-stall --probe "$full")
echo "${cmd[*]}" >&2
load_before="$(cat /proc/loadavg)"
start=$(date +%s.%N)
rm -rf bench/tmp/data-stall
line=$(java "${jvm[@]}" -cp "$cp" io.augflow.train.bench.DataStallBench --dataset "$dataset" --conf "$conf" \
    --defaults conf/augflow.conf --epochs "$epochs" --repeats "$repeats" --master "$master" --work bench/tmp/data-stall \
    --probe "$full" 2>bench/tmp/data-stall.log | grep '^RESULT ' | sed 's/^RESULT //') \
  || { echo "DataStallBench failed, see bench/tmp/data-stall.log" >&2; exit 1; }
end=$(date +%s.%N)
load_after="$(cat /proc/loadavg)"
kill "$sampler" 2>/dev/null || true

RESULT="$line" START="$start" END="$end" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" LOADS="$loads" \
CMD="${cmd[*]}" CONF="$conf" DATASET="$dataset" JAVA_VERSION="$(java -version 2>&1 | head -1)" MASTER="$master" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" python3 - <<'PY'
import json, os, platform, sys, datetime, statistics

env = os.environ
r = json.loads(env["RESULT"])

sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

def rnd(x, n=1):
    return round(x, n)

runs = r["runs"]
mem = [x for x in runs if x["feed"] == "in-memory"]
stream = [x for x in runs if x["feed"] != "in-memory"]
per_repeat = []
for a, b in zip(mem, stream):
    per_repeat.append({"repeat": a["repeat"], "in_memory_samples_per_second": rnd(a["samplesPerSecond"]),
                       "streamed_samples_per_second": rnd(b["samplesPerSecond"]),
                       "ratio": rnd(b["samplesPerSecond"] / a["samplesPerSecond"], 3)})
# epochs after the first of each run (JIT and ND4J warm-up excluded)
def later(xs):
    return [e["samplesPerSecond"] for x in xs for e in x["epochs"] if e["epoch"] > 0]
med_mem = statistics.median(x["samplesPerSecond"] for x in mem)
med_stream = statistics.median(x["samplesPerSecond"] for x in stream)
for x in runs:
    x["samplesPerSecond"] = rnd(x["samplesPerSecond"])
    for e in x["epochs"]:
        e["seconds"] = rnd(e["seconds"], 2)
        e["samplesPerSecond"] = rnd(e["samplesPerSecond"])
        e["loss"] = rnd(e["loss"], 4)
during = [line.split()[1:4] for line in open(env["LOADS"]) if line.strip()]
result = {
    "benchmark": "data stall: streamed+augmented feed vs pre-decoded in-memory DataSets, same rounds, one JVM",
    "command": env["CMD"],
    "config_file": env["CONF"],
    "dataset": env["DATASET"],
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "samples_per_epoch": r["samplesPerEpoch"],
    "workers": r["workers"], "batch_size_per_worker": r["batchSizePerWorker"],
    "averaging_frequency": r["averagingFrequency"], "prefetch_batches": r["prefetchBatches"],
    "average_updaters": r["averageUpdaters"], "epochs_per_run": r["epochsPerRun"],
    "rounds_per_epoch": r["roundsPerEpochInMemory"],
    "in_memory_load_seconds": rnd(r["inMemoryLoadSeconds"]),
    "median_in_memory_samples_per_second": rnd(med_mem),
    "median_streamed_samples_per_second": rnd(med_stream),
    "ratio_of_medians": rnd(med_stream / med_mem, 3),
    "ratio_after_first_epoch": rnd(statistics.median(later(stream)) / statistics.median(later(mem)), 3)
        if later(stream) and later(mem) else None,
    "target_ratio": 0.9,
    "target_met": med_stream / med_mem >= 0.9,
    "per_repeat": per_repeat,
    "runs": runs,
    "notes": "samples/s count the averaging rounds only (both sides): SparkTrainer's epoch planning and the "
             "in-memory decode are outside. The in-memory side has no augmentation (by the definition of the "
             "bench), so the ratio charges the augmentation to the stream.",
    "shard_read_millis": r.get("shardReadMillis"),
    "shard_read_note": "median ms for ShardReader.read of the first and the last 128-row shard of the largest "
                       "Parquet row group, of this bench's dataset and of the full Fashion-MNIST dataset: the reader "
                       "decodes the row group up to the shard, so late shards of big row groups cost more.",
    "seconds_wall": rnd(float(env["END"]) - float(env["START"])),
    "machine": {
        "nproc": os.cpu_count(), "cpu": cpu_model(), "memory_mb": mem_total_mb(), "java": env["JAVA_VERSION"],
        "os": platform.platform(), "spark_master": env["MASTER"],
        "load_before": load(env["LOAD_BEFORE"]), "load_after": load(env["LOAD_AFTER"]),
        "load_1min_during": [float(x[0]) for x in during],
    },
}
with open(env["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps({k: result[k] for k in ("median_in_memory_samples_per_second", "median_streamed_samples_per_second",
                                         "ratio_of_medians", "ratio_after_first_epoch", "per_repeat")}))
print("wrote " + env["OUT"])
PY
