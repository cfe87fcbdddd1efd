/**
 * Not augflow's package: it holds only the {@link org.nd4j.nativeblas.Nd4jCpu} compatibility shim, which must sit
 * at the class name DL4J 1.0.0-M2.1 looks up by reflection (nd4j-native-api owns the rest of this package).
 */
package org.nd4j.nativeblas;
