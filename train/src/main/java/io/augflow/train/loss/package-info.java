/**
 * Loss functions from the {@code loss} block: {@link io.augflow.train.loss.LossConf} gives a DL4J
 * {@link org.nd4j.linalg.lossfunctions.ILossFunction} (cross-entropy, class-weighted cross-entropy with weights
 * from the balancing statistics, {@link io.augflow.train.loss.FocalLoss}, or the long-tail losses
 * {@link io.augflow.train.loss.LogitAdjustedLoss} (also balanced softmax) and {@link io.augflow.train.loss.LdamLoss}
 * with class counts from the training statistics), optionally class-balanced by effective number
 * ({@link io.augflow.pipeline.stats.EffectiveNumber}) in every epoch or from a later one on (deferred re-weighting).
 */
package io.augflow.train.loss;
