#!/usr/bin/env bash
# Ingest benchmark: all 70,000 Fashion-MNIST images (Debian's dataset-fashion-mnist, IDX gzip files) through
# `bin/augflow ingest --layout idx` into a temporary folder, then bench/results/ingest.json with: images, wall
# seconds (around the whole command: JVM, Spark start, job) and the job's own seconds (_ingest_summary.json),
# images/s for both, the Parquet bytes written against the IDX .gz bytes read, rows written/quarantined, the
# machine (nproc, CPU, memory, Java) and its load (/proc/loadavg before and after), the date and the commit.
#
# Usage: bench/ingest-fashion-mnist.sh [--master URL] [--out FILE] [--keep]
#   --master  Spark master (default local[*], every core)
#   --out     result file (default bench/results/ingest.json)
#   --keep    keep the ingested dataset (its path is printed) instead of deleting it
# The machine may be shared: the load figures say how busy it was; compare runs only with that in mind.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
master="local[*]"
out="bench/results/ingest.json"
keep=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
  echo "installing dataset-fashion-mnist" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y dataset-fashion-mnist; else sudo apt-get install -y dataset-fashion-mnist; fi
fi
images_gz="$(dpkg -L dataset-fashion-mnist | grep -m1 '/train-images-idx3-ubyte.gz$')"
input="$(dirname "$images_gz")"
idx_bytes=$(find "$input" -maxdepth 1 -name '*-ubyte.gz' -printf '%s\n' | awk '{s += $1} END {print s}')

# Build first (bin/augflow builds on first use), so the build is not timed.
bin/augflow --version >/dev/null

# The serializer is recorded in the JSON; conf/augflow.conf keeps Spark's default (Java) serializer.
serializer="${AUGFLOW_BENCH_SERIALIZER:-org.apache.spark.serializer.JavaSerializer}"
export AUGFLOW_JAVA_OPTS="${AUGFLOW_JAVA_OPTS:-} -Dspark.serializer=$serializer"

work="$(mktemp -d "${TMPDIR:-/tmp}/augflow-ingest-bench.XXXXXX")"
if [[ $keep == false ]]; then trap 'rm -rf "$work"' EXIT; fi
dataset="$work/fashion-mnist"

load_before="$(cat /proc/loadavg)"
start=$(date +%s.%N)
bin/augflow ingest --master "$master" --layout idx -i "$input" -o "$dataset"
end=$(date +%s.%N)
load_after="$(cat /proc/loadavg)"

parquet_bytes=$(find "$dataset" -name '*.parquet' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
java_version="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"

mkdir -p "$(dirname "$out")"
START="$start" END="$end" LOAD_BEFORE="$load_before" LOAD_AFTER="$load_after" IDX_BYTES="$idx_bytes" \
PARQUET_BYTES="$parquet_bytes" JAVA_VERSION="$java_version" MASTER="$master" INPUT="$input" DATASET="$dataset" \
SERIALIZER="$serializer" COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" OUT="$out" python3 - <<'PY'
import json, os, platform, sys, datetime

env = os.environ
summary = json.load(open(os.path.join(env["DATASET"], "_ingest_summary.json")))
wall = float(env["END"]) - float(env["START"])
job = summary["durationMillis"] / 1000.0
images = summary["rowsIn"]
idx_bytes = int(env["IDX_BYTES"])
parquet_bytes = int(env["PARQUET_BYTES"])

sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

result = {
    "benchmark": "ingest Fashion-MNIST (IDX gzip -> augflow Parquet dataset)",
    "command": "bin/augflow ingest --master '%s' --layout idx -i %s -o <tmp>" % (env["MASTER"], env["INPUT"]),
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "images": images,
    "rows_written": summary["rowsWritten"],
    "rows_quarantined": summary["rowsQuarantined"],
    "written_by_split": summary["writtenBySplit"],
    "seconds_wall": round(wall, 2),
    "seconds_job": round(job, 2),
    "images_per_second_wall": round(images / wall, 1),
    "images_per_second_job": round(images / job, 1) if job > 0 else None,
    "idx_gz_bytes": idx_bytes,
    "parquet_bytes": parquet_bytes,
    "parquet_to_idx_gz_ratio": round(parquet_bytes / idx_bytes, 3),
    "notes": "seconds_wall: the whole command (JVM and Spark start included); seconds_job: the job's own time "
             "from _ingest_summary.json. Parquet bytes: the *.parquet files only; each image is stored as PNG.",
    "machine": {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "memory_mb": mem_total_mb(),
        "java": env["JAVA_VERSION"],
        "os": platform.platform(),
        "spark_master": env["MASTER"],
        "spark_serializer": env["SERIALIZER"],
        "load_before": load(env["LOAD_BEFORE"]),
        "load_after": load(env["LOAD_AFTER"]),
    },
}
with open(env["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps({k: result[k] for k in ("images", "seconds_wall", "seconds_job", "images_per_second_job",
                                         "parquet_to_idx_gz_ratio", "rows_quarantined")}))
print("wrote " + env["OUT"])
PY
if [[ $keep == true ]]; then echo "dataset kept in $dataset"; fi
