#!/usr/bin/env bash
# Ensemble bench (issue 12): on a Fashion-MNIST subset (12,000 train / 5,000 val drawn from the training set by
# bench/ensemble_subset.py, the 10,000 test images whole), train 4 members with `bin/augflow train` (LeNet-5 twice
# with different seeds, vgg-small, resnet-small; bench/conf/ensemble.conf: 3 epochs, 2 workers on local[2]), then
# build an ensemble of them with each combiner (`bin/augflow ensemble --combine vote|average|weighted|stacking`,
# fitted on val) and score each on test. Writes bench/results/ensemble.json: each member's and each combination's
# test accuracy and macro-F1, the best member, the best combination and by how much it beats the best member (the
# issue's acceptance), per-member wall seconds, the machine and its load.
#
# Usage: bench/ensemble.sh [--members-only] [--members "NAME:ARCH:SEED ..."] [--combiners "vote average ..."]
#   --members-only  train the members (and record them), skip the ensemble step
#   --members       default "lenet5-s1:lenet5:1 lenet5-s2:lenet5:2 vgg-small-s3:vgg-small:3 resnet-small-s4:resnet-small:4"
#   --combiners     default "vote average weighted stacking"
#   --out           result file (default bench/results/ensemble.json)
# Resumable: a member whose folder already holds model.zip and model.json with test figures is not trained again
# (delete bench/tmp/ensemble/members/NAME to retrain it). Members train under `nice`, so the bench yields the
# machine to interactive work. When `bin/augflow ensemble` does not exist yet (its --help prints no ensemble usage),
# the members are still recorded and each combination says so ("ensemble CLI missing"). Combinations are scored
# with `bin/augflow evaluate --split test` when that command exists, else with the test figures of the ensemble's
# own JSON files.
# Environment: AUGFLOW_BIN (default bin/augflow) runs another launcher, e.g. a copy of a built tree.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
members="lenet5-s1:lenet5:1 lenet5-s2:lenet5:2 vgg-small-s3:vgg-small:3 resnet-small-s4:resnet-small:4"
combiners="vote average weighted stacking"
members_only=false
master="local[2]"
out="bench/results/ensemble.json"
conf="bench/conf/ensemble.conf"
augflow="${AUGFLOW_BIN:-bin/augflow}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --members-only) members_only=true; shift ;;
    --members) members="$2"; shift 2 ;;
    --combiners) combiners="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

work="bench/tmp/ensemble"
idx="bench/tmp/fashion-mnist-ensemble-idx"   # "fashion" in the name: ingest names the ten classes
dataset="$work/dataset"
mkdir -p "$work/members" "$work/combined" "$(dirname "$out")"
runs="$work/runs.txt"          # one line per step: kind name seconds exit-code
touch "$runs"

"$augflow" --version >/dev/null
if [[ ! -f "$dataset/_ingest_summary.json" ]]; then
  python3 bench/ensemble_subset.py --out "$idx" --seed 42 >&2
  nice -n 19 "$augflow" ingest --master "$master" --layout idx -i "$idx" -o "$dataset" --overwrite >&2
fi

member_done() {  # a member counts as trained when its model and its test figures are there
  [[ -f "$1/model.zip" && -f "$1/model.json" ]] &&
    python3 -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get('test') else 1)" "$1/model.json"
}

folders=()
for m in $members; do
  IFS=: read -r name arch seed <<<"$m"
  folder="$work/members/$name"
  folders+=("$folder")
  if member_done "$folder"; then
    echo "member $name: trained already ($folder)" >&2
    continue
  fi
  rm -rf "$folder"
  echo "member $name: $arch, seed $seed" >&2
  start=$(date +%s.%N)
  rc=0
  nice -n 19 "$augflow" train --master "$master" --conf "$conf" -d "$dataset" -o "$folder" \
      --architecture "$arch" --set "augflow.seed=$seed" > "$work/members/$name.log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  echo "member $name $(awk "BEGIN {print $end - $start}") $rc" >> "$runs"
  if [[ $rc -ne 0 ]]; then echo "member $name failed (exit $rc): $work/members/$name.log" >&2; fi
done

has_command() {  # an unknown command prints the top-level usage (and exits 0), so read the usage line
  "$augflow" "$1" --help 2>&1 | head -1 | grep -q "^Usage: augflow $1 "
}

cli="present"
if [[ $members_only == true ]]; then
  cli="skipped (--members-only)"
elif ! has_command ensemble; then
  cli="ensemble CLI missing: '$augflow ensemble --help' shows no ensemble command; members trained, combinations not run"
  echo "$cli" >&2
else
  member_list=$(IFS=,; echo "${folders[*]}")
  has_evaluate=false
  if has_command evaluate; then has_evaluate=true; fi
  for c in $combiners; do
    folder="$work/combined/$c"
    rm -rf "$folder" "$folder-eval"
    echo "ensemble $c" >&2
    start=$(date +%s.%N)
    rc=0
    nice -n 19 "$augflow" ensemble --master "$master" --conf "$conf" -m "$member_list" --combine "$c" \
        -d "$dataset" -o "$folder" > "$work/combined/$c.log" 2>&1 || rc=$?
    if [[ $rc -eq 0 && $has_evaluate == true ]]; then
      nice -n 19 "$augflow" evaluate --master "$master" --conf "$conf" -m "$folder" -d "$dataset" --split test \
          -o "$folder-eval" >> "$work/combined/$c.log" 2>&1 || rc=$?
    fi
    end=$(date +%s.%N)
    echo "combined $c $(awk "BEGIN {print $end - $start}") $rc" >> "$runs"
    if [[ $rc -ne 0 ]]; then echo "ensemble $c failed (exit $rc): $work/combined/$c.log" >&2; fi
  done
