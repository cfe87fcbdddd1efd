/**
 * The ND4J/DL4J backend as augflow runs it. On the CPU: the oneDNN layer helpers switched on (with the
 * {@link org.nd4j.nativeblas.Nd4jCpu} shim), the check that they really are in use, and the JVM flags and OpenMP
 * environment every JVM that trains (launcher, Surefire, Spark executors) must carry. On GPU executors (the
 * {@code -Pgpu} build): the ND4J device each training task binds to, from the GPU Spark assigned it
 * ({@link io.augflow.train.backend.GpuDeviceChoice}, pure; {@link io.augflow.train.backend.TaskDevice}, the
 * adapter), and the clear failure when a GPU is asked for but ND4J cannot use it.
 */
package io.augflow.train.backend;
