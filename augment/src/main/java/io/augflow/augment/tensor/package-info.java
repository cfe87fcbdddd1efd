/**
 * From augmented samples to network input: {@link io.augflow.augment.tensor.ToTensor} turns an 8-bit image
 * into normalised floats in CHW, RGB order, written straight into the training feed's minibatch arrays.
 */
package io.augflow.augment.tensor;
