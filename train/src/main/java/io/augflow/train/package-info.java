/**
 * DL4J training on the augmented stream: the CPU backend set-up DL4J needs to be fast ({@code backend}),
 * models, losses, optimisers, minibatches, Spark parameter averaging, evaluation and checkpoints.
 */
package io.augflow.train;
