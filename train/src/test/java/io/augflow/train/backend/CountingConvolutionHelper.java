package io.augflow.train.backend;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link ConvolutionHelper} that delegates and counts computed versus declined calls. */
final class CountingConvolutionHelper implements ConvolutionHelper {

    private final ConvolutionHelper delegate;
    private final HelperCalls calls;

    CountingConvolutionHelper(ConvolutionHelper delegate, HelperCalls calls) {
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
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
            int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
            IActivation afn, ConvolutionLayer.AlgoMode mode, ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
            ConvolutionLayer.BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode, int[] dilation,
            CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> r = delegate.backpropGradient(input, weights, bias, delta, kernel, strides, pad,
                biasGradView, weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation,
                format, workspaceMgr);
        HelperCalls.count(r, calls.convComputed, calls.convDeclined);
        return r;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides,
            int[] pad, ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo,
            ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        INDArray r = delegate.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode,
                dilation, format, workspaceMgr);
        HelperCalls.count(r, calls.convComputed, calls.convDeclined);
        return r;
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return delegate.activate(z, afn, training);
    }
}
