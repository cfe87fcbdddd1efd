package io.augflow.train.backend;

import java.util.Locale;

/**
 * Switches DL4J's oneDNN layer helpers on or off for this JVM, and reports whether they are really in use.
 *
 * <p>Why: out of the box DL4J 1.0.0-M2.1 runs convolutions through its built-in im2col path, which spends its time
 * in libnd4j copy loops (about 10x slower than oneDNN here; see shared/STACK.md). The oneDNN path needs three things:
 * the {@code linux-x86_64-onednn} build of libnd4j (the build's classifier, loaded because of
 * {@code -Dorg.bytedeco.javacpp.platform.extension=-onednn}), the {@link org.nd4j.nativeblas.Nd4jCpu} shim, and
 * {@code org.eclipse.deeplearning4j.helpers.disable=false}, which this class sets.
 *
 * <p>Ordering, read from deeplearning4j-nn 1.0.0-M2.1:
 * <ul>
 *   <li>{@code HelperUtils.createHelper} reads {@value #HELPERS_DISABLE_KEY} (default {@code true}) with
 *       {@code System.getProperty} on every call, and that call happens in each layer's constructor, i.e. in
 *       {@code MultiLayerNetwork.init()}, {@code clone()}, model restore, and on Spark executors when DL4J's worker
 *       rebuilds the network. So the property must be set before a network is built, not before class loading; a
 *       network keeps the helpers it was built with. On executors, only {@code -D} in
 *       {@code spark.executor.extraJavaOptions} reaches DL4J's worker (see {@link CpuLaunchSettings}).</li>
 *   <li>{@code BaseMKLDNNHelper.mklDnnEnabled()} remembers a failed lookup of the shim for the life of the JVM, and
 *       checks {@code Nd4j.getEnvironment().helpersAllowed()} on each call.</li>
 *   <li>{@value #PLATFORM_EXTENSION_KEY} is read by JavaCPP when ND4J first loads its native library; it must be on
 *       the command line (or set before anything touches {@code Nd4j}). {@link #configure(boolean)} sets it only if
 *       absent, as a last resort.</li>
 *   <li>The oneDNN convolution helper only handles FLOAT inputs and weights: for DOUBLE it returns no result and
 *       the layer uses the built-in path (so DL4J's double-precision gradient check never exercises it).</li>
 * </ul>
 *
 * <p>Threads: libnd4j sizes its OpenMP pool from {@code OMP_NUM_THREADS} ({@code OPENBLAS_NUM_THREADS} is ignored);
 * set it to the cores the JVM may use. {@code OMP_WAIT_POLICY=PASSIVE} makes idle OpenMP threads sleep instead of
 * spinning, which matters because DL4J alternates many short native ops with Java work. Both are environment
 * variables read when the native library starts, so they can only come from whoever starts the JVM
 * ({@link CpuLaunchSettings#environment()}).
 */
public final class CpuBackend {

    /** augflow's switch: {@code true} (default) uses the oneDNN helpers, {@code false} DL4J's built-in layers. */
    public static final String ONEDNN_KEY = "augflow.train.onednn";
    /** DL4J's property; {@code true} (DL4J's default) creates no layer helper at all. */
    public static final String HELPERS_DISABLE_KEY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's property choosing the native build; the project ships only the oneDNN build. */
    public static final String PLATFORM_EXTENSION_KEY = "org.bytedeco.javacpp.platform.extension";
    /** The value of {@link #PLATFORM_EXTENSION_KEY} matching the {@code linux-x86_64-onednn} classifier. */
    public static final String ONEDNN_EXTENSION = "-onednn";
    /**
     * augflow's key for the array length from which libnd4j splits an element-wise op over its threads; libnd4j's
     * own default is 1024. Read by {@link #tuneNd4j()}.
     */
    public static final String ELEMENTWISE_THRESHOLD_KEY = "augflow.train.elementwiseThreshold";
    /**
     * The default of {@value #ELEMENTWISE_THRESHOLD_KEY}: small element-wise ops (bias adds, pooled activations,
     * dense activations) then run on the calling thread instead of paying an OpenMP fork/join each. Provisional:
     * LeNet-5 trained faster in 7 of 9 paired runs (bench/README.md), on a shared, noisy machine; re-check on a quiet
     * one, and set 1024 to get libnd4j's behaviour back.
     */
    public static final int DEFAULT_ELEMENTWISE_THRESHOLD = 65_536;

