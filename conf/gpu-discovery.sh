#!/usr/bin/env bash
# Spark GPU discovery script for augflow's GPU executors (conf/gpu.conf, README "GPU executors").
#
# Spark runs it when an executor (spark.executor.resource.gpu.discoveryScript) or a standalone worker
# (spark.worker.resource.gpu.discoveryScript) starts, and reads one JSON object from stdout:
#   {"name": "gpu", "addresses": ["0","1"]}
# The addresses are the GPU indices nvidia-smi reports. Exits 1 with a message on stderr (which Spark logs)
# when nvidia-smi is missing, fails, prints something that is not an index, or lists no GPU.
set -euo pipefail

fail() {
  echo "gpu-discovery.sh: $*" >&2
  exit 1
}

command -v nvidia-smi >/dev/null 2>&1 \
  || fail "nvidia-smi not found on PATH ($PATH): no NVIDIA driver here; GPU executors need one for CUDA 11.6"

indices=$(nvidia-smi --query-gpu=index --format=csv,noheader) \
  || fail "'nvidia-smi --query-gpu=index --format=csv,noheader' failed; is the NVIDIA driver loaded?"

addresses=""
while IFS= read -r line; do
  index="${line//[[:space:]]/}"
  [[ -z "$index" ]] && continue
  [[ "$index" =~ ^[0-9]+$ ]] || fail "nvidia-smi printed '$line' where a GPU index was expected"
  addresses+="${addresses:+,}\"$index\""
done <<< "$indices"

[[ -n "$addresses" ]] || fail "nvidia-smi lists no GPU on this host"
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
