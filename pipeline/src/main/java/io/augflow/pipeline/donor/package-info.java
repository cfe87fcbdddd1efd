/**
 * The donor bank for small-object copy-paste (Kisantal et al. 2019): small boxes cropped from the dataset
 * on the executors, a bounded, deterministic selection per class, turned into an
 * {@link io.augflow.augment.copypaste.DonorBank} for broadcast.
 */
package io.augflow.pipeline.donor;
