#!/usr/bin/env bash
# Long-tail bench (issues 5 and 16): Fashion-MNIST with its train classes cut to a geometric long tail of imbalance
# ratio 100 (io.augflow.train.bench.LongTailSubset: class ranks and kept rows drawn from --subset-seed, the same
# subset in every run; the test split untouched, _classes.json kept), then LeNet-5 trainings
# (bench/conf/fashion-mnist-longtail.conf: 2 workers on local[2], the same light augmentation in all) that differ
# only in how they handle the imbalance. Arms:
#   plain             no balancing, cross-entropy
#   oversample        balance.strategy=oversample, target=sqrt (T_c = sqrt(n_c * n_max), max-repeat 10)
#   weighted          loss.type=weighted-cross-entropy (inverse-frequency weights from the training statistics)
#   focal             loss.type=focal (alpha 0.25, gamma 2)
#   logit-adjusted    loss.type=logit-adjusted, tau 1 (Menon et al. 2021)
#   balanced-softmax  loss.type=balanced-softmax (Ren et al. 2020)
#   ldam              loss.type=ldam, max-margin 0.5, scale 30 (Cao et al. 2019), no re-weighting
#   ldam-drw          ldam with deferred re-weighting: class-balanced (effective number, beta 0.9999) from epoch LATE
#   ce-drw            cross-entropy with deferred re-weighting from epoch LATE
#   cb-focal          focal (alpha 1, gamma 2) with class-balanced weights in every epoch (Cui et al. 2019)
#   drs               deferred re-sampling: plain sampling, then oversample (target sqrt) from epoch LATE
#   posthoc           the plain arm's model (the same run folder: trained once for both) evaluated on the test split
#                     with post-hoc logit adjustment (bin/augflow evaluate --logit-adjust 1, Menon et al. 2021);
#                     its figures come from evaluate's metrics.json, not model.json
#   oversample-posthoc  the oversample arm's model evaluated the same way: its recorded prior is the plan's (sqrt)
#                     class mix, so the adjustment removes the imbalance that re-sampling left
# Arms of issue 16's second round, literature recipes fixed before any of them ran (see bench/README.md):
#   oversample-cosine     oversample (sqrt) with the Adam learning rate annealed to 0 by a cosine over the whole run
#                         (Loshchilov & Hutter 2017): the final iterate is not a noisy constant-rate point
#   la-cosine             logit-adjusted loss (tau 1) with the same cosine annealing
#   oversample-la-cosine  oversample (sqrt) plus the logit-adjusted loss (tau 1) whose prior is the plan's class mix
#                         (what the network sees), so the loss removes the imbalance sqrt re-sampling leaves; cosine
#   ldam-drw-sgd          the LDAM-DRW recipe of Cao et al. 2019 scaled to --epochs: SGD momentum 0.9, learning rate
#                         0.1, linear warm-up over the first 2.5% of iterations (5 of 200 epochs), x0.01 at 80% of
#                         the run, class-balanced re-weighting (beta 0.9999) from the same 80% (DRW80, 0-based epoch)
#                         (diverges here, loss NaN from epoch 1: augflow's ldam scales raw logits by 30, the recipe
#                         scales cosine logits of a normalised classifier; see bench/README.md)
# The cosine / step lengths are in iterations (each worker's minibatches, 5 per averaging round of $conf): an epoch
# of the default subset (--ratio 100 --subset-seed 42) is 24 rounds without balancing and 44-45 under the sqrt plan
# (as the progress lines of the 12-epoch runs show: slices end at shard boundaries, so more rounds than rows / 640),
# i.e. 120 and 225 iterations; for another subset ceil(rows / 640) * 5 * 1.15 is used, an estimate.
# LATE (0-based, as history.json numbers epochs) = epochs - max(1, epochs / 3): the last third of the epochs is
# re-weighted / re-sampled (Cao et al. switch at 160 of 200); with --epochs 1 it is 0, i.e. drw off, oversample on.
# Every arm runs once per training seed (--seeds): the seed changes the weight initialisation, the augmentation
# draws and the balancing draws, not the subset. Runs are resumable: a run whose folder holds model.json and the
# same command is not rerun (delete bench/tmp/longtail/<arm>-e<epochs>-s<seed> to redo one).
# Writes --out (default bench/results/longtail.json): per arm the mean and standard deviation over seeds of the
# test split's balanced accuracy, macro-F1, accuracy and Shirt recall, each seed's figures and per-class recall, the
# target (balanced accuracy >= 0.80 with Shirt recall > 0.3), the machine and its load.
#
# Usage: bench/longtail.sh [--epochs N] [--seeds "1 2 3"] [--arms "plain oversample ..."] [--out FILE]
#                          [--ratio R] [--subset-seed S]
# Datasets and models go to bench/tmp/ (gitignored); the full Fashion-MNIST is ingested there if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs=4
ratio=100
subset_seed=42
seeds="1 2 3"
arms="plain oversample weighted focal logit-adjusted balanced-softmax ldam"
master="local[2]"
out="bench/results/longtail.json"
conf="bench/conf/fashion-mnist-longtail.conf"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --ratio) ratio="$2"; shift 2 ;;
    --subset-seed) subset_seed="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --arms|--variants) arms="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,49p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# the first epoch (0-based) of deferred re-weighting / re-sampling: the last third
