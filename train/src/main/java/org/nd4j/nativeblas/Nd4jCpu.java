package org.nd4j.nativeblas;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 find out that libnd4j was built with oneDNN.
 *
 * <p>Why it exists: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} (deeplearning4j-nn
 * 1.0.0-M2.1, verified in its bytecode) loads the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name
 * through {@code DL4JClassLoading.loadClassByName}, calls its public no-argument static method {@code getInstance()}
 * and then the public no-argument method {@code isUseMKLDNN()} on the returned object, expecting a {@link Boolean}.
 * In nd4j-native 1.0.0-M2.1 that class was moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}
 * and the method renamed to {@code isUseONEDNN()}; no jar of the release contains the old name. The lookup therefore
 * throws, DL4J records a permanent failure ({@code FAILED_CHECK}, once per JVM) and every convolution, pooling,
 * batch-norm and LRN layer silently uses the slow built-in path. This class restores the old name and forwards to
 * the new one, so the oneDNN layer helpers ({@code MKLDNNConvHelper}, {@code MKLDNNSubsamplingHelper}, ...) can be
 * created. See {@code io.augflow.train.backend.CpuBackend} for the other condition (the helpers-disable property).
 *
 * <p>It only reports what libnd4j says; it changes nothing. Remove it when DL4J's lookup matches nd4j again.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The old-name view of libnd4j's process-wide {@code Environment}; reached by DL4J through reflection only. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the single instance, as the old binding's {@code getInstance()} did */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** @return whether libnd4j runs its oneDNN implementations, i.e. the M2.1 {@code isUseONEDNN()} */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
