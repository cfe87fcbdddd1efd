/**
 * Which epoch of a run is kept as {@code model.zip}: the validation metric that ranks epochs, the rule that picks the
 * best one (ties keep the earlier epoch) and early stopping by patience. Pure: no Spark, no DL4J.
 */
package io.augflow.train.best;
