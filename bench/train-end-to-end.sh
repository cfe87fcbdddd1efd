#!/usr/bin/env bash
# End-to-end training speed (issue 11): augflow's `bin/augflow train` on Fashion-MNIST (read from Parquet, augmented
# on the fly, parameter averaging on local[2]) against PyTorch with a DataLoader doing the same augmentation on the
# fly (bench/pytorch_end_to_end.py), in one sitting, interleaved round by round so that load from other processes
# hits both alike. Same network (LeNet-5, ReLU, no batch norm), data (the 60,000 training images per epoch), batch
# (64), optimiser (Adam 1e-3), augmentation (flip p 0.5 + 28x28 crop of the image padded by 2) and threads (2).
#
# augflow's figure is the training throughput of its second epoch (samples / seconds of the epoch's averaging rounds,
# from model.json: the stream, the augmentation, the rounds, the averaging; JVM and Spark start-up, statistics and
# planning excluded); its first epoch and the whole command's wall time are recorded too. PyTorch's figure is its
# epoch's samples/s (DataLoader start included). Writes bench/results/train-end-to-end.json with both, their ratio
# per round and the median ratio, training-stats.json's phase breakdown of augflow's second epoch, and the load.
#
# Usage: bench/train-end-to-end.sh [--rounds N] [--out FILE] [--set KEY=VALUE]...  (defaults: 2 rounds, about 8 min)
#   --set  passed to `bin/augflow train` (e.g. --set augflow.train.averaging-frequency=10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=2
out="bench/results/train-end-to-end.json"
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
PY=${PY:-/usr/bin/python3}   # Debian's python3-torch lives in the system interpreter
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "PyTorch missing: apt-get install python3-torch libopenblas0-pthread" >&2
  exit 1
fi
source bench/fashion-mnist.bash
dataset=$(fashion_mnist_dataset "local[2]")
data_dir="$(dirname "$(dpkg -L dataset-fashion-mnist | grep -m1 '/train-images-idx3-ubyte.gz$')")"
work="bench/tmp/end-to-end"
mkdir -p "$work" "$(dirname "$out")"
runs="$work/runs.jsonl"
: > "$runs"

for round in $(seq 1 "$rounds"); do
  load_before=$(cat /proc/loadavg)
  torch_line=$("$PY" bench/pytorch_end_to_end.py --data "$data_dir" --epochs 1 --workers 1 2>"$work/pytorch-$round.log" \
      | grep '^RESULT ' | sed 's/^RESULT //')
  model="$work/model-$round"
  rm -rf "$model"
  start=$(date +%s.%N)
  bin/augflow train --master "local[2]" --conf bench/conf/end-to-end.conf -d "$dataset" -o "$model" \
      "${extra[@]}" > "$work/augflow-$round.log" 2>&1
  end=$(date +%s.%N)
  load_after=$(cat /proc/loadavg)
  "$PY" - "$round" "$torch_line" "$model" "$start" "$end" "$load_before" "$load_after" >> "$runs" <<'PYEOF'
import json, sys
round_, torch_line, model, start, end, before, after = sys.argv[1:]
result = json.load(open(f"{model}/model.json"))
stats = json.load(open(f"{model}/training-stats.json"))
epochs = [h["samplesPerSecond"] for h in result["history"]]
torch = json.loads(torch_line)
print(json.dumps({"round": int(round_), "pytorch_samples_per_s": torch["samples_per_s"][0],
                  "augflow_epoch_samples_per_s": [round(e, 1) for e in epochs],
                  "ratio": round(epochs[-1] / torch["samples_per_s"][0], 3),
                  "augflow_wall_seconds": round(float(end) - float(start), 1),
                  "augflow_last_epoch_phases": stats[-1],
                  "load_before": before, "load_after": after}))
PYEOF
  tail -1 "$runs"
done

"$PY" - "$runs" "$out" "${extra[*]:-}" <<'PYEOF'
import json, statistics, sys, time
sys.path.insert(0, "bench")
import benchlib
runs_file, out, extra = sys.argv[1:]
runs = [json.loads(l) for l in open(runs_file)]
ratios = [r["ratio"] for r in runs]
json.dump({
    "bench": "train-end-to-end", "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    "what": "LeNet-5 on Fashion-MNIST train (60,000 per epoch), batch 64, Adam 1e-3, flip + pad-2 crop on the fly;"
            " augflow bin/augflow train local[2] (epoch 2's training throughput) vs PyTorch DataLoader 1 worker,"
            " 2 threads (its epoch)",
    "augflow_overrides": extra, "median_ratio": statistics.median(ratios), "runs": runs,
    "cpu": benchlib.cpu_model(), "mem_total_mb": benchlib.mem_total_mb(),
}, open(out, "w"), indent=2)
print(f"median ratio augflow/PyTorch {statistics.median(ratios):.3f} over {len(runs)} rounds -> {out}")
PYEOF
