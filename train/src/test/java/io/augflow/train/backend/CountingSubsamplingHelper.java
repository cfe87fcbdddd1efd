package io.augflow.train.backend;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link SubsamplingHelper} that delegates and counts computed versus declined calls. */
final class CountingSubsamplingHelper implements SubsamplingHelper {

    private final SubsamplingHelper delegate;
    private final HelperCalls calls;

    CountingSubsamplingHelper(SubsamplingHelper delegate, HelperCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public boolean checkSupported() {
        return delegate.checkSupported();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return delegate.helperMemoryUse();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides,
            int[] pad, PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> r = delegate.backpropGradient(input, epsilon, kernel, strides, pad, poolingType,
                convolutionMode, dilation, format, workspaceMgr);
        HelperCalls.count(r, calls.poolComputed, calls.poolDeclined);
        return r;
    }

    @Override
    public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad,
            PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        INDArray r = delegate.activate(input, training, kernel, strides, pad, poolingType, convolutionMode,
                dilation, format, workspaceMgr);
        HelperCalls.count(r, calls.poolComputed, calls.poolDeclined);
        return r;
    }
}
