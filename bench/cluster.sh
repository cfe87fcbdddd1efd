#!/usr/bin/env bash
# Cluster bench: the same LeNet-5 training (bench/conf/cluster.conf: Fashion-MNIST, undersampled to 1,000 images per
# class per epoch, flip + small affine, batch 64 per worker, averaging every 5 minibatches, 3 epochs) submitted with
# spark-submit's own entry point (org.apache.spark.deploy.SparkSubmit) to a multi-JVM cluster on this machine, twice:
#   1 executor:  local-cluster[1,1,2048]  (1 worker, 1 core, 2 GB)
#   2 executors: local-cluster[2,1,1024]  (2 workers, 1 core, 1 GB each)
# Each executor is its own JVM started by a Spark worker from $SPARK_HOME, so the parameters really travel (broadcast,
# task results, tree aggregation) between processes. Writes bench/results/cluster.json: samples/s of each run (from
# model.json's history, averaging rounds only, and over the whole command), the 2-to-1 ratio, the averaging
# frequency, and per epoch where the round time went (augflow's round timings, train.collect-stats): driver
# phases (broadcast, the round's Spark job, averaging), worker phases (network set-up, waiting for data, fitting,
# copying the result), and the share of the rounds' wall time that is Spark overhead (not spent inside the tasks).
# The machine's load average is sampled every 10 s: the figures mean little when it is high.
#
# Usage: bench/cluster.sh [--epochs N] [--per-class N] [--out FILE] [--smoke] [--figures-only]
#   --epochs     augflow.train.epochs (default 3)
#   --per-class  images per class per epoch, the undersampling target (default 1000: 10,000 samples per epoch)
#   --smoke      a mechanics check: 64 generated images instead of Fashion-MNIST, 1 epoch, result to bench/tmp/
#   --figures-only  recompute the JSON from the last runs' outputs in bench/tmp/cluster (no training)
# Builds jobs/target/augflow-jobs-submit.jar when it is missing or older than the sources (mvn -o package).
# SPARK_HOME is prepared under bench/tmp/cluster/spark-home: an empty RELEASE file and jars/ with symbolic links to
# the compile + provided classpath of the jobs module (mvn dependency:build-classpath -Dmdep.includeScope=provided),
# augflow's own module jars left out so the application comes from the submit jar, as on a real cluster.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs=3
per_class=1000
out="bench/results/cluster.json"
smoke=false
figures_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --per-class) per_class="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --smoke) smoke=true; epochs=1; out="bench/tmp/cluster/smoke.json"; shift ;;
    --figures-only) figures_only=true; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

tmp="bench/tmp/cluster"
mkdir -p "$tmp" "$(dirname "$out")"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ $figures_only == false ]]; then
jar="jobs/target/augflow-jobs-submit.jar"
classpath="$tmp/classpath.txt"

# 1. the submit jar and the classpath Spark itself runs on
newer=""
if [[ -f "$jar" ]]; then
  newer="$(find augment pipeline train jobs conf -path '*/src/main/*' -newer "$jar" -print -quit 2>/dev/null || true)"
  [[ -z "$newer" ]] && newer="$(find conf -name '*.conf' -newer "$jar" -print -quit)"
fi
if [[ ! -f "$jar" || -n "$newer" ]]; then
  echo "building $jar (mvn -o package, a few minutes)" >&2
  mvn -B -q -o -pl jobs -am -DskipTests package dependency:build-classpath \
      -Dmdep.includeScope=provided -Dmdep.outputFile="$root/$classpath" >&2
else
  mvn -B -q -o -pl jobs -am -DskipTests compile dependency:build-classpath \
      -Dmdep.includeScope=provided -Dmdep.outputFile="$root/$classpath" >&2
fi

