/** The {@code generate} job: the synthetic long-tail dataset, drawn on executors and written as a dataset or a YOLO folder. */
package io.augflow.pipeline.generate;
