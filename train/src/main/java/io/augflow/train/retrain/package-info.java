/**
 * Scheduled retraining, the parts that need no job runner: the {@code retrain} block ({@link RetrainConf}), what
 * counts as enough new data ({@link DataDelta}), and the pure rule that decides whether a challenger replaces the
 * champion ({@link PromotionRule} giving a {@link PromotionDecision} with its reasons). The {@code jobs} module
 * runs them ({@code augflow retrain}).
 */
package io.augflow.train.retrain;