# 2. SPARK_HOME: RELEASE + jars/ (symbolic links)
spark_home="$root/$tmp/spark-home"
rm -rf "$spark_home"
mkdir -p "$spark_home/jars"
: > "$spark_home/RELEASE"
tr ':' '\n' < "$classpath" | grep '\.jar$' | grep -v '/augflow-[a-z]*-[0-9]' | while read -r j; do
  name="$(basename "$j")"
  [[ -e "$spark_home/jars/$name" ]] && name="$(basename "$(dirname "$(dirname "$j")")")-$name"
  ln -s "$j" "$spark_home/jars/$name"
done
echo "SPARK_HOME $spark_home: $(ls "$spark_home/jars" | wc -l) jars" >&2

# 3. the data
if [[ $smoke == true ]]; then
  dataset="$tmp/smoke-data"
  [[ -d "$dataset" ]] || bin/augflow generate --master 'local[2]' -o "$dataset" --images 64 \
      --set augflow.generate.width=64 --set augflow.generate.height=64 --set augflow.generate.channels=1 \
      --set augflow.generate.classes=2 --set augflow.generate.imbalance-ratio=1
  conf_file="$tmp/smoke.conf"
  cat > "$conf_file" <<EOF
include file("$root/bench/conf/cluster.conf")
augflow.train { input = [ {type = resize, p = 1, width = 28, height = 28} ], averaging-frequency = 1,
                batch-size-per-worker = 16, rows-per-shard = 16, mean = [0.5], std = [0.25] }
augflow.balance.strategy = none
EOF
  data_sets=()
else
  if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
    echo "installing dataset-fashion-mnist" >&2
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y dataset-fashion-mnist; else sudo apt-get install -y dataset-fashion-mnist; fi
  fi
  dataset="bench/tmp/fashion-mnist"   # shared with bench/train-fashion-mnist.sh
  if [[ ! -f "$dataset/_ingest_summary.json" ]]; then
    input="$(dirname "$(dpkg -L dataset-fashion-mnist | grep -m1 '/train-images-idx3-ubyte.gz$')")"
    bin/augflow ingest --master 'local[2]' --layout idx -i "$input" -o "$dataset" --overwrite
  fi
  conf_file="bench/conf/cluster.conf"
  data_sets=(--set "augflow.balance.target=$per_class")
fi

# 4. the two runs
source bin/jvm-options.bash
opens="${AUGFLOW_OPENS[*]}"   # one string: it also goes into spark.*.extraJavaOptions
dl4j="${AUGFLOW_DL4J_CPU[*]}"

