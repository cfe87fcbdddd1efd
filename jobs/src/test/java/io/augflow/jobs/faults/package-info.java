/**
 * Fault-injection tests of the jobs end to end: the driver killed mid-training, damaged checkpoints and inputs,
 * unwritable targets and a full disk, with the test doubles (a Hadoop file system that fails on purpose, a child
 * JVM launcher, log and console capture) they need.
 */
package io.augflow.jobs.faults;
