/**
 * Speed benchmarks run by the {@code bench/} scripts: {@code train-speed.sh} (one JVM per configuration), the
 * data-stall benches of {@code data-stall.sh} and {@code detection/data-stall.sh} (streamed against in-memory feeds
 * in one JVM) and their data helpers; test sources, so nothing here ships in the jar.
 */
package io.augflow.train.bench;