loads="$tmp/load.txt"
: > "$loads"
( while true; do echo "$(date +%s) $(cat /proc/loadavg)" >> "$loads"; sleep 10; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

run() { # name master executor-memory nd4j-maxbytes nd4j-maxphysicalbytes
  local name="$1" master="$2" memory="$3" maxbytes="$4" maxphys="$5"
  local model="$tmp/model-$name"
  rm -rf "$model"
  local start end
  echo "== $name: $master" >&2
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.12 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE \
  "$java_bin" -Xmx2g $opens $dl4j -cp "$spark_home/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --class io.augflow.jobs.AugflowCli \
    --conf "spark.executor.memory=$memory" \
    --conf "spark.executor.extraJavaOptions=$opens -Dorg.bytedeco.javacpp.maxbytes=$maxbytes -Dorg.bytedeco.javacpp.maxphysicalbytes=$maxphys" \
    --conf spark.locality.wait=0 --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    "$jar" train --conf "$conf_file" -d "$dataset" -o "$model" --epochs "$epochs" ${data_sets[@]+"${data_sets[@]}"} \
    > "$tmp/$name.log" 2>&1 || { echo "run $name failed; its log: $tmp/$name.log" >&2; tail -30 "$tmp/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$name $master $start $end $model" >> "$tmp/runs.txt"
}
: > "$tmp/runs.txt"
cp "$conf_file" "$tmp/conf-used.conf"
echo "$dataset $epochs $per_class $smoke" > "$tmp/settings.txt"
cat /proc/loadavg > "$tmp/load-before.txt"
run one-executor 'local-cluster[1,1,2048]' 2g 1500m 3500m
run two-executors 'local-cluster[2,1,1024]' 1g 1200m 2500m
cat /proc/loadavg > "$tmp/load-after.txt"
kill "$sampler" 2>/dev/null || true
fi
read -r dataset epochs per_class smoke < "$tmp/settings.txt"

# 5. the figures
RUNS="$tmp/runs.txt" LOADS="$tmp/load.txt" LOAD_BEFORE="$(cat "$tmp/load-before.txt")" \
LOAD_AFTER="$(cat "$tmp/load-after.txt")" OUT="$out" CONF_FILE="$tmp/conf-used.conf" DATASET="$dataset" EPOCHS="$epochs" PER_CLASS="$per_class" SMOKE="$smoke" \
JAVA_VERSION="$("$java_bin" -version 2>&1 | head -1)" COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
python3 - <<'PY'
import datetime, json, os, platform

env = os.environ

def load(s):
    one, five, fifteen = s.split()[:3]
    return {"1min": float(one), "5min": float(five), "15min": float(fifteen)}

def phase(phases, key):
    p = phases.get(key) or {"events": 0, "millis": 0}
    return p["events"], p["millis"]

runs = {}
for line in open(env["RUNS"]):
    name, master, start, end, model = line.split()
    result = json.load(open(os.path.join(model, "model.json")))
    stats = json.load(open(os.path.join(model, "training-stats.json")))
    executors = int(master.split("[")[1].split(",")[0])
    log = open(os.path.join(os.path.dirname(model), name + ".log")).read()
    conf = json.loads(result["provenance"]["config"])["train"]
    workers = conf.get("workers") or executors
    history = result["history"]
    samples = sum(r["samples"] for r in history)
    seconds = sum(r["seconds"] for r in history)
    epochs = []
    for r, s in zip(history, stats):
        ph = s["phases"]
        rounds_ms = s["roundsMillis"]
        # inside the training tasks, summed over tasks: divided by the executors (1 core each), the tasks that can
        # run at once; with 2 workers on 1 executor the two tasks of a round run one after the other
        slots = executors
        _, setup_ms = phase(ph, "worker.setup")
        _, data_ms = phase(ph, "worker.wait-data")
        _, fit_ms = phase(ph, "worker.fit")
        _, result_ms = phase(ph, "worker.result")
        task_ms = setup_ms + data_ms + fit_ms + result_ms
        _, bcast_ms = phase(ph, "driver.broadcast")
        _, job_ms = phase(ph, "driver.job")
        _, avg_ms = phase(ph, "driver.average")
        in_tasks = task_ms / slots
        fitting = fit_ms / slots
        epochs.append({
            "epoch": r["epoch"] + 1,
            "samples": r["samples"],
            "rounds": s["rounds"],
            "seconds_rounds": round(rounds_ms / 1000, 2),
            "samples_per_second": round(r["samplesPerSecond"], 1),
            "seconds_per_round": round(rounds_ms / 1000 / max(1, s["rounds"]), 3),
            "task_seconds_per_executor": {
                "in_task_total": round(in_tasks / 1000, 2),
                "fitting": round(fitting / 1000, 2),
                "waiting_for_data": round(data_ms / slots / 1000, 2),
                "network_setup": round(setup_ms / slots / 1000, 2),
                "copying_result": round(result_ms / slots / 1000, 2),
            },
            "driver_seconds": {
                "broadcast": round(bcast_ms / 1000, 2),
                "round_job_incl_training_tasks": round(job_ms / 1000, 2),
                "averaging": round(avg_ms / 1000, 2),
            },
            "share_fitting": round(fitting / rounds_ms, 3) if rounds_ms else None,
            "share_spark_overhead": round(1 - in_tasks / rounds_ms, 3) if rounds_ms else None,
            "phases": ph,
        })
    start, end = float(start), float(end)
    runs[name] = {
        "master": master,
        "executors": executors,
        "executor_cores": 1,
        "training_workers_per_round": workers,
        "loss_per_epoch": [round(r["loss"], 4) for r in history],
        "averaging_frequency": conf["averaging-frequency"],
        "batch_size_per_worker": conf["batch-size-per-worker"],
        "samples_trained": samples,
        "seconds_training": round(seconds, 1),
        "samples_per_second": round(samples / seconds, 1),
        # the first epoch includes JIT warm-up and the executors' first native loads
        "samples_per_second_after_first_epoch": round(sum(r["samples"] for r in history[1:])
            / sum(r["seconds"] for r in history[1:]), 1) if len(history) > 1 else None,
        "seconds_wall": round(end - start, 1),
        "samples_per_second_wall": round(samples / (end - start), 1),
        "share_spark_overhead_mean": round(sum(e["share_spark_overhead"] for e in epochs) / len(epochs), 3),
        "epochs": epochs,
    }

one, two = runs["one-executor"], runs["two-executors"]
during = [float(l.split()[1]) for l in open(env["LOADS"]) if l.strip()]
result = {
    "benchmark": "LeNet-5 parameter averaging on a multi-JVM local-cluster: 1 executor vs 2 executors",
    "smoke": env["SMOKE"] == "true",
    "date": datetime.datetime.fromtimestamp(max(float(l.split()[3]) for l in open(env["RUNS"])),
                                            datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "dataset": env["DATASET"],
    "config_file": env["CONF_FILE"],
    "config_file_text": open(env["CONF_FILE"]).read(),
    "epochs": int(env["EPOCHS"]),
    "images_per_class_per_epoch": int(env["PER_CLASS"]),
    "averaging_frequency": one["averaging_frequency"],
    "samples_per_second": {"one_executor": one["samples_per_second"], "two_executors": two["samples_per_second"]},
    "ratio_two_to_one": round(two["samples_per_second"] / one["samples_per_second"], 3),
    "ratio_two_to_one_after_first_epoch": round(two["samples_per_second_after_first_epoch"]
        / one["samples_per_second_after_first_epoch"], 3) if one["samples_per_second_after_first_epoch"] else None,
    "ratio_two_to_one_wall": round(two["samples_per_second_wall"] / one["samples_per_second_wall"], 3),
    "share_spark_overhead": {"one_executor": one["share_spark_overhead_mean"],
                             "two_executors": two["share_spark_overhead_mean"]},
    "runs": runs,
    "notes": "samples_per_second: model.json history (the averaging rounds only: planning, JVM and cluster start "
             "excluded); *_wall: the whole spark-submit. Both runs train 2 workers per round (train.workers = 0 "
             "resolves to Spark's default parallelism, at least 2): the same rounds, minibatches and averaging, "
             "hence the same losses; on 1 executor a round's 2 tasks run one after the other. "
             "share_spark_overhead = 1 - (time inside the training tasks / executors) / (driver wall time of the "
             "rounds): scheduling, task launch and result transfer outside DL4J's task. task_seconds_per_executor: "
             "DL4J's training statistics summed over tasks, divided by the executors; get_broadcast_model is inside "
             "the task; data loading is what the prefetch thread did not hide. "
             "Both runs share 2 cores with the driver (which averages the parameters) and with other processes "
             "on this machine.",
    "machine": {
        "nproc": os.cpu_count(),
        "java": env["JAVA_VERSION"],
        "os": platform.platform(),
        "load_before": load(env["LOAD_BEFORE"]),
        "load_after": load(env["LOAD_AFTER"]),
        "load_1min_during": during,
        "load_1min_mean_during": round(sum(during) / len(during), 2) if during else None,
    },
}
with open(env["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
print(json.dumps({k: result[k] for k in ("samples_per_second", "ratio_two_to_one", "share_spark_overhead",
                                         "averaging_frequency")}))
print("load 1-min during: " + str(result["machine"]["load_1min_mean_during"]))
print("wrote " + env["OUT"])
PY
