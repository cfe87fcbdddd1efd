#!/usr/bin/env bash
# The small-object ablation (issue 15): the detector trained on the Fashion-MNIST small-objects data
# (bench/detection/make_fmnist_detection.py, ingested once) at a fixed budget (same epochs, same seeds) in five arms:
#   baseline    flip + small affine + colour                      (bench/detection/conf/baseline.conf)
#   oversample  + small-object oversampling (images with a small object used twice per epoch)
#   copypaste   + copy-paste of small objects from a donor bank built from the train split
#   both        + oversampling and copy-paste
#   mosaic      + mosaic (p 0.5)
# Each (arm, seed) is one `bin/augflow train`; its test figures (COCO, from model.json, and recomputed with
# pycocotools from the exported COCO JSON when pycocotools is installed) are appended to
# bench/results/detection-ablation-runs.jsonl as soon as the run ends. A rerun skips the (arm, seed) pairs already
# there, so the script resumes where it stopped. bench/detection/summarize_ablation.py then writes the mean and
# standard deviation per arm to bench/results/detection-ablation.json.
#
# Usage: bench/detection/ablation.sh [--arms "baseline oversample ..."] [--seeds "1 2 3"] [--set KEY=VALUE]...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
arms="baseline oversample copypaste both mosaic"
seeds="1 2 3"
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --arms) arms="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
data="bench/tmp/fmnist-det"
dataset="bench/tmp/fmnist-det-ds"
runs="bench/results/detection-ablation-runs.jsonl"
mkdir -p bench/results bench/tmp/ablation
if [[ ! -d "$data" ]]; then
  /usr/bin/python3 bench/detection/make_fmnist_detection.py -o "$data"
fi
if [[ ! -f "$dataset/_augflow.json" && ! -f "$dataset/_SUCCESS" ]]; then
  bin/augflow ingest -i "$data" -o "$dataset" --overwrite
fi
touch "$runs"
for seed in $seeds; do
  for arm in $arms; do
    if grep -q "\"arm\": \"$arm\", \"seed\": $seed," "$runs"; then
      echo "ablation: $arm seed $seed already recorded, skipped"
      continue
    fi
    out="bench/tmp/ablation/$arm-s$seed"
    rm -rf "$out"
    echo "ablation: $arm seed $seed -> $out ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    start=$(date +%s)
    bin/augflow train -d "$dataset" -o "$out" --conf "bench/detection/conf/$arm.conf" \
        --set "augflow.seed=$seed" "${extra[@]}" > "$out.log" 2>&1 || { tail -20 "$out.log"; exit 1; }
    seconds=$(( $(date +%s) - start ))
    /usr/bin/python3 - "$arm" "$seed" "$out" "$seconds" "$runs" <<'PY'
import json, sys, subprocess
arm, seed, out, seconds, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
result = json.load(open(f"{out}/model.json"))
test = result["testDetection"]
stats = {k: test[k] for k in ["AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge", "AR100", "ARsmall"]}
# pycocotools (pyenv python3, if installed) recomputes the figures from the exported COCO JSON
check = None
try:
    ref = subprocess.run(["python3", "bench/coco/pycocotools_reference.py", "--score",
                          f"{out}/coco/test-ground-truth.json", f"{out}/coco/test-detections.json"],
                         capture_output=True, text=True, check=True)
    check = json.loads(ref.stdout)["stats"]
except Exception as e:  # recorded, not fatal: the figures stay checkable from the JSON files
    check = {"error": str(e)[:200]}
history = [{"epoch": h["epoch"], "loss": h["loss"], "samples": h["samples"],
            "samplesPerSecond": h["samplesPerSecond"],
            "valAP": (h.get("detection") or {}).get("AP"), "valAP50": (h.get("detection") or {}).get("AP50")}
           for h in result["history"]]
line = {"arm": arm, "seed": seed, "seconds": seconds, "test": stats, "pycocotools": check,
        "perClassAP": {c["name"]: c["ap"] for c in test["perClass"]}, "history": history,
        "load": open("/proc/loadavg").read().strip()}
with open(runs, "a") as f:
    f.write(json.dumps(line) + "\n")
print(f"ablation: {arm} seed {seed}: AP {stats['AP']:.4f} AP50 {stats['AP50']:.4f} "
      f"AP_small {stats['APsmall']:.4f} AP_medium {stats['APmedium']:.4f} in {seconds} s")
PY
    rm -rf "$out/checkpoints"
  done
done
/usr/bin/python3 bench/detection/summarize_ablation.py "$runs" bench/results/detection-ablation.json
