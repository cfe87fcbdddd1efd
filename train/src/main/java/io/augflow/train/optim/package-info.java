/**
 * Optimisers and learning-rate schedules from the {@code optimizer} block: {@link io.augflow.train.optim.OptimizerConf}
 * turns it into a DL4J {@link org.nd4j.linalg.learning.config.IUpdater}. Schedules DL4J lacks (cosine,
 * polynomial decay to zero, linear warm-up) and optimisers it lacks (plain heavy-ball momentum, AdamW, AdaBound)
 * are written here as JSON-serialisable DL4J types, so a saved network that uses them loads again.
 */
package io.augflow.train.optim;
