/**
 * JMH benchmarks of the transforms: images per second for every registered transform and a typical
 * pipeline on 28x28 grey and 256x256 colour images, and the cost of the transform wrapper over the bare
 * OpenCV call. {@link io.augflow.augment.bench.AugmentBenchmarks} runs them and writes
 * {@code bench/results/augment.json}; {@code bench/augment.sh} is the way to call it.
 */
package io.augflow.augment.bench;
