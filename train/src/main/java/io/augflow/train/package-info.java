/**
 * DL4J training on the augmented stream: minibatches, models, losses, Spark parameter averaging,
 * evaluation and checkpoints.
 */
package io.augflow.train;
