/**
 * The in-memory model of augflow: a {@link io.augflow.augment.Sample} (an 8-bit OpenCV image, its
 * boxes and image-level label) and the {@link io.augflow.augment.Box} format used everywhere inside.
 * This module is pure OpenCV; it knows nothing of Spark, Parquet or DL4J.
 */
package io.augflow.augment;