late=$(( epochs - (epochs / 3 > 1 ? epochs / 3 : 1) ))

# the first epoch (0-based) of the LDAM-DRW recipe's re-weighting and step decay: 80% of the run (160 of 200)
drw80=$(( (epochs * 4 + 2) / 5 ))
# iterations an epoch without balancing and under the sqrt plan (set below, once the subset exists; 1 until then)
iter_none=1
iter_sqrt=1
# cosine annealing of the learning rate to 0 over the run: $1 = iterations an epoch
cosine() {
  echo "--set augflow.optimizer.schedule.type=cosine --set augflow.optimizer.schedule.min-lr=0 --set augflow.optimizer.schedule.max-iterations=$(( epochs * $1 ))"
}
# Cao et al.'s optimiser: SGD momentum 0.9 at 0.1, warm-up 2.5% of the iterations, x0.01 at epoch drw80
ldam_sgd() {
  local warm=$(( epochs * $1 / 40 > 1 ? epochs * $1 / 40 : 1 ))
  echo "--set augflow.optimizer.type=momentum --set augflow.optimizer.momentum=0.9 --set augflow.optimizer.learning-rate=0.1 --set augflow.optimizer.schedule.type=step --set augflow.optimizer.schedule.decay-rate=0.01 --set augflow.optimizer.schedule.warmup-iterations=$warm --set augflow.optimizer.schedule.step-size=$(( drw80 * $1 - warm ))"
}

# The arm's --set overrides, on top of $conf.
arm_sets() {
  case $1 in
    oversample-cosine) echo "--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt --set augflow.loss.type=cross-entropy $(cosine $iter_sqrt)" ;;
    la-cosine)        echo "--set augflow.balance.strategy=none --set augflow.loss.type=logit-adjusted --set augflow.loss.tau=1.0 $(cosine $iter_none)" ;;
    oversample-la-cosine) echo "--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt --set augflow.loss.type=logit-adjusted --set augflow.loss.tau=1.0 $(cosine $iter_sqrt)" ;;
    ldam-drw-sgd)     echo "--set augflow.balance.strategy=none --set augflow.loss.type=ldam --set augflow.loss.max-margin=0.5 --set augflow.loss.scale=30 --set augflow.loss.drw-epoch=$drw80 $(ldam_sgd $iter_none)" ;;
    oversample-posthoc) echo "--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt --set augflow.loss.type=cross-entropy" ;;
    plain|posthoc)    echo "--set augflow.balance.strategy=none --set augflow.loss.type=cross-entropy" ;;
    ldam-drw)         echo "--set augflow.balance.strategy=none --set augflow.loss.type=ldam --set augflow.loss.max-margin=0.5 --set augflow.loss.scale=30 --set augflow.loss.drw-epoch=$late" ;;
    ce-drw)           echo "--set augflow.balance.strategy=none --set augflow.loss.type=cross-entropy --set augflow.loss.drw-epoch=$late" ;;
    cb-focal)         echo "--set augflow.balance.strategy=none --set augflow.loss.type=focal --set augflow.loss.alpha=1 --set augflow.loss.gamma=2 --set augflow.loss.class-balanced.enabled=true" ;;
    drs)              echo "--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt --set augflow.balance.start-epoch=$late --set augflow.loss.type=cross-entropy" ;;
    oversample)       echo "--set augflow.balance.strategy=oversample --set augflow.balance.target=sqrt --set augflow.loss.type=cross-entropy" ;;
    weighted)         echo "--set augflow.balance.strategy=none --set augflow.loss.type=weighted-cross-entropy" ;;
    focal)            echo "--set augflow.balance.strategy=none --set augflow.loss.type=focal" ;;
    logit-adjusted)   echo "--set augflow.balance.strategy=none --set augflow.loss.type=logit-adjusted --set augflow.loss.tau=1.0" ;;
    balanced-softmax) echo "--set augflow.balance.strategy=none --set augflow.loss.type=balanced-softmax" ;;
    ldam)             echo "--set augflow.balance.strategy=none --set augflow.loss.type=ldam --set augflow.loss.max-margin=0.5 --set augflow.loss.scale=30" ;;
    *) echo "unknown arm $1 (see --help)" >&2; return 2 ;;
  esac
}
for a in $arms; do arm_sets "$a" >/dev/null; done