fi

MEMBERS="$members" COMBINERS="$combiners" CLI="$cli" WORK="$work" RUNS="$runs" OUT="$out" CONF="$conf" \
DATASET="$dataset" LOAD="$(cat /proc/loadavg)" MASTER="$master" \
JAVA_VERSION="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)" \
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" python3 - <<'PY'
import datetime, json, os, platform, sys

env = os.environ
sys.path.insert(0, "bench")
from benchlib import cpu_model, mem_total_mb, load

def last_runs():
    seen = {}
    for line in open(env["RUNS"]):
        kind, name, seconds, rc = line.split()
        seen[(kind, name)] = {"seconds_wall": round(float(seconds), 1), "exit_code": int(rc)}
    return seen

def find_metrics(node):
    """The first object holding an accuracy and a macro-F1, searched breadth first (evaluate's and model.json's
    spellings both: macroF1, macro_f1, macro-f1)."""
    queue = [node]
    while queue:
        n = queue.pop(0)
        if isinstance(n, dict):
            keys = {k.lower().replace("_", "").replace("-", ""): k for k in n}
            if "accuracy" in keys and "macrof1" in keys:
                return {"accuracy": round(float(n[keys["accuracy"]]), 4),
                        "macro_f1": round(float(n[keys["macrof1"]]), 4)}
            queue.extend(n.values())
        elif isinstance(n, list):
            queue.extend(n)
    return None

def metrics_in(folder, prefer_test=True):
    for path, key in ((folder + "-eval", None), (folder, "test")):
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".json"):
                    try:
                        doc = json.load(open(os.path.join(path, name)))
                    except ValueError:
                        continue
                    found = find_metrics(doc.get(key) if key and isinstance(doc, dict) and doc.get(key) else doc)
                    if found:
                        return dict(found, source=os.path.join(path, name))
    return None

runs = last_runs()
members = []
for m in env["MEMBERS"].split():
    name, arch, seed = m.split(":")
    folder = os.path.join(env["WORK"], "members", name)
    entry = {"name": name, "architecture": arch, "seed": int(seed), "folder": folder}
    model_json = os.path.join(folder, "model.json")
    if os.path.isfile(model_json):
        doc = json.load(open(model_json))
        test = doc.get("test") or {}
        entry.update({"test_accuracy": round(test["accuracy"], 4), "test_macro_f1": round(test["macroF1"], 4),
                      "test_examples": test.get("examples"), "epochs": len(doc.get("history", []))})
    entry.update(runs.get(("member", name), {"seconds_wall": None, "note": "trained by an earlier run"}))
    members.append(entry)

combined = []
for c in env["COMBINERS"].split():
    folder = os.path.join(env["WORK"], "combined", c)
    entry = {"combine": c, "folder": folder}
    run = runs.get(("combined", c))
    if env["CLI"] != "present":
        entry["status"] = env["CLI"]
    elif run is None or run["exit_code"] != 0:
        entry["status"] = "failed, see " + folder + ".log"
        entry.update(run or {})
    else:
        found = metrics_in(folder)
        entry.update(run)
        if found:
            entry.update({"test_accuracy": found["accuracy"], "test_macro_f1": found["macro_f1"],
                          "metrics_file": found["source"]})
        else:
            entry["status"] = "ran, but no accuracy/macro-F1 found in " + folder + "[-eval]/*.json"
    combined.append(entry)

scored_members = [m for m in members if "test_accuracy" in m]
scored_combined = [c for c in combined if "test_accuracy" in c]
best_member = max(scored_members, key=lambda m: m["test_accuracy"], default=None)
best_combined = max(scored_combined, key=lambda c: c["test_accuracy"], default=None)
verdict = None
if best_member and best_combined:
    verdict = {
        "best_member": best_member["name"], "best_member_accuracy": best_member["test_accuracy"],
        "best_combination": best_combined["combine"], "best_combination_accuracy": best_combined["test_accuracy"],
        "accuracy_gain_points": round(100 * (best_combined["test_accuracy"] - best_member["test_accuracy"]), 2),
        "macro_f1_gain_points": round(100 * (best_combined["test_macro_f1"]
                                             - max(m["test_macro_f1"] for m in scored_members)), 2),
        "best_combination_beats_best_member": best_combined["test_accuracy"] > best_member["test_accuracy"],
    }

result = {
    "benchmark": "Fashion-MNIST ensemble: members trained with different architectures and seeds, combined by "
                 "vote / average / weighted / stacking (fitted on val), all scored on the 10,000 test images",
    "command": "bench/ensemble.sh",
    "config_file": env["CONF"],
    "dataset": env["DATASET"] + " (bench/ensemble_subset.py --seed 42: 12,000 train + 5,000 val from the training "
                                "set, the test set whole)",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "commit": env["COMMIT"],
    "ensemble_cli": env["CLI"],
    "members": members,
    "combinations": combined,
    "verdict": verdict,
    "notes": "Members' test figures: their model.json 'test' block (the model training kept). seconds_wall: the "
             "whole command under nice -n 19 on a shared machine, so an upper bound of the training time.",
    "machine": {"nproc": os.cpu_count(), "cpu": cpu_model(), "memory_mb": mem_total_mb(),
                "java": env["JAVA_VERSION"], "os": platform.platform(), "spark_master": env["MASTER"],
                "load_at_end": load(env["LOAD"])},
}
with open(env["OUT"], "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
for m in members:
    print("member", m["name"], m.get("test_accuracy"), m.get("test_macro_f1"), m.get("seconds_wall"))
for c in combined:
    print("combined", c["combine"], c.get("test_accuracy"), c.get("test_macro_f1"), c.get("status", ""))
print("verdict", json.dumps(verdict))
print("wrote " + env["OUT"])
PY
