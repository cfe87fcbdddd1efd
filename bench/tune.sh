#!/usr/bin/env bash
# Tune bench (issue 13): random vs TPE vs successive halving at an equal total epoch budget, on a Fashion-MNIST subset
# (bench/ensemble_subset.py: --train + --val rows drawn from the training set with seed 42, the 10,000 test images
# whole), LeNet-5 trials (bench/conf/tune.conf) over bench/conf/tune-space.conf, ranked on val. Each strategy runs
# once per search seed (--seeds) with tune.epoch-budget = --trials x --epochs; halving's trials may train up to
# --epochs and stop at rungs (min-epochs 1, reduction-factor 3), so it can try more configurations in that budget.
# Studies are resumable: rerunning the same command resumes each study from its trial log (delete
# bench/tmp/tune/<strategy>-s<seed> to redo one).
# Writes --out (default bench/results/tune.json): per study the best validation macro-F1 after each epoch spent
# (the best-so-far curve against the budget), per strategy the mean final best, and per TPE/halving study the share
# of the budget it needed to reach its seed's random final best (the issue's target: at most 60%).
#
# Usage: bench/tune.sh [--train 12000] [--val 5000] [--trials 8] [--epochs 3] [--seeds "1 2 3"]
#                      [--strategies "random tpe halving"] [--out FILE]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
train=12000
val=5000
trials=8
epochs=3
seeds="1 2 3"
strategies="random tpe halving"
master="local[2]"
out="bench/results/tune.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --train) train="$2"; shift 2 ;;
    --val) val="$2"; shift 2 ;;
    --trials) trials="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --strategies) strategies="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

budget=$((trials * epochs))
work="bench/tmp/tune"
idx="bench/tmp/fashion-tune-idx-$train-$val"   # "fashion" in the name: ingest names the ten classes
dataset="$work/dataset-$train-$val"
mkdir -p "$work" "$(dirname "$out")"
bin/augflow --version >/dev/null
if [[ ! -f "$dataset/_ingest_summary.json" ]]; then
  python3 bench/ensemble_subset.py --out "$idx" --train "$train" --val "$val" --seed 42 >&2
  nice -n 19 bin/augflow ingest --master "$master" --layout idx -i "$idx" -o "$dataset" --overwrite >&2
fi

studies=()
for strategy in $strategies; do
  for seed in $seeds; do
    study="$work/$strategy-s$seed-t$train-v$val-e$epochs-b$budget"
    studies+=("$strategy:$seed:$study")
    # halving may start more trials than --trials: the budget, not the count, ends its study
    n=$trials
    [[ $strategy == halving ]] && n=$((budget))
    start=$(date +%s)
    bin/augflow tune --master "$master" -d "$dataset" -o "$study" --space bench/conf/tune-space.conf \
        --conf bench/conf/tune.conf --strategy "$strategy" --trials "$n" --seed "$seed" \
        --set augflow.train.epochs="$epochs" --set augflow.tune.epoch-budget="$budget" \
        --set augflow.tune.tpe.startup-trials="$(( trials / 2 > 2 ? trials / 2 : 2 ))" \
        > "$study.log" 2>&1 || { echo "study $study failed: see $study.log" >&2; exit 1; }
    echo "$strategy seed $seed: $(grep '^tune: .* trials finished' "$study.log" | tail -1) ($(( $(date +%s) - start )) s)" >&2
  done
done

python3 - "$out" "$budget" "$train" "$val" "$epochs" "$trials" "${studies[@]}" <<'PY'
import json, sys, platform, os
out, budget, train, val, epochs, trials = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:7])
studies = [s.split(":", 2) for s in sys.argv[7:]]

def curve(study):
    """Best validation metric so far after each epoch spent, in log order (what the study knew at that point)."""
    best, spent, points = None, 0, []
    with open(os.path.join(study, "trials.jsonl")) as f:
        for line in f:
            if not line.endswith("\n"):
                continue
            e = json.loads(line)
            if e["event"] == "epoch":
                spent += 1
                m = e["metric"]
                if isinstance(m, (int, float)) and (best is None or m > best):
                    best = m
                points.append([spent, best])
    return points

result = {"budgetEpochs": budget, "train": train, "val": val, "epochsPerTrial": epochs, "trials": trials,
          "machine": platform.node(), "cpus": os.cpu_count(), "load": os.getloadavg()[0], "studies": []}
by = {}
for strategy, seed, study in studies:
    pts = curve(study)
    final = pts[-1][1] if pts else None
    result["studies"].append({"strategy": strategy, "seed": int(seed), "study": study, "epochsSpent": len(pts),
                              "finalBest": final, "bestSoFar": pts})
    by.setdefault(strategy, {})[int(seed)] = (final, pts)
summary = {}
for strategy, runs in by.items():
    finals = [f for f, _ in runs.values() if f is not None]
    s = {"meanFinalBest": sum(finals) / len(finals) if finals else None}
    if strategy != "random" and "random" in by:
        shares = {}
        for seed, (_, pts) in runs.items():
            target = by["random"].get(seed, (None, None))[0]
            reached = next((spent for spent, b in pts if b is not None and target is not None and b >= target), None)
            shares[seed] = None if reached is None else reached / budget
        s["budgetShareToReachRandomFinal"] = shares
        s["target"] = "<= 0.6 of the budget"
    summary[strategy] = s
result["summary"] = summary
with open(out, "w") as f:
    json.dump(result, f, indent=2)
print(json.dumps(summary, indent=2))
PY
