# Sourced by the Fashion-MNIST benches (run from the repository root): installs Debian's dataset-fashion-mnist if
# missing, builds augflow if needed, and ingests it once into bench/tmp/fashion-mnist (reused by every bench).
# Usage: fashion_mnist_dataset MASTER   -> prints the dataset path

fashion_mnist_dataset() {
  local master=$1 dataset="bench/tmp/fashion-mnist" input
  if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
    echo "installing dataset-fashion-mnist" >&2
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y dataset-fashion-mnist >&2; else sudo apt-get install -y dataset-fashion-mnist >&2; fi
  fi
  input="$(dirname "$(dpkg -L dataset-fashion-mnist | grep -m1 '/train-images-idx3-ubyte.gz$')")"
  bin/augflow --version >/dev/null
  mkdir -p bench/tmp
  if [[ ! -f "$dataset/_ingest_summary.json" ]]; then
    bin/augflow ingest --master "$master" --layout idx -i "$input" -o "$dataset" --overwrite >&2
  fi
  echo "$dataset"
}
