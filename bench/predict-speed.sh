#!/usr/bin/env bash
# Predict bench (issue 12): images/s of `bin/augflow predict` (local[2]) with a LeNet-5 model on the Fashion-MNIST
# test set (10,000 images), next to PyTorch CPU inference of the same network on the same machine in the same run
# (bench/pytorch_predict_peer.py, 2 threads), the two alternated run by run (A B A B ...) so a drift of the shared
# machine's speed hits both. Each side does the same work per image: decode the stored PNG, fit to 28x28,
# normalise, forward in batches of --batch, softmax, top-5, write one row per image.
# Three figures per side:
#   end-to-end    images / wall seconds of the whole command (augflow: JVM + Spark start, model load and broadcast,
#                 reading the Parquet dataset, writing and re-counting the predictions; PyTorch: interpreter and
#                 torch import, reading the stored PNGs, writing CSV)
#   job           images / the job's own seconds (augflow: predict's summary line, from after Spark start to the
#                 commit; PyTorch: after the imports to the last row written)
#   steady state  the marginal rate between the 10,000-image set and the same set 5 times over (50,000 images):
#                 40,000 / (job seconds at 50,000 - job seconds at 10,000), which cancels every fixed cost
# Writes bench/results/predict-speed.json (commands, date, load before/after, each run, medians, ratios augflow /
# PyTorch, the phases of augflow's last 10,000-image run) and prints a summary.
#
# Usage: bench/predict-speed.sh [--model DIR] [--runs N] [--batch B] [--out FILE]
#   --model  a LeNet-5 training output (default bench/tmp/ensemble/members/lenet5-s1, made by
#            `bench/ensemble.sh --members-only --members lenet5-s1:lenet5:1`)
#   --runs   alternated pairs on the 10,000 images (default 3); the 50,000-image pair runs once
#   --batch  images per forward pass on both sides (default 64: augflow.train.batch-size-per-worker)
#   --prepare-only  make the datasets (and the PyTorch side's stored PNGs) and stop
# Environment: AUGFLOW_BIN (default bin/augflow), PYTHON (default /usr/bin/python3, Debian's torch 1.13).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
model="bench/tmp/ensemble/members/lenet5-s1"
runs=3
batch=64
out="bench/results/predict-speed.json"
augflow="${AUGFLOW_BIN:-bin/augflow}"
python="${PYTHON:-/usr/bin/python3}"
prepare_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --prepare-only) prepare_only=true; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="bench/tmp/predict"
data="/usr/share/datasets/fashion-mnist"
mkdir -p "$work" "$(dirname "$out")"
"$augflow" --version >/dev/null

# The test set as augflow datasets: once (10,000 rows), and 5 copies under different IDX prefixes (50,000 rows,
# ids <name>/<prefix>/<index> distinct; every prefix holds "t10k", so every row is split test).
for copies in 1 5; do
  idx="$work/fashion-mnist-test-x$copies-idx"
  dataset="$work/fashion-mnist-test-x$copies"
  if [[ ! -f "$dataset/_ingest_summary.json" ]]; then
    mkdir -p "$idx"
    for c in $(seq 1 "$copies"); do
      prefix=$([[ $c -eq 1 ]] && echo t10k || echo "t10k-copy$c")
      cp "$data/t10k-images-idx3-ubyte.gz" "$idx/$prefix-images-idx3-ubyte.gz"
      cp "$data/t10k-labels-idx1-ubyte.gz" "$idx/$prefix-labels-idx1-ubyte.gz"
    done
    "$augflow" ingest --master "local[2]" --layout idx -i "$idx" -o "$dataset" --overwrite >&2
  fi
done
pngs="$work/fmnist-test-png.npz"
[[ -f "$pngs" ]] || "$python" bench/pytorch_predict_peer.py --data "$data" --prepare "$pngs"
if [[ $prepare_only == true ]]; then exit 0; fi
if [[ ! -f "$model/model.zip" ]]; then
  echo "no model at $model/model.zip: train one with" \
       "bench/ensemble.sh --members-only --members lenet5-s1:lenet5:1, or give --model" >&2
  exit 2
fi

runs_file="$work/runs.jsonl"
: > "$runs_file"
now() { date +%s.%N; }

