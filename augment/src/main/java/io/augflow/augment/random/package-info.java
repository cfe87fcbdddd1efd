/**
 * Reproducible randomness: every random draw in augflow comes from a stream keyed by
 * (run seed, epoch, sample id, repeat index, transform position), never from global state, so a run
 * gives the same bytes whatever the thread, partition, executor or retry.
 */
package io.augflow.augment.random;
