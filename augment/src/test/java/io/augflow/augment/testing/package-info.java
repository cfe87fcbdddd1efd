/**
 * Helpers for tests of augment and the modules above it: seeded noise images, box and ellipse masks,
 * bounding rectangles of masks and raw bytes of images.
 */
package io.augflow.augment.testing;
