/**
 * The ND4J/DL4J CPU backend as augflow runs it: the oneDNN layer helpers switched on (with the
 * {@link org.nd4j.nativeblas.Nd4jCpu} shim), the check that they really are in use, and the JVM flags and
 * OpenMP environment every JVM that trains (launcher, Surefire, Spark executors) must carry.
 */
package io.augflow.train.backend;
