"""Mean and standard deviation per arm of the detection ablation's runs (bench/detection/ablation.sh).

Usage: summarize_ablation.py RUNS_JSONL OUT_JSON. The difference of each arm to the baseline is reported with the
relative change of AP_small and whether the mean difference exceeds twice the larger of the two seed standard
deviations (the issue's bar for "it helps").
"""
import json
import statistics
import sys

METRICS = ["AP", "AP50", "APsmall", "APmedium"]


def summarize(lines):
    arms = {}
    for line in lines:
        arms.setdefault(line["arm"], []).append(line)
    out = {}
    for arm, runs in arms.items():
        entry = {"seeds": sorted(r["seed"] for r in runs), "seconds": [r["seconds"] for r in runs]}
        for m in METRICS:
            values = [r["test"][m] for r in runs]
            entry[m] = {"mean": statistics.fmean(values),
                        "std": statistics.stdev(values) if len(values) > 1 else None, "values": values}
        out[arm] = entry
    base = out.get("baseline")
    if base:
        for arm, entry in out.items():
            if arm == "baseline":
                continue
            diff = {}
            for m in METRICS:
                d = entry[m]["mean"] - base[m]["mean"]
                stds = [s for s in (entry[m]["std"], base[m]["std"]) if s is not None]
                diff[m] = {"difference": d,
                           "relative": d / base[m]["mean"] if base[m]["mean"] > 0 else None,
                           "beyondTwoStd": (abs(d) > 2 * max(stds)) if stds else None}
            # per seed too: arms of one seed share the anchors, the initial weights and the epoch order
            by_seed = {m: {} for m in METRICS}
            base_runs = {r["seed"]: r for r in arms["baseline"]}
            for r in arms[arm]:
                if r["seed"] in base_runs:
                    for m in METRICS:
                        by_seed[m][r["seed"]] = r["test"][m] - base_runs[r["seed"]]["test"][m]
            for m in METRICS:
                diff[m]["perSeed"] = by_seed[m]
            entry["vsBaseline"] = diff
    return out


def main():
    lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
    result = {"runs": len(lines), "arms": summarize(lines)}
    with open(sys.argv[2], "w") as f:
        json.dump(result, f, indent=2)
    for arm, e in result["arms"].items():
        print(f"{arm:11s} n={len(e['seeds'])} " + " ".join(
            f"{m} {e[m]['mean']:.4f}" + (f"±{e[m]['std']:.4f}" if e[m]["std"] is not None else "") for m in METRICS))


if __name__ == "__main__":
    main()
