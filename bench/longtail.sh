#!/usr/bin/env bash
# Long-tail bench (issue 5): Fashion-MNIST with its train classes cut to a geometric long tail of imbalance ratio 100
# (io.augflow.train.bench.LongTailSubset: class ranks and kept rows drawn from a seed; the test split untouched,
# _classes.json kept), then four trainings of LeNet-5 (bench/conf/fashion-mnist-longtail.conf: 2 workers on
# local[2], the same light augmentation in all four) that differ only in how they handle the imbalance:
#   plain       no balancing, cross-entropy
#   oversample  balance.strategy=oversample, target=sqrt (T_c = sqrt(n_c * n_max), max-repeat 10): repeats of
#               rare rows are augmented afresh
#   weighted    loss.type=weighted-cross-entropy (inverse-frequency weights from the training statistics)
#   focal       loss.type=focal (alpha 0.25, gamma 2)
# Writes bench/results/longtail.json: per variant the test split's accuracy, macro-F1, balanced accuracy, per-class
# recall, samples trained and samples/s; the gain of each balancing variant over plain in macro-F1 points
# (acceptance: >= 5 points), the machine and its load.
#
# Usage: bench/longtail.sh [--epochs N] [--ratio R] [--seed S] [--variants "plain oversample weighted focal"]
# Datasets and models go to bench/tmp/ (gitignored); the full Fashion-MNIST is ingested there if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs=4
ratio=100
seed=42
variants="plain oversample weighted focal"
master="local[2]"
out="bench/results/longtail.json"
conf="bench/conf/fashion-mnist-longtail.conf"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --ratio) ratio="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

source bench/fashion-mnist.bash
full=$(fashion_mnist_dataset "$master")
mkdir -p "$(dirname "$out")"

# The subset writer is a test-source main of the train module (not shipped): build it and its class path.
mvn -B -q -o -pl train -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="$root/train/target/test-classes:$root/train/target/classes:$(cat train/target/bench-classpath.txt)"
source bin/jvm-options.bash
dataset="bench/tmp/fashion-mnist-lt$ratio"
subset_cmd="java -cp <train test class path> io.augflow.train.bench.LongTailSubset --input $full --output $dataset --ratio $ratio --seed $seed --master $master"
java -Xmx2g "${AUGFLOW_OPENS[@]}" -cp "$cp" io.augflow.train.bench.LongTailSubset --input "$full" --output "$dataset" \
    --ratio "$ratio" --seed "$seed" --master "$master" 2>bench/tmp/longtail-subset.log | grep '^RESULT ' >&2

loads="bench/tmp/longtail-load.txt"
: > "$loads"
( while true; do echo "$(date +%s) $(cat /proc/loadavg)" >> "$loads"; sleep 30; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

runs="bench/tmp/longtail-runs.txt"
: > "$runs"
load_before="$(cat /proc/loadavg)"
for v in $variants; do
  case $v in
    plain)      sets=(--set augflow.balance.strategy=none --set augflow.loss.type=cross-entropy) ;;
    oversample) sets=(--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt
                      --set augflow.loss.type=cross-entropy) ;;
    weighted)   sets=(--set augflow.balance.strategy=none --set augflow.loss.type=weighted-cross-entropy) ;;
    focal)      sets=(--set augflow.balance.strategy=none --set augflow.loss.type=focal) ;;
    *) echo "unknown variant $v" >&2; exit 2 ;;
  esac
  model="bench/tmp/longtail-$v"
  rm -rf "$model"
  cmd=(bin/augflow train --master "$master" --conf "$conf" -d "$dataset" -o "$model" --epochs "$epochs" "${sets[@]}")
  echo "${cmd[*]}" >&2
  start=$(date +%s.%N)
  "${cmd[@]}" > "bench/tmp/longtail-$v.log" 2>&1 || { echo "variant $v failed, see bench/tmp/longtail-$v.log" >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%s\t%s\t%s\t%s\n' "$v" "$model" "$(echo "$end - $start" | bc)" "${cmd[*]}" >> "$runs"
  grep -E "^test|accuracy" "bench/tmp/longtail-$v.log" | tail -2 >&2 || true
done
load_after="$(cat /proc/loadavg)"
kill "$sampler" 2>/dev/null || true

LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" LOADS="$loads" RUNS="$runs" DATASET="$dataset" CONF="$conf" \
SUBSET_CMD="$subset_cmd" JAVA_VERSION="$(java -version 2>&1 | head -1)" MASTER="$master" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" python3 - <<'PY'
import json, os, platform, sys, datetime

env = os.environ

sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

summary = json.load(open(os.path.join(env["DATASET"], "_longtail_summary.json")))
variants = {}
for line in open(env["RUNS"]):
    name, model, wall, cmd = line.rstrip("\n").split("\t")
    m = json.load(open(os.path.join(model, "model.json")))
    t = m["test"]
    samples = sum(r["samples"] for r in m["history"])
    seconds = sum(r["seconds"] for r in m["history"])
    variants[name] = {
        "command": cmd,
        "test_macro_f1": round(t["macroF1"], 4),
        "test_balanced_accuracy": round(t["balancedAccuracy"], 4),
        "test_accuracy": round(t["accuracy"], 4),
        "test_recall_by_class": {p["name"]: round(p["recall"], 3) for p in t["perClass"]},
        "epochs": len(m["history"]),
        "samples_per_epoch": [r["samples"] for r in m["history"]],
        "samples_trained": samples,
        "final_loss": round(m["history"][-1]["loss"], 4),
        "seconds_training": round(seconds, 1),
        "samples_per_second_training": round(samples / seconds, 1),
        "seconds_wall": round(float(wall), 1),
    }
gains = {}
if "plain" in variants:
    base = variants["plain"]["test_macro_f1"]
    for k, v in variants.items():
        if k != "plain":
            gains[k] = round(100 * (v["test_macro_f1"] - base), 2)
best = max(gains, key=gains.get) if gains else None
during = [line.split()[1:4] for line in open(env["LOADS"]) if line.strip()]
result = {
    "benchmark": "long-tailed Fashion-MNIST (imbalance 100), LeNet-5, 2 workers: plain vs balancing",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "dataset": {"subset_command": env["SUBSET_CMD"], "train_rows_by_class": summary["trainRowsByClass"],
                "train_rows": summary["trainRows"], "test_rows": summary["otherRows"],
                "imbalance_ratio": summary["ratio"], "seed": summary["seed"]},
    "config_file": env["CONF"],
    "config_file_text": open(env["CONF"]).read(),
    "metrics_note": "macro-F1 and balanced accuracy (mean per-class recall) on the untouched, balanced test split "
                    "(10,000 images, 1,000 per class), from model.json's test metrics.",
    "variants": variants,
    "macro_f1_gain_over_plain_points": gains,
    "best_balancing": best,
    "acceptance_macro_f1_gain_points": 5.0,
    "acceptance_met": bool(best is not None and gains[best] >= 5.0),
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
for k, v in variants.items():
    print(k, v["test_macro_f1"], v["test_balanced_accuracy"], v["test_accuracy"])
print("gains", gains, "acceptance", result["acceptance_met"])
print("wrote " + env["OUT"])
PY
