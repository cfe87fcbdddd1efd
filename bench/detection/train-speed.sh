#!/usr/bin/env bash
# The detector's training throughput against PyTorch (issue 15): augflow's `bin/augflow train` of the detector on the
# Fashion-MNIST small-objects data (bench/detection/conf/baseline.conf: yolo-small, 96x96x3, 5 anchors, batch 16 per
# worker, 2 workers on local[2], averaging every 10, Adam + cosine; the dataset read from Parquet and augmented on the
# fly) against the same network, loss family, batch (32 = 2 x 16), optimiser, threads (2) and augmentation in PyTorch
# (bench/detection/pytorch_yolo_peer.py: a DataLoader with 1 worker process reading the YOLO folder with cv2), in one
# sitting, interleaved round by round (the order alternates each round) so that load from other processes hits both
# alike.
#
# augflow's figure: samples/s of its epochs from model.json (samples / seconds of the epoch's averaging rounds: read,
# decode, augment, encode, fit, average; JVM and Spark start-up, statistics, anchor k-means and planning excluded);
# no evaluation (evaluate-split and test-split blanked). PyTorch's: samples/s of its epochs (DataLoader start
# included). The ratio of a round compares the medians of the epochs after the first (the first epoch when --epochs 1).
# Writes bench/results/detection-train-speed.json: every round, both sides' per-epoch figures, the ratio per round and
# its median, augflow's last-epoch phase breakdown (training-stats.json), and the load.
#
# Usage: bench/detection/train-speed.sh [--rounds N] [--epochs E] [--rows N] [--augment baseline|flip] [--out FILE]
#                                        [--pytorch-omp passive|default] [--set KEY=VALUE]...
#   defaults: 2 rounds, 2 epochs, 6000 rows (the full train split; fewer: a smaller copy made under bench/tmp),
#   --augment baseline (the conf's flip, affine, brightness-contrast, hsv on both sides; flip: horizontal flip only,
#   both sides), --pytorch-omp: the peer's OMP_WAIT_POLICY, passive (default: augflow's own setting, bin/augflow sets
#   it) or default (OpenMP's spinning, as bench/train-end-to-end.sh ran PyTorch; under other load it collapsed the
#   peer to a tenth in a smoke run), --set passed to `bin/augflow train`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rounds=2
epochs=2
rows=6000
augment=baseline
omp=passive
out="bench/results/detection-train-speed.json"
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --augment) augment="$2"; shift 2 ;;
    --pytorch-omp) omp="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
PY=${PY:-/usr/bin/python3}   # Debian's python3-torch lives in the system interpreter
if ! "$PY" -c "import torch, cv2" 2>/dev/null; then
  echo "PyTorch or cv2 missing: apt-get install python3-torch python3-opencv libopenblas0-pthread" >&2
  exit 1
fi
work="bench/tmp/detection-train-speed"
mkdir -p "$work" "$(dirname "$out")"
source bench/detection/detection-data.bash
read -r yolo dataset < <(detection_data "$rows")
conf="bench/detection/conf/baseline.conf"
case "$augment" in
  baseline) ;;
  flip)
    conf="$work/flip.conf"
    printf 'include file("%s/bench/detection/conf/baseline.conf")\n%s\n' "$root" \
        'augflow.augment.pipeline = [{ type = horizontal-flip, p = 0.5 }]' > "$conf" ;;
  *) echo "--augment must be baseline or flip, got $augment" >&2; exit 2 ;;
esac
case "$omp" in
  default) peer_env=(env -u OMP_WAIT_POLICY) ;;
  passive) peer_env=(env OMP_WAIT_POLICY=PASSIVE) ;;
  *) echo "--pytorch-omp must be passive or default, got $omp" >&2; exit 2 ;;
esac
runs="$work/runs.jsonl"
: > "$runs"

run_pytorch() {
  "${peer_env[@]}" "$PY" bench/detection/pytorch_yolo_peer.py --data "$yolo" --epochs "$epochs" --augment "$augment" \
      --batch 32 --threads 2 --workers 1 2>"$work/pytorch-$1.log" | grep '^RESULT ' | sed 's/^RESULT //'
}
run_augflow() {
  local model="$work/model-$1"
  rm -rf "$model"
  bin/augflow train --master "local[2]" --conf "$conf" -d "$dataset" -o "$model" --epochs "$epochs" \
      --set augflow.train.evaluate-split= --set augflow.train.test-split= --set augflow.train.collect-stats=true \
      "${extra[@]}" > "$work/augflow-$1.log" 2>&1 || { tail -20 "$work/augflow-$1.log" >&2; return 1; }
}

