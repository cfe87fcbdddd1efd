/**
 * Speed benchmarks run by {@code bench/train-speed.sh}, one JVM per configuration; test sources, so nothing here
 * ships in the jar.
 */
package io.augflow.train.bench;
