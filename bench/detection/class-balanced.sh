#!/usr/bin/env bash
# Issue 15 x 16: class-balanced weighting (Cui et al. 2019, loss.class-balanced) of the detector's class loss on the
# Fashion-MNIST small-objects data, against the plain baseline, at the ablation's budget: the baseline arm
# (bench/detection/conf/baseline.conf: 96x96, 8 epochs, batch 16) with a validation pass on the val split every
# epoch, so the comparison is decided on val, not test. Two arms, one seed each:
#   plain            the baseline as it is
#   class-balanced   + loss.class-balanced { enabled = true, beta = 0.9999 } (the packaged beta, not tuned): the
#                    class cross-entropy of each object weighted by the effective number of its class's train boxes
# model.zip is the epoch of the best val AP (train.best-model.metric = auto) in both arms; the test figures are that
# epoch's. Figures (val AP/AP50 per epoch, test COCO figures, per-class test AP and AP50, the weights used) go to
# bench/results/detection-class-balanced.json; an arm whose output has a model.json is not trained again.
#
# With --evaluate-split "" there is no validation pass (the ablation's setting, ~15% cheaper): model.zip is then the
# last epoch, comparable with the ablation's recorded runs (bench/results/detection-ablation-runs.jsonl).
#
# Usage: [AUGFLOW_BIN=path/to/augflow] bench/detection/class-balanced.sh [--seed N] [--arms "plain class-balanced"]
#        [--evaluate-split val|""]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
seed=1
arms="plain class-balanced"
split=val
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --arms) arms="$2"; shift 2 ;;
    --evaluate-split) split="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
dataset="bench/tmp/fmnist-det-ds"
if [[ ! -f "$dataset/_augflow.json" && ! -f "$dataset/_SUCCESS" ]]; then
  echo "no ingested bench data in $dataset: run bench/detection/ablation.sh --arms baseline --seeds 1 first" >&2
  exit 2
fi
common=(--set "augflow.seed=$seed" --set "augflow.train.evaluate-split=$split")
tag="${split:-noval}"
for arm in $arms; do
  out="bench/tmp/det-cb/$arm-s$seed-$tag"
  extra=()
  [[ "$arm" == class-balanced ]] && extra=(--set augflow.loss.class-balanced.enabled=true
                                           --set augflow.loss.class-balanced.beta=0.9999)
  if [[ ! -f "$out/model.json" ]]; then
    mkdir -p "$(dirname "$out")"
    rm -rf "$out"
    echo "class-balanced bench: $arm seed $seed -> $out ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    start=$(date +%s)
    "${AUGFLOW_BIN:-bin/augflow}" train -d "$dataset" -o "$out" --conf bench/detection/conf/baseline.conf "${common[@]}" "${extra[@]}" \
        > "$out.log" 2>&1 || { tail -20 "$out.log"; exit 1; }
    echo "wall=$(( $(date +%s) - start )) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out.log"
    rm -rf "$out/checkpoints"
  fi
done
python3 - "$seed" "$arms" "$split" <<'PY'
import json, os, sys
seed, arms, split = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3]
tag = split or "noval"
path = "bench/results/detection-class-balanced.json"
record = json.load(open(path)) if os.path.exists(path) else {
    "what": "class-balanced weighting (loss.class-balanced, beta 0.9999) of the detector's class cross-entropy vs "
            "the plain baseline; ablation baseline recipe (96x96, 8 epochs), val pass every epoch, model.zip = "
            "best val AP epoch; Fashion-MNIST small-objects data",
    "runs": []}
keys = ["AP", "AP50", "AP75", "APsmall", "APmedium", "AR100", "ARsmall"]
for arm in arms:
    out = f"bench/tmp/det-cb/{arm}-s{seed}-{tag}"
    result = json.load(open(f"{out}/model.json"))
    test = result["testDetection"]
    log_tail = open(out + ".log").read().rsplit("wall=", 1)
    run = {
        "arm": arm, "seed": seed, "evaluateSplit": split,
        "command": f"bin/augflow train -d bench/tmp/fmnist-det-ds -o {out} --conf bench/detection/conf/baseline.conf "
                   f"--set augflow.seed={seed} --set augflow.train.evaluate-split={split}"
                   + (" --set augflow.loss.class-balanced.enabled=true --set augflow.loss.class-balanced.beta=0.9999"
                      if arm == "class-balanced" else ""),
        "wall": ("wall=" + log_tail[1].strip()) if len(log_tail) == 2 else None,
        "keptEpoch": result["kept"],
        "val": [{"epoch": h["epoch"], "loss": h["loss"], "AP": (h.get("detection") or {}).get("AP"),
                 "AP50": (h.get("detection") or {}).get("AP50"), "APsmall": (h.get("detection") or {}).get("APsmall")}
                for h in result["history"]],
        "test": {k: test[k] for k in keys},
        "testPerClass": {c["name"]: {"boxes": c["groundTruths"], "AP": c["ap"], "AP50": c["ap50"]}
                         for c in test["perClass"]},
        "detector": {k: result["detector"].get(k) for k in ("classLoss", "classWeights")},
        "loss": result["loss"],
    }
    record["runs"] = [r for r in record["runs"]
                      if not (r["arm"] == arm and r["seed"] == seed and r.get("evaluateSplit") == split)] + [run]
    last_val = run["val"][-1]["AP50"]
    print(f"{arm} seed {seed}: val AP50 (last epoch) {last_val if last_val is None else round(last_val, 4)}, "
          f"kept epoch {run['keptEpoch']}; "
          f"test AP {run['test']['AP']:.4f} AP50 {run['test']['AP50']:.4f} AP_small {run['test']['APsmall']:.4f}")
with open(path, "w") as f:
    json.dump(record, f, indent=1)
    f.write("\n")
PY
