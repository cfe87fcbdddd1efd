/**
 * A saved model put to use: {@code predict} and {@code evaluate} of a training output folder or an ensemble, built
 * from what the model recorded. The top of the {@code train} module: it may use the trainer's records
 * ({@code spark}), {@code ensemble}, {@code predict} and {@code evaluate}, and none of them uses it.
 */
package io.augflow.train.saved;
