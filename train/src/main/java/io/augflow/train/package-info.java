/**
 * Training: the CPU backend set-up DL4J needs to be fast ({@code backend}), the models ({@code model}) and, later,
 * minibatches from the augmented stream and Spark parameter averaging.
 */
package io.augflow.train;
