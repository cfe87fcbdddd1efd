/**
 * Reading typed training configuration from HOCON: {@link io.augflow.train.conf.ConfBlock} gives every
 * {@code XxxConf} of this module the same key checks and the same error wording
 * ("optimizer.learning-rate must be > 0, got -1").
 */
package io.augflow.train.conf;
