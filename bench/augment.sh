#!/usr/bin/env bash
# Benchmarks every registered augment transform, a typical pipeline and the wrapper overhead over bare
# OpenCV calls with JMH, and writes bench/results/augment.json (plus JMH's raw augment-jmh.json).
#
# Usage: bench/augment.sh [--warmup N] [--iterations N] [--seconds S] [--only NAME,NAME] [--out FILE]
# Defaults: 1 fork, 2 warm-up and 3 measured iterations of 1 s, 1 thread (about 5 minutes in all).
# A quick smoke run: bench/augment.sh --warmup 1 --iterations 1 --seconds 0.2 --out /tmp/augment.json
# The machine is shared and noisy: compare figures only within one run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mvn -B -q -pl augment test-compile
classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -pl augment dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null

java -cp "augment/target/test-classes:augment/target/classes:$(cat "$classpath_file")" \
    io.augflow.augment.bench.AugmentBenchmarks "$@"
