#!/usr/bin/env bash
# Issue 15's "the baseline detector reaches AP50 >= 0.6" at a larger budget than the ablation's: the baseline arm
# (bench/detection/conf/baseline.conf: flip + small affine + colour, no copy-paste, no oversampling) with the two
# levers fixed before the run, not chosen on the test split:
#   - a 128x128 network input (the 96x96 canvases letterboxed up, so a 6-px object covers 8 px of the input and
#     the stride-8 grid is 16x16 instead of 12x12);
#   - 14 epochs instead of 8, the cosine decay stretched to the longer run (2,625 iterations per worker).
# One seed: it costs ~3.5x an ablation run (~50 min on a quiet 2-core machine). The test figures (model.json),
# pycocotools' recomputation from the exported COCO JSON, and pycocotools' class-agnostic figures (useCats = 0:
# where the boxes are right but the garment class is not) go to bench/results/detection-longer-baseline.json.
# A rerun with the output's model.json present only records again.
#
# Usage: bench/detection/longer-baseline.sh [--seed N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
dataset="bench/tmp/fmnist-det-ds"
out="bench/tmp/det-ap50-128"
[[ "$seed" == 1 ]] || out="$out-s$seed"
settings=(--set "augflow.seed=$seed" --set augflow.model.input-size=128x128x3 --set augflow.train.epochs=14
          --set augflow.optimizer.schedule.max-iterations=2625)
if [[ ! -f "$dataset/_augflow.json" && ! -f "$dataset/_SUCCESS" ]]; then
  echo "no ingested bench data in $dataset: run bench/detection/ablation.sh --arms baseline --seeds 1 first" >&2
  exit 2
fi
seconds=""
if [[ ! -f "$out/model.json" ]]; then
  echo "longer baseline: seed $seed -> $out ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  start=$(date +%s)
  bin/augflow train -d "$dataset" -o "$out" --conf bench/detection/conf/baseline.conf "${settings[@]}" \
      > "$out.log" 2>&1 || { tail -20 "$out.log"; exit 1; }
  seconds=$(( $(date +%s) - start ))
fi
python3 - "$out" "$seconds" "${settings[*]}" <<'PY'
import contextlib, io, json, sys
out, seconds, settings = sys.argv[1], sys.argv[2], sys.argv[3]


def recorded_wall(out):
    """The wall time an earlier run of this recipe left at the end of its log ("wall=SECONDS"), if any."""
    try:
        tail = open(out + ".log").read().rsplit("wall=", 1)
        return int(tail[1].split()[0]) if len(tail) == 2 else None
    except (OSError, ValueError):
        return None


result = json.load(open(f"{out}/model.json"))
test = result["testDetection"]
record = {
    "what": "the ablation's baseline arm at 128x128 input and 14 epochs (levers fixed before the run), "
            "Fashion-MNIST small-objects data, test split",
    "command": "bin/augflow train -d bench/tmp/fmnist-det-ds -o " + out
               + " --conf bench/detection/conf/baseline.conf " + settings,
    "wallSeconds": int(seconds) if seconds else recorded_wall(out),
    "loadWhenRecorded": open("/proc/loadavg").read().strip(),
    "test": {k: test[k] for k in ["AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge", "AR100", "ARsmall"]},
    "perClassAP": {c["name"]: c["ap"] for c in test["perClass"]},
    "history": [{"epoch": h["epoch"], "loss": h["loss"], "samplesPerSecond": h["samplesPerSecond"]}
                for h in result["history"]],
}
try:
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    names = ["AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge"]
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(f"{out}/coco/test-ground-truth.json")
        dt = gt.loadRes(f"{out}/coco/test-detections.json")
    for key, use_cats in [("pycocotools", 1), ("pycocotoolsClassAgnostic", 0)]:
        e = COCOeval(gt, dt, "bbox")
        e.params.useCats = use_cats
        with contextlib.redirect_stdout(io.StringIO()):
            e.evaluate(); e.accumulate(); e.summarize()
        record[key] = dict(zip(names, (round(float(v), 4) for v in e.stats[:6])))
        if use_cats:
            # AP50 per class beside its test boxes: the classes of the geometric long tail score lowest
            precision = e.eval["precision"][0, :, :, 0, 2]  # IoU .50, all recall points, all areas, 100 dets
            record["perClassAP50"] = {
                gt.cats[c]["name"]: {"AP50": round(float(precision[:, k][precision[:, k] > -1].mean()), 4),
                                     "testBoxes": len(gt.getAnnIds(catIds=[c], iscrowd=False))}
                for k, c in enumerate(e.params.catIds)}
except ImportError as e:
    record["pycocotools"] = {"error": str(e)}
path = "bench/results/detection-longer-baseline.json"
json.dump(record, open(path, "w"), indent=1)
t = record["test"]
print(f"longer baseline: AP {t['AP']:.4f} AP50 {t['AP50']:.4f} AP_small {t['APsmall']:.4f} -> {path}")
PY
