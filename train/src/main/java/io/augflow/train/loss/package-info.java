/**
 * Loss functions from the {@code loss} block: {@link io.augflow.train.loss.LossConf} gives a DL4J
 * {@link org.nd4j.linalg.lossfunctions.ILossFunction} (cross-entropy, class-weighted cross-entropy with weights
 * from the balancing statistics, or {@link io.augflow.train.loss.FocalLoss}).
 */
package io.augflow.train.loss;
