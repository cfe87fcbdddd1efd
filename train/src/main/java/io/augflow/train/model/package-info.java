/**
 * Network architectures built from the {@code model} block: {@link io.augflow.train.model.ModelFactory} turns a
 * {@link io.augflow.train.model.ModelConf}, the dataset's {@link io.augflow.train.model.InputShape} and class count,
 * an updater and a loss into a {@link io.augflow.train.model.ModelSpec}: a DL4J {@code MultiLayerConfiguration} or
 * {@code ComputationGraphConfiguration}, so the trainer can pick {@code SparkDl4jMultiLayer} or
 * {@code SparkComputationGraph}. All networks use NCHW.
 */
package io.augflow.train.model;
