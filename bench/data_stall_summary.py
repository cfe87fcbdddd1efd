"""Writes a data-stall bench's JSON (bench/data-stall.sh, bench/detection/data-stall.sh) from the bench's RESULT line.

Input through the environment: RESULT (the JSON the Java bench printed), START/END (epoch seconds), LOAD_BEFORE/
LOAD_AFTER (/proc/loadavg lines), LOADS (a file of "time loadavg" lines sampled during the run), CMD, CONF, DATASET,
JAVA_VERSION, MASTER, COMMIT, OUT; optional BENCHMARK (the one-line description), NOTES, TARGET (the ratio target,
default 0.9; "none" for no target). Every key of RESULT this script does not summarise is kept under "bench".
"""
import datetime
import json
import os
import platform
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import cpu_model, mem_total_mb, load  # noqa: E402

SUMMARISED = {"runs", "samplesPerEpoch", "workers", "batchSizePerWorker", "averagingFrequency", "prefetchBatches",
              "averageUpdaters", "epochsPerRun", "roundsPerEpochInMemory", "inMemoryLoadSeconds", "shardReadMillis",
              "warmUp"}


def rnd(x, n=1):
    return round(x, n)


def later(runs):
    """samples/s of the epochs after the first of each run (JIT and ND4J warm-up excluded)."""
    return [e["samplesPerSecond"] for x in runs for e in x["epochs"] if e["epoch"] > 0]


def main():
    env = os.environ
    r = json.loads(env["RESULT"])
    runs = r["runs"]
    mem = [x for x in runs if x["feed"] == "in-memory"]
    stream = [x for x in runs if x["feed"] != "in-memory"]
    per_repeat = []
    for a, b in zip(mem, stream):
        per_repeat.append({"repeat": a["repeat"], "in_memory_samples_per_second": rnd(a["samplesPerSecond"]),
                           "streamed_samples_per_second": rnd(b["samplesPerSecond"]),
                           "ratio": rnd(b["samplesPerSecond"] / a["samplesPerSecond"], 3)})
    med_mem = statistics.median(x["samplesPerSecond"] for x in mem)
    med_stream = statistics.median(x["samplesPerSecond"] for x in stream)
    ratio_later = (rnd(statistics.median(later(stream)) / statistics.median(later(mem)), 3)
                   if later(stream) and later(mem) else None)
    for x in runs:
        x["samplesPerSecond"] = rnd(x["samplesPerSecond"])
        for e in x["epochs"]:
            e["seconds"] = rnd(e["seconds"], 2)
            e["samplesPerSecond"] = rnd(e["samplesPerSecond"])
            e["loss"] = rnd(e["loss"], 4)
    target = env.get("TARGET", "0.9")
    during = [line.split()[1:4] for line in open(env["LOADS"]) if line.strip()]
    result = {
        "benchmark": env.get("BENCHMARK", "data stall: streamed+augmented feed vs pre-decoded in-memory DataSets,"
                                          " same rounds, one JVM"),
        "command": env["CMD"],
        "config_file": env["CONF"],
        "dataset": env["DATASET"],
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": env["COMMIT"],
        "samples_per_epoch": r["samplesPerEpoch"],
        "workers": r["workers"], "batch_size_per_worker": r["batchSizePerWorker"],
        "averaging_frequency": r["averagingFrequency"], "prefetch_batches": r["prefetchBatches"],
        "average_updaters": r["averageUpdaters"], "epochs_per_run": r["epochsPerRun"],
        "rounds_per_epoch": r["roundsPerEpochInMemory"],
        "in_memory_load_seconds": rnd(r["inMemoryLoadSeconds"]),
        "median_in_memory_samples_per_second": rnd(med_mem),
        "median_streamed_samples_per_second": rnd(med_stream),
        "ratio_of_medians": rnd(med_stream / med_mem, 3),
        "ratio_after_first_epoch": ratio_later,
    }
    if target != "none":
        result["target_ratio"] = float(target)
        result["target_met"] = med_stream / med_mem >= float(target)
    if "warmUp" in r:
        result["untimed_warm_up"] = {"feed": r["warmUp"]["feed"], "epochs": [
            {"samples_per_second": rnd(e["samplesPerSecond"]), "seconds": rnd(e["seconds"], 2)}
            for e in r["warmUp"]["epochs"]]}
    result["per_repeat"] = per_repeat
    result["runs"] = runs
    result["notes"] = env.get("NOTES", "samples/s count the averaging rounds only (both sides): SparkTrainer's epoch"
                                       " planning and the in-memory decode are outside. The in-memory side has no"
                                       " augmentation (by the definition of the bench), so the ratio charges the"
                                       " augmentation to the stream.")
    if "shardReadMillis" in r:
        result["shard_read_millis"] = r["shardReadMillis"]
        result["shard_read_note"] = ("median ms for ShardReader.read of the first and the last 128-row shard of the"
                                     " largest Parquet row group, of this bench's dataset and of the full"
                                     " Fashion-MNIST dataset: the reader decodes the row group up to the shard, so"
                                     " late shards of big row groups cost more.")
    extra = {k: v for k, v in r.items() if k not in SUMMARISED}
    if extra:
        result["bench"] = extra
    result["seconds_wall"] = rnd(float(env["END"]) - float(env["START"]))
    result["machine"] = {
        "nproc": os.cpu_count(), "cpu": cpu_model(), "memory_mb": mem_total_mb(), "java": env["JAVA_VERSION"],
        "os": platform.platform(), "spark_master": env["MASTER"],
        "load_before": load(env["LOAD_BEFORE"]), "load_after": load(env["LOAD_AFTER"]),
        "load_1min_during": [float(x[0]) for x in during],
    }
    with open(env["OUT"], "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps({k: result[k] for k in ("median_in_memory_samples_per_second",
                                             "median_streamed_samples_per_second", "ratio_of_medians",
                                             "ratio_after_first_epoch", "per_repeat")}))
    print("wrote " + env["OUT"])


if __name__ == "__main__":
    main()
