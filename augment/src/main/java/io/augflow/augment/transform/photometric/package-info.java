/**
 * Photometric transforms: they change pixel values but not where things are, so boxes pass through
 * unchanged (except {@link io.augflow.augment.transform.photometric.Cutout}, which erases pixels and drops
 * the boxes it hides). All work on 8-bit grey and BGR images and keep size, type and channel count.
 */
package io.augflow.augment.transform.photometric;