    private CpuBackend() {
    }

    /**
     * Applies {@value #ONEDNN_KEY} from the system properties (default {@code true}); call before building networks.
     *
     * @return the value applied
     * @throws IllegalArgumentException if the property is neither {@code true} nor {@code false}
     */
    public static boolean configureFromSystemProperties() {
        boolean onednn = parseSwitch(System.getProperty(ONEDNN_KEY));
        configure(onednn);
        return onednn;
    }

    /**
     * Enables or disables DL4J's oneDNN layer helpers for networks built after this call.
     *
     * @param onednn {@code true} for the oneDNN path, {@code false} for DL4J's built-in layers
     */
    public static void configure(boolean onednn) {
        System.setProperty(ONEDNN_KEY, Boolean.toString(onednn));
        System.setProperty(HELPERS_DISABLE_KEY, Boolean.toString(!onednn));
        if (System.getProperty(PLATFORM_EXTENSION_KEY) == null) {
            System.setProperty(PLATFORM_EXTENSION_KEY, ONEDNN_EXTENSION);
        }
    }

    /**
     * Applies the in-process ND4J tuning ({@value #ELEMENTWISE_THRESHOLD_KEY}, default
     * {@value #DEFAULT_ELEMENTWISE_THRESHOLD}). Unlike {@link #configure(boolean)} it initialises ND4J, and it has no
     * command-line equivalent, so each JVM must call it: the driver after {@code configure}, executors from the
     * first augflow code they run (for example the function that builds minibatches). Idempotent and cheap.
     *
     * @return the threshold now in effect
     * @throws IllegalArgumentException if the property is not an integer >= 1
     */
    public static int tuneNd4j() {
        String raw = System.getProperty(ELEMENTWISE_THRESHOLD_KEY);
        int threshold = DEFAULT_ELEMENTWISE_THRESHOLD;
        if (raw != null) {
            try {
                threshold = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                threshold = 0;
            }
            if (threshold < 1) {
                throw new IllegalArgumentException(ELEMENTWISE_THRESHOLD_KEY + " must be an integer >= 1, got '"
                        + raw + "'");
            }
        }
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setElementwiseThreshold(threshold);
        return threshold;
    }

    /**
     * Parses the switch's value.
     *
     * @param value the property value, or {@code null} when unset (meaning the default, {@code true})
     * @return the switch
     */
    static boolean parseSwitch(String value) {
        if (value == null) {
            return true;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(ONEDNN_KEY + " must be true or false, got '" + value + "'");
    }

    /**
     * Builds a small probe network with the current settings and reports which helpers its layers got.
     *
     * @return what is in use now
     */
    public static OneDnnStatus status() {
        return OneDnnProbe.run();
    }

    /**
     * Fails unless a convolution layer built now gets the oneDNN helper; for the bench and for jobs that must not
     * silently train ten times slower.
     *
     * @throws IllegalStateException naming every condition and its value
     */
    public static void requireOneDnn() {
        OneDnnStatus s = status();
        if (!s.oneDnnActive()) {
            throw new IllegalStateException("the oneDNN convolution helper is not in use: " + s
                    + " (needs " + HELPERS_DISABLE_KEY + "=false, " + PLATFORM_EXTENSION_KEY + "=" + ONEDNN_EXTENSION
                    + " on the command line, the linux-x86_64-onednn nd4j-native jar, and org.nd4j.nativeblas.Nd4jCpu)");
        }
    }
}
