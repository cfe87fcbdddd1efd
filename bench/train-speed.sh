#!/usr/bin/env bash
# LeNet-5 training speed: DL4J out of the box, the oneDNN configuration of issue 5, augflow's default, a further
# variant, the plain-path switch, and PyTorch CPU (same threads; plus 1 thread for information),
# on the same in-memory Fashion-MNIST minibatches, batch size and threads, in one run.
# Writes bench/results/train-speed.json. Configurations run interleaved (round-robin, one JVM per run) so that load
# from other processes hits them alike; the figure per configuration is the median over rounds.
#
# Usage: bench/train-speed.sh [ROUNDS] [SECONDS]     (defaults 3 and 8)
#   CONFIGS="default pytorch" bench/train-speed.sh   runs a subset (names below)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-8}
THREADS=${THREADS:-2}
BATCH=${BATCH:-64}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
PY=${PY:-/usr/bin/python3}   # Debian's python3-torch lives in the system interpreter
CONFIGS=${CONFIGS:-"outofbox onednn-passive default further plain-switch pytorch pytorch-passive pytorch-t1"}
OUT=bench/results/train-speed.json
LOG=bench/results/train-speed.log
mkdir -p bench/results bench/tmp
: > "$LOG"

# Build train and its test classes (the bench main lives there), and get the test class path.
mvn -B -q -o -pl train -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >>"$LOG" 2>&1
CP_ONEDNN="$ROOT/train/target/test-classes:$ROOT/train/target/classes:$(cat train/target/bench-classpath.txt)"
# Out of the box = the plain libnd4j build a user of nd4j-native gets; the project excludes it, so take it from ~/.m2.
PLAIN_JAR=$(dirname "$(tr ':' '\n' < train/target/bench-classpath.txt | grep -- '-linux-x86_64-onednn.jar$')")/nd4j-native-1.0.0-M2.1-linux-x86_64.jar
[ -f "$PLAIN_JAR" ] || { echo "missing $PLAIN_JAR (needed for the out-of-the-box run)" >&2; exit 1; }
CP_PLAIN=$(echo "$CP_ONEDNN" | tr ':' '\n' | sed "s#.*-linux-x86_64-onednn.jar\$#$PLAIN_JAR#" | paste -sd:)

ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
# The configuration of issue 5 / STACK.md: oneDNN helpers on, passive OpenMP waiting.
ONEDNN_FLAGS="-Daugflow.train.onednn=true -Dorg.eclipse.deeplearning4j.helpers.disable=false -Dorg.bytedeco.javacpp.platform.extension=-onednn"
DEFAULT_ENV="OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=PASSIVE"
# augflow's default = what CpuLaunchSettings.defaults(THREADS) gives the launcher and Spark executors.
DEFAULT_FLAGS="$ONEDNN_FLAGS -Daugflow.train.elementwiseThreshold=65536"
# Further: measured faster but not adopted (see bench/README.md).
FURTHER_FLAGS="$DEFAULT_FLAGS ${FURTHER_EXTRA:--Dorg.bytedeco.javacpp.nopointergc=true}"
ARGS="--batch $BATCH --seconds $SECONDS_PER_RUN --repeats 1 --data $DATA"

