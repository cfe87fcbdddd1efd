#!/usr/bin/env bash
# Benchmarks statistics + plan fit + one epoch's expansion on Fashion-MNIST (70,000 images) and on a
# generated long-tail dataset at two sizes (a 25% sample and all of it), sampling the driver heap every
# 50 ms, and writes bench/results/balance.json.
#
# Usage: bench/balance.sh [--images N] [--fashion-mnist DATASET_DIR] [--work DIR] [--out FILE] [--master URL]
# Defaults: --images 200000, --work work/bench, --out bench/results/balance.json, --master local[2].
#   --fashion-mnist reuses an already ingested Fashion-MNIST dataset instead of ingesting it again.
# Needs Debian's dataset-fashion-mnist (installed with apt-get when missing and running as root).
# Generating 200,000 64x64 grey images takes a few minutes on 2 cores; both inputs are kept under --work
# and reused by later runs. The machine may be shared: compare figures within one run only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
images=200000
work=work/bench
out=bench/results/balance.json
master='local[2]'
fashion=''
while (($#)); do
  case "$1" in
    --images) images="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --fashion-mnist) fashion="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$work" "$(dirname "$out")"

# the launcher's jar and runtime libs, current with this checkout
mvn -B -q -o -DskipTests package -pl jobs -am >&2

idx=/usr/share/datasets/fashion-mnist
if [[ -z "$fashion" ]]; then
  fashion="$work/fashion-mnist"
  if [[ ! -f "$fashion/_classes.json" ]]; then
    if [[ ! -d "$idx" ]]; then
      echo "balance.sh: installing dataset-fashion-mnist" >&2
      apt-get install -y -qq dataset-fashion-mnist >/dev/null
    fi
    start=$(date +%s.%N)
    # Java serialisation: the IDX importer's task data (a record) does not pass Kryo's FieldSerializer
    bin/augflow ingest --master "$master" --layout idx --overwrite -i "$idx" -o "$fashion" \
      --set 'augflow.spark.conf."spark.serializer"=org.apache.spark.serializer.JavaSerializer'
    echo "balance.sh: ingest of Fashion-MNIST took $(echo "$(date +%s.%N) - $start" | bc) s" >&2
  fi
fi

longtail="$work/longtail-$images"
generate_seconds="not measured (dataset reused)"
if [[ ! -f "$longtail/_classes.json" ]]; then
  start=$(date +%s.%N)
  bin/augflow generate --master "$master" -o "$longtail" --images "$images" --imbalance-ratio 100 --overwrite \
    --set augflow.generate.width=64 --set augflow.generate.height=64 --set augflow.generate.channels=1 \
    --set augflow.generate.classes=8 --set augflow.generate.partitions=16
  generate_seconds=$(echo "$(date +%s.%N) - $start" | bc)
  echo "balance.sh: generating $images images took $generate_seconds s" >&2
fi

source bin/jvm-options.bash
jvm=(-Xmx3g "${AUGFLOW_OPENS[@]}")
java "${jvm[@]}" -cp "jobs/target/augflow-jobs.jar:jobs/target/lib/*" io.augflow.jobs.bench.BalanceBench \
  --out "$out" --master "$master" \
  --note "generate of the long-tail dataset (s): ${generate_seconds} (64x64 grey, 8 classes); -Xmx3g; executors share the driver JVM (local mode); the machine may be shared with other work: see loadavg" \
  --dataset "fashion-mnist=$fashion" \
  --dataset "longtail-sample-25pct=$longtail@0.25" \
  --dataset "longtail-$images=$longtail"
