/**
 * Loss functions from the {@code loss} block: {@link io.augflow.train.loss.LossConf} gives a DL4J
 * {@link org.nd4j.linalg.lossfunctions.ILossFunction} (cross-entropy, class-weighted cross-entropy with weights
 * from the balancing statistics, {@link io.augflow.train.loss.FocalLoss}, or the long-tail losses
 * {@link io.augflow.train.loss.LogitAdjustedLoss} (also balanced softmax) and {@link io.augflow.train.loss.LdamLoss}
 * with class counts from the training statistics; {@link io.augflow.train.loss.ClassBalancedWeights} gives
 * effective-number class weights for any of them).
 */
package io.augflow.train.loss;