source bench/fashion-mnist.bash
full=$(fashion_mnist_dataset "$master")
mkdir -p "$(dirname "$out")" bench/tmp/longtail

dataset="bench/tmp/fashion-mnist-lt$ratio"
subset_cmd="java -cp <train test class path> io.augflow.train.bench.LongTailSubset --input $full --output $dataset --ratio $ratio --seed $subset_seed --master $master"
if [[ ! -f "$dataset/_longtail_summary.json" ]]; then
  # The subset writer is a test-source main of the train module (not shipped): build it and its class path.
  mvn -B -q -o -pl train -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
  cp="$root/train/target/test-classes:$root/train/target/classes:$(cat train/target/bench-classpath.txt)"
  source bin/jvm-options.bash
  java -Xmx2g "${AUGFLOW_OPENS[@]}" -cp "$cp" io.augflow.train.bench.LongTailSubset --input "$full" \
      --output "$dataset" --ratio "$ratio" --seed "$subset_seed" --master "$master" \
      2>bench/tmp/longtail-subset.log | grep '^RESULT ' >&2
fi

# iterations an epoch (see the header)
if [[ $ratio == 100 && $subset_seed == 42 ]]; then
  iter_none=120; iter_sqrt=225
else
  read -r iter_none iter_sqrt < <(python3 - "$dataset/_longtail_summary.json" <<'PY'
import json, math, sys
n = json.load(open(sys.argv[1]))["trainRowsByClass"].values()
top = max(n)
sqrt_rows = sum(min(round(math.sqrt(c * top)), 10 * c) for c in n)
print(*(math.ceil(rows / 640 * 1.15) * 5 for rows in (sum(n), sqrt_rows)))
PY
)
fi

