package io.augflow.train.backend;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;

/**
 * What a network built now would run on: each condition of the oneDNN path and the helpers a probe network got.
 *
 * @param helpersDisabled     DL4J's {@code org.eclipse.deeplearning4j.helpers.disable} as read now
 * @param platformExtension   JavaCPP's platform extension ({@code ""} when unset)
 * @param nativeLibrary       the libnd4j shared library JavaCPP loaded (its path names the build), or {@code "none"}
 * @param libnd4jOneDnn       the loaded libnd4j is the oneDNN build and has oneDNN switched on
 * @param dl4jOneDnnCheck     DL4J's own {@code BaseMKLDNNHelper.mklDnnEnabled()}
 * @param convolutionHelper   class of the helper a new {@code ConvolutionLayer} got, or {@code "none"}
 * @param subsamplingHelper   class of the helper a new {@code SubsamplingLayer} got, or {@code "none"}
 * @param nd4jThreads         libnd4j's thread count ({@code Nd4j.getEnvironment().maxThreads()})
 * @param ompWaitPolicy       {@code OMP_WAIT_POLICY} of this process, or {@code "unset"}
 */
public record OneDnnStatus(boolean helpersDisabled, String platformExtension, String nativeLibrary,
                           boolean libnd4jOneDnn,
                           boolean dl4jOneDnnCheck, String convolutionHelper, String subsamplingHelper,
                           int nd4jThreads, String ompWaitPolicy) {

    /** The value of a helper field when the layer got none. */
    public static final String NONE = "none";

    /** @return whether a convolution layer built now computes through oneDNN */
    public boolean oneDnnActive() {
        return MKLDNNConvHelper.class.getName().equals(convolutionHelper);
    }
}