run_java() { # label classpath "env" "flags"
  local label=$1 cp=$2 envs=$3 flags=$4
  env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY $envs java -Xmx2g $ADD_OPENS $flags -cp "$cp" \
      io.augflow.train.bench.LeNetSpeedBench --label "$label" $ARGS 2>>"$LOG" | grep '^RESULT ' | sed 's/^RESULT //'
}
run_config() {
  case $1 in
    outofbox)        run_java outofbox "$CP_PLAIN" "" "" ;;
    onednn-passive)  run_java onednn-passive "$CP_ONEDNN" "$DEFAULT_ENV" "$ONEDNN_FLAGS" ;;
    onednn-spin)     run_java onednn-spin "$CP_ONEDNN" "OMP_NUM_THREADS=$THREADS" "$ONEDNN_FLAGS" ;;
    default)         run_java default "$CP_ONEDNN" "$DEFAULT_ENV" "$DEFAULT_FLAGS" ;;
    further)         run_java further "$CP_ONEDNN" "$DEFAULT_ENV" "$FURTHER_FLAGS" ;;
    plain-switch)    run_java plain-switch "$CP_ONEDNN" "$DEFAULT_ENV" "${DEFAULT_FLAGS/onednn=true/onednn=false}" ;;
    x-*)             # exploration: "name|extra env|extra JVM flags" lines in $VARIANTS, on top of the default
                     local v; v=$(grep "^$1|" "${VARIANTS:-bench/variants.txt}") || { echo "no variant $1" >&2; exit 1; }
                     run_java "$1" "$CP_ONEDNN" "$DEFAULT_ENV $(echo "$v" | cut -d'|' -f2)" \
                         "$DEFAULT_FLAGS $(echo "$v" | cut -d'|' -f3)" ;;
    pytorch)         env -u OMP_WAIT_POLICY OMP_NUM_THREADS=$THREADS "$PY" bench/pytorch_lenet.py --label pytorch \
                         --threads "$THREADS" $ARGS 2>>"$LOG" | grep '^RESULT ' | sed 's/^RESULT //' ;;
    pytorch-passive) env OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$THREADS "$PY" bench/pytorch_lenet.py \
                         --label pytorch-passive --threads "$THREADS" $ARGS 2>>"$LOG" | grep '^RESULT ' | sed 's/^RESULT //' ;;
    pytorch-t1)      env OMP_NUM_THREADS=1 "$PY" bench/pytorch_lenet.py --label pytorch-t1 --threads 1 $ARGS \
                         2>>"$LOG" | grep '^RESULT ' | sed 's/^RESULT //' ;;
    *) echo "unknown configuration $1" >&2; exit 1 ;;
  esac
}

RAW=bench/tmp/train-speed-runs.jsonl
: > "$RAW"
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONFIGS; do
    line=$(run_config "$c")
    [ -n "$line" ] || { echo "run $c produced no RESULT; see $LOG" >&2; exit 1; }
    echo "{\"round\":$round,\"config\":\"$c\",\"run\":$line}" >> "$RAW"
    echo "round $round $c: $(echo "$line" | sed -E 's/.*"samples_per_s": ?([0-9.]+).*/\1/') samples/s" >&2
  done
done

"$PY" - "$RAW" "$OUT" "$ROUNDS" "$SECONDS_PER_RUN" "$THREADS" "$BATCH" <<'PYEOF'
import json, statistics, sys, os, subprocess, datetime
raw, out, rounds, seconds, threads, batch = sys.argv[1:7]
runs = [json.loads(l) for l in open(raw)]
configs = {}
for r in runs:
    configs.setdefault(r["config"], []).append(r["run"])
res = {}
for name, rs in configs.items():
    rates = [x["samples_per_s"] for x in rs]
    d = {k: v for k, v in rs[-1].items() if k not in ("samples_per_s", "repeats", "label", "score")}
    d.update(samples_per_s_median=round(statistics.median(rates), 1), samples_per_s_runs=rates)
    res[name] = d
# The reference is PyTorch with the same thread count (the better of its default and passive OpenMP waiting).
ref = max((res[k]["samples_per_s_median"] for k in ("pytorch", "pytorch-passive") if k in res), default=None)
if ref:
    for d in res.values():
        d["ratio_vs_pytorch"] = round(d["samples_per_s_median"] / ref, 3)
load = os.getloadavg()
doc = {
    "what": "LeNet-5 training samples/s, Fashion-MNIST in memory, Adam 1e-3, NCHW float32",
    "date": datetime.datetime.now().isoformat(timespec="seconds"),
    "batch": int(batch), "threads": int(threads), "rounds": int(rounds), "seconds_per_run": float(seconds),
    "pytorch_reference_samples_per_s": ref,
    "load_average_at_end": [round(x, 2) for x in load],
    "cpus": os.cpu_count(),
    "caveat": "medians over interleaved rounds; only ratios within one run mean anything, and only on a quiet machine",
    "configs": res,
}
json.dump(doc, open(out, "w"), indent=2)
print(json.dumps({k: (v["samples_per_s_median"], v.get("ratio_vs_pytorch")) for k, v in res.items()}))
PYEOF
echo "wrote $OUT" >&2
