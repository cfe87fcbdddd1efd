/**
 * A real multi-JVM Spark cluster for integration tests: {@code spark-submit} of the shaded submit jar onto
 * {@code local-cluster[2,1,1024]} (a master and two workers inside the driver JVM, each worker starting a separate
 * executor JVM), with the event log, the driver's log and the executor processes observed from the test, and
 * executors killed with SIGKILL on cue. Run by Failsafe ({@code mvn verify}), after the submit jar is built.
 */
package io.augflow.jobs.cluster;
