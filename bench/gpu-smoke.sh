#!/usr/bin/env bash
# GPU smoke test (issue 14), for a machine with an NVIDIA GPU: does augflow's `-Pgpu` build train on the GPU?
# Trains LeNet-5 on Fashion-MNIST (bench/conf/fashion-mnist.conf) for one epoch on local[1], once with the CPU build
# and once with the GPU build on one GPU, and prints the device ND4J used, samples/s of both and their ratio.
#
# Steps: checks nvidia-smi (no GPU: exit 2 before anything is built), the driver and CUDA 11's cuBLAS; runs the CPU
# epoch with the CPU build (rebuilt if jobs/target holds the GPU one); builds `mvn -Pgpu -DskipTests clean package`;
# runs the GPU epoch with -Daugflow.gpu.address=<index> (local mode: Spark assigns tasks no GPU resource, README
# "GPU executors") and CUDA_DEVICE_ORDER=PCI_BUS_ID; reads the executor's "ND4J bound to GPU" line; rebuilds the
# CPU build (unless --keep-gpu-build). Writes bench/results/gpu-smoke.json.
#
# Usage: bench/gpu-smoke.sh [--gpu INDEX] [--keep-gpu-build] [--out FILE]
#   --gpu             the GPU to use, as nvidia-smi numbers them (default: the first one listed)
#   --keep-gpu-build  leave the GPU build in jobs/target (default: rebuild the CPU one at the end, ~4 min)
# Exit codes: 0 ND4J trained on the GPU; 1 it did not (or a run failed): the log is named; 2 no usable GPU here
# (no nvidia-smi, no GPU listed, no CUDA 11 cuBLAS), nothing built or run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
gpu=""
keep_gpu_build=false
out="bench/results/gpu-smoke.json"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --gpu) gpu="$2"; shift 2 ;;
    --keep-gpu-build) keep_gpu_build=true; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

no_gpu() {
  echo "gpu-smoke: no GPU: $*" >&2
  echo "gpu-smoke: nothing was built or run; this check needs a host with an NVIDIA GPU, its driver (>= 510.39 for" \
       "CUDA 11.6) and CUDA 11's cuBLAS (README, \"GPU executors\")" >&2
  exit 2
}

# 1. Is there a GPU at all? (Before any build: the GPU build downloads ~600 MB and takes minutes.)
command -v nvidia-smi >/dev/null 2>&1 || no_gpu "nvidia-smi not found on PATH ($PATH): no NVIDIA driver on this host"
gpus=$(nvidia-smi --query-gpu=index,name,driver_version --format=csv,noheader 2>&1) \
  || no_gpu "'nvidia-smi --query-gpu=index,name,driver_version' failed: $gpus"
[[ -n "${gpus//[[:space:]]/}" ]] || no_gpu "nvidia-smi lists no GPU"
echo "GPUs (nvidia-smi):" >&2
echo "$gpus" | sed 's/^/  /' >&2
[[ -n "$gpu" ]] || gpu=$(echo "$gpus" | head -1 | cut -d, -f1 | tr -d '[:space:]')
[[ "$gpu" =~ ^[0-9]+$ ]] || no_gpu "--gpu must be an index as nvidia-smi prints it, got '$gpu'"
line=$(echo "$gpus" | awk -F', *' -v g="$gpu" '$1 == g')
[[ -n "$line" ]] || no_gpu "GPU $gpu is not listed by nvidia-smi"
gpu_name=$(echo "$line" | cut -d, -f2 | sed 's/^ *//')
driver=$(echo "$line" | cut -d, -f3 | tr -d '[:space:]')
compute_cap=$(nvidia-smi -i "$gpu" --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | tr -d '[:space:]' || true)
if [[ "${driver%%.*}" =~ ^[0-9]+$ ]] && (( ${driver%%.*} < 510 )); then
  echo "gpu-smoke: WARNING: driver $driver is older than 510.39, the first for CUDA 11.6; only data-centre GPUs" \
       "with NVIDIA's forward-compatibility package (450.80.02 or newer) run it" >&2
fi
# libnd4jcuda.so links against CUDA 11's cuBLAS/cuSOLVER, which the build does not bundle
cublas_on_path() {
  local d
  IFS=: read -r -a dirs <<< "${LD_LIBRARY_PATH:-}"
  for d in "${dirs[@]}"; do
    [[ -n "$d" ]] && compgen -G "$d/libcublas.so.11*" >/dev/null && return 0
  done
  return 1
}
if ! ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.11' && ! cublas_on_path; then
  no_gpu "none usable: GPU $gpu ($gpu_name) is there, but libcublas.so.11 (CUDA 11 cuBLAS) is neither known to ldconfig nor on" \
         "LD_LIBRARY_PATH; install the CUDA 11.x toolkit's libraries"
fi