augflow_run() {  # $1 = copies, $2 = run index
  local dataset="$work/fashion-mnist-test-x$1" output="$work/predictions-x$1" log="$work/augflow-x$1-$2.log"
  local start end
  start=$(now)
  /usr/bin/time -f '%e %U %S' -o "$log.time" "$augflow" predict --master "local[2]" -m "$model" -i "$dataset" -o "$output" --overwrite --batch-size "$batch" \
      > "$log.out" 2> >(while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log")
  end=$(now)
  sleep 0.5   # the stderr time-stamper finishes its last lines
  SIDE=augflow COPIES="$1" RUN="$2" START="$start" END="$end" LOG="$log" python3 - >> "$runs_file" <<'PY'
import json, os, re
env = os.environ
_, user, system = open(env["LOG"] + ".time").read().split()[-3:]
summary = open(env["LOG"] + ".out").read()
m = re.search(r"(\d+) rows in, (\d+) predicted, (\d+) quarantined.* in ([0-9.]+) s", summary)
if not m:
    raise SystemExit("predict printed no summary line: " + summary)
start = float(env["START"])
phases = {}
for line in open(env["LOG"]):
    stamp, _, text = line.partition(" ")
    p = re.match(r"predict \[(\d)/4\]", text)
    if p and "step_" + p.group(1) not in phases:
        phases["step_" + p.group(1)] = round(float(stamp) - start, 2)
print(json.dumps({"side": "augflow", "copies": int(env["COPIES"]), "run": int(env["RUN"]),
                  "images": int(m.group(2)), "quarantined": int(m.group(3)),
                  "seconds_wall": round(float(env["END"]) - start, 3), "seconds_job": float(m.group(4)),
                  "seconds_cpu": round(float(user) + float(system), 2),
                  "phases_seconds_from_start": phases}))
PY
}

torch_run() {  # $1 = copies, $2 = run index
  local start end result
  start=$(now)
  # passive OpenMP waits, as bin/augflow sets for DL4J: under load, spinning threads wreck the peer
  result=$(OMP_WAIT_POLICY=PASSIVE /usr/bin/time -f '%e %U %S' -o "$work/torch-x$1.time" \
      "$python" bench/pytorch_predict_peer.py --input "$pngs" --copies "$1" --batch "$batch" --threads 2 \
      --output "$work/torch-x$1.csv" | grep '^RESULT ')
  end=$(now)
  SIDE=pytorch COPIES="$1" RUN="$2" START="$start" END="$end" RESULT="${result#RESULT }" TIME="$work/torch-x$1.time" \
  python3 - >> "$runs_file" <<'PY'
import json, os
env = os.environ
r = json.loads(env["RESULT"])
_, user, system = open(env["TIME"]).read().split()[-3:]
r["seconds_cpu"] = round(float(user) + float(system), 2)
r.update({"side": "pytorch", "copies": int(env["COPIES"]), "run": int(env["RUN"]),
          "seconds_wall": round(float(env["END"]) - float(env["START"]), 3)})
print(json.dumps(r))
PY
}

load_before="$(cat /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  echo "run $i/$runs: augflow, then PyTorch (10,000 images)" >&2
  augflow_run 1 "$i"
  torch_run 1 "$i"
done
echo "steady state: augflow, then PyTorch (50,000 images)" >&2
augflow_run 5 1
torch_run 5 1
load_after="$(cat /proc/loadavg)"

RUNS_FILE="$runs_file" OUT="$out" MODEL="$model" BATCH="$batch" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" \
AUGFLOW="$augflow" PYTHON_BIN="$python" JAVA_VERSION="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" python3 - <<'PY'
import datetime, json, os, platform, statistics, sys

env = os.environ
sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

runs = [json.loads(line) for line in open(env["RUNS_FILE"]) if line.strip()]

def pick(side, copies):
    return [r for r in runs if r["side"] == side and r["copies"] == copies]

def rates(side):
    once = pick(side, 1)
    five = pick(side, 5)[0]
    images = once[0]["images"]
    job_once = statistics.median(r["seconds_job"] for r in once)
    wall_once = statistics.median(r["seconds_wall"] for r in once)
    steady = (five["images"] - images) / (five["seconds_job"] - job_once) if five["seconds_job"] > job_once else None
    cpu_once = statistics.median(r["seconds_cpu"] for r in once)
    cpu_steady = ((five["images"] - images) / (five["seconds_cpu"] - cpu_once)
                  if five["seconds_cpu"] > cpu_once else None)
    return {
        "images": images,
        "runs": len(once),
        "seconds_wall_median": round(wall_once, 2),
        "seconds_job_median": round(job_once, 2),
        "seconds_wall_runs": [r["seconds_wall"] for r in once],
        "seconds_job_runs": [r["seconds_job"] for r in once],
        "images_per_second_end_to_end": round(images / wall_once, 1),
        "images_per_second_job": round(images / job_once, 1),
        "images_per_second_steady_state": round(steady, 1) if steady else None,
        "images_50000_seconds_job": five["seconds_job"],
        "images_50000_seconds_wall": five["seconds_wall"],
        "seconds_cpu_median": round(cpu_once, 2),
        "seconds_cpu_runs": [r["seconds_cpu"] for r in once],
        "images_50000_seconds_cpu": five["seconds_cpu"],
        "images_per_cpu_second_end_to_end": round(images / cpu_once, 1),
        "images_per_cpu_second_steady_state": round(cpu_steady, 1) if cpu_steady else None,
    }

a, t = rates("augflow"), rates("pytorch")
t["seconds_import_median"] = round(statistics.median(r["seconds_import"] for r in pick("pytorch", 1)), 2)
t["images_per_second_forward_only_median"] = round(statistics.median(
    r["images_per_second_forward"] for r in pick("pytorch", 1)), 1)
# paired ratios, run by run (the machine is shared: a pair ran back to back)
pairs = list(zip(pick("augflow", 1), pick("pytorch", 1)))
ratio = lambda key: round(statistics.median(p[1][key] / p[0][key] for p in pairs), 3)
ratios = {
    "end_to_end": ratio("seconds_wall"),
    "job": ratio("seconds_job"),
    "steady_state": round(a["images_per_second_steady_state"] / t["images_per_second_steady_state"], 3)
        if a["images_per_second_steady_state"] and t["images_per_second_steady_state"] else None,
    "cpu_end_to_end": ratio("seconds_cpu"),
    "cpu_steady_state": round(a["images_per_cpu_second_steady_state"] / t["images_per_cpu_second_steady_state"], 3)
        if a["images_per_cpu_second_steady_state"] and t["images_per_cpu_second_steady_state"] else None,
}
last = pick("augflow", 1)[-1]
result = {
    "benchmark": "images/s of bin/augflow predict (LeNet-5, local[2]) on the Fashion-MNIST test set against "
                 "PyTorch CPU inference of the same network (2 threads), alternated in one run",
    "commands": {
        "augflow": env["AUGFLOW"] + " predict --master local[2] -m " + env["MODEL"]
                   + " -i bench/tmp/predict/fashion-mnist-test-x1 -o <tmp> --overwrite --batch-size " + env["BATCH"],
        "pytorch": "OMP_WAIT_POLICY=PASSIVE " + env["PYTHON_BIN"] + " bench/pytorch_predict_peer.py --input bench/tmp/predict/fmnist-test-png.npz"
                   " --batch " + env["BATCH"] + " --threads 2 --output <tmp>.csv",
        "steady_state": "the same, on 5 copies of the test set (bench/tmp/predict/fashion-mnist-test-x5; --copies 5)",
    },
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "model": env["MODEL"],
    "batch": int(env["BATCH"]),
    "what_is_timed": {
        "both": "decode of the stored PNG, fit to 28x28 (a no-op here), normalisation by mean/std, forward, "
                "softmax, top-5, one output row per image",
        "augflow_end_to_end": "the whole command: JVM and Spark start, model load and broadcast, Parquet read, "
                              "predict, Parquet write, counting what was written, commit",
        "augflow_job": "predict's own seconds (its summary line): everything above but JVM and Spark start",
        "pytorch_end_to_end": "the whole process: interpreter start and the torch/cv2/numpy imports, reading the "
                              "stored PNGs (.npz), predict, CSV write; the network is built from a seed (no model "
                              "file read)",
        "pytorch_job": "after the imports: reading, predicting, writing",
        "steady_state": "(50,000 - 10,000) / (job seconds at 50,000 - median job seconds at 10,000): the rate once "
                        "every fixed cost is paid",
        "cpu": "user + system CPU seconds of the whole process (/usr/bin/time), every thread (augflow's JIT and GC "
               "included): on a machine shared with heavier work a process waits for a core for most of its wall "
               "time, so CPU seconds are the figure that does not depend on how busy the others were; "
               "cpu_steady_state = 40,000 / (CPU seconds at 50,000 - median CPU seconds at 10,000)",
    },
    "augflow": a,
    "pytorch": t,
    "ratio_augflow_over_pytorch": ratios,
    "target_ratio": 0.5,
    "augflow_last_run_phases_seconds_from_start": {
        "note": "wall seconds from the command's start at which predict printed each step: [1/4] loading the model "
                "(JVM and Spark are up), [2/4] predicting, [3/4] counting, [4/4] committing; the end",
        **last["phases_seconds_from_start"], "end": last["seconds_wall"]},
    "runs": runs,
    "machine": {
        "nproc": os.cpu_count(), "cpu": cpu_model(), "memory_mb": mem_total_mb(), "java": env["JAVA_VERSION"],
        "os": platform.platform(), "spark_master": "local[2]",
        "load_before": load(env["LOAD_BEFORE"]), "load_after": load(env["LOAD_AFTER"]),
    },
}
with open(env["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
for side, r in (("augflow", a), ("pytorch", t)):
    print(side, {k: r[k] for k in ("images_per_second_end_to_end", "images_per_second_job",
                                   "images_per_second_steady_state", "images_per_cpu_second_end_to_end",
                                   "images_per_cpu_second_steady_state")})
print("ratio augflow/pytorch", ratios)
print("augflow phases", result["augflow_last_run_phases_seconds_from_start"])
print("wrote " + env["OUT"])
PY