loads="bench/tmp/longtail-load.txt"
( while true; do echo "$(date +%s) $(cat /proc/loadavg)" >> "$loads"; sleep 30; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

runs="bench/tmp/longtail/runs.tsv"
: > "$runs"
load_before="$(cat /proc/loadavg)"
for a in $arms; do
  for s in $seeds; do
    # posthoc evaluates the plain arm's model: one training serves both arms
    trained_as=$a; [[ $a == posthoc ]] && trained_as=plain; [[ $a == oversample-posthoc ]] && trained_as=oversample
    model="bench/tmp/longtail/$trained_as-e$epochs-s$s"
    read -r -a sets <<< "$(arm_sets "$a")"
    cmd=(bin/augflow train --master "$master" --conf "$conf" -d "$dataset" -o "$model" --epochs "$epochs"
         --set "augflow.seed=$s" "${sets[@]}")
    if [[ -f "$model/model.json" && "$(cat "$model/command.txt" 2>/dev/null)" == "${cmd[*]}" ]]; then
      echo "done already: $a seed $s" >&2
    else
      rm -rf "$model"
      echo "$(date +%H:%M:%S) ${cmd[*]}" >&2
      start=$(date +%s.%N)
      "${cmd[@]}" > "$model.log" 2>&1 || { echo "arm $a seed $s failed, see $model.log" >&2; exit 1; }
      end=$(date +%s.%N)
      echo "${cmd[*]}" > "$model/command.txt"
      echo "$end - $start" | bc > "$model/wall-seconds.txt"
    fi
    metrics="$model/model.json"
    if [[ $a == *posthoc ]]; then
      eval_dir="$model/eval-posthoc"
      eval_cmd=(bin/augflow evaluate --master "$master" --conf "$conf" -m "$model" -d "$dataset" --split test
                -o "$eval_dir" --logit-adjust 1 --overwrite)
      if [[ -f "$eval_dir/metrics.json" && "$(cat "$model/eval-posthoc.command.txt" 2>/dev/null)" == "${eval_cmd[*]}" ]]; then
        echo "done already: evaluate $a seed $s" >&2
      else
        echo "$(date +%H:%M:%S) ${eval_cmd[*]}" >&2
        "${eval_cmd[@]}" > "$model/eval-posthoc.log" 2>&1 || { echo "evaluate $a seed $s failed, see $model/eval-posthoc.log" >&2; exit 1; }
        echo "${eval_cmd[*]}" > "$model/eval-posthoc.command.txt"
      fi
      metrics="$eval_dir/metrics.json"
      cmd=("${cmd[@]}" "&&" "${eval_cmd[@]}")
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$a" "$s" "$model" "$metrics" "${cmd[*]}" >> "$runs"
  done
done
load_after="$(cat /proc/loadavg)"
kill "$sampler" 2>/dev/null || true

LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" LOADS="$loads" RUNS="$runs" DATASET="$dataset" CONF="$conf" \
SUBSET_CMD="$subset_cmd" JAVA_VERSION="$(java -version 2>&1 | head -1)" MASTER="$master" EPOCHS="$epochs" \
LATE="$late" COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" python3 - <<'PY'
import json, os, platform, statistics, sys, datetime

env = os.environ
sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

TARGET_BALANCED_ACCURACY = 0.80
TARGET_SHIRT_RECALL = 0.30


def mean_std(values):
    return {"mean": round(statistics.mean(values), 4),
            "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0}


summary = json.load(open(os.path.join(env["DATASET"], "_longtail_summary.json")))
arms = {}
for line in open(env["RUNS"]):
    arm, seed, model, metrics, cmd = line.rstrip("\n").split("\t")
    m = json.load(open(os.path.join(model, "model.json")))
    # model.json's test figures, or for posthoc those of evaluate --logit-adjust (its metrics.json)
    t = m["test"] if metrics.endswith("model.json") else json.load(open(metrics))["classification"]
    recall = {p["name"]: round(p["recall"], 3) for p in t["perClass"]}
    samples = sum(r["samples"] for r in m["history"])
    seconds = sum(r["seconds"] for r in m["history"])
    wall = float(open(os.path.join(model, "wall-seconds.txt")).read())
    arms.setdefault(arm, []).append({
        "seed": int(seed), "command": cmd,
        "test_balanced_accuracy": round(t["balancedAccuracy"], 4),
        "test_macro_f1": round(t["macroF1"], 4),
        "test_accuracy": round(t["accuracy"], 4),
        "test_recall_by_class": recall,
        "epochs": len(m["history"]), "samples_trained": samples,
        "samples_per_second_training": round(samples / seconds, 1), "seconds_wall": round(wall, 1),
    })
table = {}
for arm, runs in arms.items():
    table[arm] = {
        "seeds": [r["seed"] for r in runs],
        "balanced_accuracy": mean_std([r["test_balanced_accuracy"] for r in runs]),
        "macro_f1": mean_std([r["test_macro_f1"] for r in runs]),
        "accuracy": mean_std([r["test_accuracy"] for r in runs]),
        "shirt_recall": mean_std([r["test_recall_by_class"]["Shirt"] for r in runs]),
        "runs": runs,
    }
best = max(table, key=lambda a: table[a]["balanced_accuracy"]["mean"])
during = [line.split()[1:4] for line in open(env["LOADS"]) if line.strip()]
result = {
    "benchmark": "long-tailed Fashion-MNIST (imbalance 100), LeNet-5, 2 workers: long-tail arms, seeds each",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "epochs": int(env["EPOCHS"]),
    "deferred_epoch": int(env["LATE"]),
    "dataset": {"subset_command": env["SUBSET_CMD"], "train_rows_by_class": summary["trainRowsByClass"],
                "train_rows": summary["trainRows"], "test_rows": summary["otherRows"],
                "imbalance_ratio": summary["ratio"], "subset_seed": summary["seed"]},
    "config_file": env["CONF"],
    "config_file_text": open(env["CONF"]).read(),
    "metrics_note": "balanced accuracy (mean per-class recall), macro-F1 and accuracy on the untouched, balanced "
                    "test split (10,000 images, 1,000 per class), from model.json's test metrics; mean and sample "
                    "standard deviation over the training seeds.",
    "arms": table,
    "best_arm": best,
    "target": {"balanced_accuracy": TARGET_BALANCED_ACCURACY, "shirt_recall_above": TARGET_SHIRT_RECALL},
    "target_met": bool(table[best]["balanced_accuracy"]["mean"] >= TARGET_BALANCED_ACCURACY
                       and table[best]["shirt_recall"]["mean"] > TARGET_SHIRT_RECALL),
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
print(f"{'arm':18} {'bal.acc':>15} {'macro-F1':>15} {'Shirt recall':>15}")
for arm, row in table.items():
    fmt = lambda k: f"{row[k]['mean']:.3f} ± {row[k]['std']:.3f}"
    print(f"{arm:18} {fmt('balanced_accuracy'):>15} {fmt('macro_f1'):>15} {fmt('shirt_recall'):>15}")
print("best", best, "target met", result["target_met"], "(drw / drs from epoch", env["LATE"], "0-based)")
print("wrote " + env["OUT"])
PY