# 2. The data, and the CPU epoch with the CPU build.
work="bench/tmp/gpu-smoke"
mkdir -p "$work" "$(dirname "$out")"
if ls jobs/target/lib 2>/dev/null | grep -q '^nd4j-cuda'; then
  echo "gpu-smoke: jobs/target holds the GPU build: rebuilding the CPU one" >&2
  mvn -B -q -DskipTests clean package >&2
fi
source bench/fashion-mnist.bash
dataset=$(fashion_mnist_dataset "local[1]")

train() { # $1 = cpu|gpu, then environment assignments for the run
  local kind=$1; shift
  rm -rf "$work/$kind-model"
  env "$@" bin/augflow train --master "local[1]" --conf bench/conf/fashion-mnist.conf -d "$dataset" \
    -o "$work/$kind-model" --epochs 1 --set augflow.train.workers=1 --set augflow.train.evaluate-split=test \
    > "$work/$kind.log" 2>&1
}
samples_per_second() {
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['history'][0]['samplesPerSecond'])" \
    "$work/$1-model/model.json"
}

echo "gpu-smoke: CPU epoch (log: $work/cpu.log)" >&2
train cpu || { echo "gpu-smoke: the CPU run failed: see $work/cpu.log" >&2; exit 1; }
cpu_sps=$(samples_per_second cpu)

# 3. The GPU build and the GPU epoch.
echo "gpu-smoke: building -Pgpu (mvn -Pgpu -DskipTests clean package)" >&2
mvn -B -q -Pgpu -DskipTests clean package >&2
restore() {
  if [[ $keep_gpu_build == false ]]; then
    echo "gpu-smoke: rebuilding the CPU build (--keep-gpu-build keeps the GPU one)" >&2
    mvn -B -q -DskipTests clean package >&2 || echo "gpu-smoke: WARNING: the CPU rebuild failed" >&2
  fi
}
trap restore EXIT
seen="$work/nvidia-smi-apps.txt"
: > "$seen"
( while true; do nvidia-smi -i "$gpu" --query-compute-apps=pid,used_memory --format=csv,noheader >> "$seen" 2>/dev/null
  sleep 5; done ) &
sampler=$!
echo "gpu-smoke: GPU epoch on GPU $gpu (log: $work/gpu.log)" >&2
status=0
# the launcher's -onednn platform extension is for nd4j-native: cleared for the CUDA build (the last -D wins)
train gpu CUDA_DEVICE_ORDER=PCI_BUS_ID \
  AUGFLOW_JAVA_OPTS="${AUGFLOW_JAVA_OPTS:-} -Daugflow.gpu.address=$gpu -Dorg.bytedeco.javacpp.platform.extension=" \
  || status=$?
kill "$sampler" 2>/dev/null || true
bound=$(grep -m1 'ND4J bound to GPU' "$work/gpu.log" || true)
if (( status != 0 )); then
  echo "gpu-smoke: the GPU run failed (exit $status): $(grep -m1 -E 'augflow train: |Exception' "$work/gpu.log" || true)" >&2
  echo "gpu-smoke: full log: $work/gpu.log" >&2
  exit 1
fi
if [[ -z "$bound" || "$bound" != *"= GPU $gpu "* || "$bound" != *CUDA* ]]; then
  echo "gpu-smoke: ND4J did not use GPU $gpu: no 'ND4J bound to GPU ... = GPU $gpu ... CUDA' line in $work/gpu.log" >&2
  exit 1
fi
gpu_sps=$(samples_per_second gpu)

# 4. Report.
GPU="$gpu" GPU_NAME="$gpu_name" DRIVER="$driver" CC="$compute_cap" BOUND="$bound" CPU_SPS="$cpu_sps" GPU_SPS="$gpu_sps" \
SEEN="$seen" OUT="$out" COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" python3 - <<'PY'
import json, os, datetime, sys
sys.path.insert(0, "bench")
from benchlib import cpu_model
e = os.environ
cpu, gpu = float(e["CPU_SPS"]), float(e["GPU_SPS"])
pids = sorted({l.split(",")[0].strip() for l in open(e["SEEN"]) if l.strip()})
result = {
    "benchmark": "GPU smoke: LeNet-5, Fashion-MNIST, 1 epoch, local[1], 1 worker; CPU build vs -Pgpu build",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": e["COMMIT"],
    "gpu": {"index": e["GPU"], "name": e["GPU_NAME"], "driver": e["DRIVER"], "compute_capability": e["CC"] or None},
    "nd4j_device_log": e["BOUND"].strip(),
    "compute_app_pids_seen_by_nvidia_smi": pids,
    "cpu": {"cpu": cpu_model(), "samples_per_second": round(cpu, 1)},
    "gpu_samples_per_second": round(gpu, 1),
    "gpu_over_cpu": round(gpu / cpu, 2),
}
with open(e["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print("device:  " + e["BOUND"].strip())
print(f"samples/s: GPU {gpu:.1f}, CPU {cpu:.1f}, ratio {gpu / cpu:.2f}")
print("wrote " + e["OUT"])
PY
