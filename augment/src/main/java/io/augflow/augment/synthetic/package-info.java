/**
 * A deterministic generator of realistic test images: OpenCV-drawn shapes on textured backgrounds,
 * with a long-tail class imbalance and a share of images holding small objects. The embedded default
 * data of augflow's demo and tests.
 */
package io.augflow.augment.synthetic;
