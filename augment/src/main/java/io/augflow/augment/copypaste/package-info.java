/**
 * Small-object copy-paste (Kisantal et al. 2019, boxes only): small objects, from the same image or from
 * a {@link io.augflow.augment.copypaste.DonorBank} built by the pipeline, pasted where they overlap no box.
 */
package io.augflow.augment.copypaste;
