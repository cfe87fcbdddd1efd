package org.nd4j.nativeblas;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

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
 *
 * <p>The new binding is reached by reflection, not by a compile-time reference, because the {@code gpu} Maven profile
 * builds against nd4j-cuda, which has no {@code nativecpu} package: one source tree then compiles for both backends.
 * Under CUDA there is no oneDNN, and {@link Environment#isUseMKLDNN()} answers {@code false}.
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

        /**
         * @return whether libnd4j runs its oneDNN implementations, i.e. the M2.1 {@code isUseONEDNN()}; {@code false}
         *         when the CPU backend is not on the class path (the CUDA build)
         */
        public boolean isUseMKLDNN() {
            return CpuBinding.ENVIRONMENT != null && CpuBinding.useOneDnn();
        }
    }

    /**
     * The M2.1 {@code Environment} binding of nd4j-native, looked up once. Kept in its own holder so the lookup runs
     * on first use, as the direct reference did, not when DL4J loads the shim class.
     */
    private static final class CpuBinding {

        private static final String CLASS_NAME = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        /** The binding's singleton, or {@code null} when nd4j-native is absent. */
        private static final Object ENVIRONMENT;
        /** Its {@code isUseONEDNN()}, or {@code null} when nd4j-native is absent. */
        private static final Method IS_USE_ONEDNN;

        static {
            Object environment = null;
            Method isUseOneDnn = null;
            try {
                Class<?> binding = Class.forName(CLASS_NAME, true, Nd4jCpu.class.getClassLoader());
                environment = binding.getMethod("getInstance").invoke(null);
                isUseOneDnn = binding.getMethod("isUseONEDNN");
            } catch (ClassNotFoundException notCpuBackend) {
                // nd4j-cuda build: no CPU binding, hence no oneDNN.
            } catch (InvocationTargetException e) {
                throw rethrown(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("nd4j-native's " + CLASS_NAME
                        + " lacks getInstance() or isUseONEDNN(); the Nd4jCpu shim matches nd4j 1.0.0-M2.1 only", e);
            }
            ENVIRONMENT = environment;
            IS_USE_ONEDNN = isUseOneDnn;
        }

        private CpuBinding() {
        }

        static boolean useOneDnn() {
            try {
                return (Boolean) IS_USE_ONEDNN.invoke(ENVIRONMENT);
            } catch (InvocationTargetException e) {
                throw rethrown(e);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(CLASS_NAME + ".isUseONEDNN() is not accessible", e);
            }
        }

        /** What the binding itself threw (for example libnd4j failing to load), as a direct call would have. */
        private static RuntimeException rethrown(InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof RuntimeException r) {
                return r;
            }
            return new IllegalStateException(CLASS_NAME + " failed", cause);
        }
    }
}
