/**
 * Reading typed configuration from HOCON: {@link io.augflow.augment.conf.ConfBlock} gives every
 * {@code XxxConf} of every module (augment, pipeline, train, jobs) the same key checks and the same error
 * wording ("augflow.optimizer.learning-rate must be > 0, got -1"; "augflow.balance.strategi is not a known
 * key (known: [...])"). It lives in the lowest module so that the modules above share it.
 */
package io.augflow.augment.conf;
