#!/usr/bin/env bash
# The detector's data-stall bench (issue 15): in ONE JVM (io.augflow.train.bench.DetectionDataStallBench),
# samples/s of the detector (yolo-small, bench/detection/conf/baseline.conf: 96x96x3, 5 anchors, batch 16 per
# worker, 2 workers on local[2], averaging every 10, Adam + cosine) trained by SparkTrainer on the streamed feed WITH
# the conf's augmentation (Parquet read + PNG decode + flip/affine/brightness-contrast/hsv + letterbox + YOLO target
# encoding on the workers, prefetched) against samples/s of the same network, batch, workers and averaging on the
# same rows decoded, letterboxed and encoded (YoloTargets) ONCE on the driver, WITHOUT augmentation, served from
# memory to augflow's own averaging rounds (ParameterAveraging, as SparkTrainer runs them). Runs alternate
# (in-memory, streamed, in-memory, streamed...) from fresh networks. Ratio = streamed / in-memory samples/s, per
# repeat and from the medians (epochs after the first too).
# Data: the Fashion-MNIST small-objects data with --rows train images (bench/detection/detection-data.bash: made and
# ingested once under bench/tmp/). Writes bench/results/detection-data-stall.json with the machine and its load.
#
# Usage: bench/detection/data-stall.sh [--rows N] [--epochs E] [--repeats R] [--out FILE]   (defaults 2000, 2, 2)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rows=2000
epochs=2
repeats=2
master="local[2]"
out="bench/results/detection-data-stall.json"
conf="bench/detection/conf/baseline.conf"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p bench/tmp "$(dirname "$out")"
source bench/detection/detection-data.bash
read -r _yolo dataset < <(detection_data "$rows")

mvn -B -q -o -pl train -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="$root/train/target/test-classes:$root/train/target/classes:$(cat train/target/bench-classpath.txt)"
# the same JVM and CPU settings as bin/augflow
source bin/jvm-options.bash
jvm=(-Xmx4g "${AUGFLOW_OPENS[@]}" "${AUGFLOW_DL4J_CPU[@]}")
augflow_omp_env

work="bench/tmp/detection-data-stall"
loads="bench/tmp/detection-data-stall-load.txt"
: > "$loads"
( while true; do echo "$(date +%s) $(cat /proc/loadavg)" >> "$loads"; sleep 15; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT
args=(--dataset "$dataset" --conf "$conf" --defaults conf/augflow.conf --epochs "$epochs" --repeats "$repeats"
      --master "$master" --work "$work")
cmd=(java "${jvm[@]}" -cp "<train test class path>" io.augflow.train.bench.DetectionDataStallBench "${args[@]}")
echo "${cmd[*]}" >&2
load_before="$(cat /proc/loadavg)"
start=$(date +%s.%N)
rm -rf "$work"
line=$(java "${jvm[@]}" -cp "$cp" io.augflow.train.bench.DetectionDataStallBench "${args[@]}" \
    2>bench/tmp/detection-data-stall.log | grep '^RESULT ' | sed 's/^RESULT //') \
  || { echo "DetectionDataStallBench failed, see bench/tmp/detection-data-stall.log" >&2; exit 1; }
end=$(date +%s.%N)
load_after="$(cat /proc/loadavg)"
kill "$sampler" 2>/dev/null || true

RESULT="$line" START="$start" END="$end" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" LOADS="$loads" \
CMD="${cmd[*]}" CONF="$conf" DATASET="$dataset" JAVA_VERSION="$(java -version 2>&1 | head -1)" MASTER="$master" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" TARGET=none \
BENCHMARK="detector data stall: streamed+augmented feed (SparkTrainer) vs pre-decoded, letterboxed, YOLO-encoded \
in-memory DataSets on augflow's own averaging rounds, same network/batch/workers/averaging, one JVM" \
NOTES="samples/s count the averaging rounds only (both sides): SparkTrainer's set-up (statistics, anchor k-means), \
epoch planning and checkpoints and the in-memory decode are outside. The in-memory side has no augmentation (by the \
definition of the bench), so the ratio charges the augmentation (flip, affine, brightness-contrast, hsv) to the \
stream. runs[].phases (streamed) and runs[].epochs[].phaseMillis (in-memory) split each side's rounds into worker \
set-up, waiting for data, fitting and driver phases." \
python3 bench/data_stall_summary.py