for round in $(seq 1 "$rounds"); do
  load_before=$(cat /proc/loadavg)
  if (( round % 2 == 1 )); then order="pytorch,augflow"; else order="augflow,pytorch"; fi
  if [[ "$order" == pytorch,* ]]; then torch_line=$(run_pytorch "$round"); fi
  start=$(date +%s.%N)
  run_augflow "$round"
  end=$(date +%s.%N)
  if [[ "$order" == augflow,* ]]; then torch_line=$(run_pytorch "$round"); fi
  [[ -n "$torch_line" ]] || { echo "the PyTorch peer failed, see $work/pytorch-$round.log" >&2; tail -5 "$work/pytorch-$round.log" >&2; exit 1; }
  load_after=$(cat /proc/loadavg)
  "$PY" - "$round" "$order" "$torch_line" "$work/model-$round" "$start" "$end" "$load_before" "$load_after" \
      >> "$runs" <<'PYEOF'
import json, statistics, sys
round_, order, torch_line, model, start, end, before, after = sys.argv[1:]
result = json.load(open(f"{model}/model.json"))
stats = json.load(open(f"{model}/training-stats.json"))
torch = json.loads(torch_line)
augflow = [h["samplesPerSecond"] for h in result["history"]]
peer = torch["samples_per_s"]
def steady(xs):
    """median of the epochs after the first (warm-up), or the only epoch"""
    return statistics.median(xs[1:]) if len(xs) > 1 else xs[0]
print(json.dumps({"round": int(round_), "order": order,
                  "augflow_epoch_samples_per_s": [round(e, 1) for e in augflow],
                  "augflow_samples_per_epoch": [h["samples"] for h in result["history"]],
                  "pytorch_epoch_samples_per_s": peer, "pytorch_samples_per_epoch": torch["samples_per_epoch"],
                  "augflow_steady_samples_per_s": round(steady(augflow), 1),
                  "pytorch_steady_samples_per_s": round(steady(peer), 1),
                  "ratio": round(steady(augflow) / steady(peer), 3),
                  "ratio_first_epoch": round(augflow[0] / peer[0], 3),
                  "augflow_wall_seconds": round(float(end) - float(start), 1),
                  "augflow_last_epoch_phases": stats[-1], "pytorch": torch,
                  "load_before": before, "load_after": after}))
PYEOF
  tail -1 "$runs" | "$PY" -c 'import json, sys; r = json.loads(sys.stdin.read()); print("round %d (%s): augflow %.1f samples/s, PyTorch %.1f, ratio %.3f" % (r["round"], r["order"], r["augflow_steady_samples_per_s"], r["pytorch_steady_samples_per_s"], r["ratio"]))'
done

"$PY" - "$runs" "$out" "$conf" "$dataset" "$yolo" "$epochs" "$augment" "$omp" "${extra[*]:-}" <<'PYEOF'
import json, statistics, subprocess, sys, time
sys.path.insert(0, "bench")
import benchlib
runs_file, out, conf, dataset, yolo, epochs, augment, omp, extra = sys.argv[1:]
runs = [json.loads(l) for l in open(runs_file)]
ratios = [r["ratio"] for r in runs]
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
json.dump({
    "bench": "detection-train-speed", "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "commit": commit,
    "what": "yolo-small detector (96x96x3, 5 anchors, 10 classes) on the Fashion-MNIST small-objects train split;"
            " augflow bin/augflow train local[2] (2 workers x batch 16, averaging every 10, Adam + cosine) vs"
            " PyTorch (same layers, YOLOv2-style loss, Adam, batch 32, 2 threads, DataLoader 1 worker);"
            " ratio = median samples/s of the epochs after the first, augflow / PyTorch",
    "config_file": conf, "dataset": dataset, "yolo_folder": yolo, "epochs_per_run": int(epochs),
    "augment": augment, "pytorch_omp_wait_policy": omp, "augflow_overrides": extra,
    "median_ratio": statistics.median(ratios), "runs": runs,
    "cpu": benchlib.cpu_model(), "mem_total_mb": benchlib.mem_total_mb(),
}, open(out, "w"), indent=2)
print(f"median ratio augflow/PyTorch {statistics.median(ratios):.3f} over {len(runs)} rounds -> {out}")
PYEOF
