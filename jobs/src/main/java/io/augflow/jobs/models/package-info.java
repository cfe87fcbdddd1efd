/**
 * {@code augflow models}: the subcommands over the model registry ({@link io.augflow.train.registry}), their
 * shared options and their text output.
 */
package io.augflow.jobs.models;
