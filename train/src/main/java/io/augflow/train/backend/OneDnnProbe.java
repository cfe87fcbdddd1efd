package io.augflow.train.backend;

import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds a tiny conv/pool network the way a real one is built and reads back the helpers DL4J gave its layers. */
final class OneDnnProbe {

    /** JavaCPP's name for libnd4j in {@link Loader#getLoadedLibraries()}. */
    private static final String NATIVE_LIBRARY = "nd4jcpu";
    /** The folder of the oneDNN build inside the nd4j-native classifier jar. */
    private static final String ONEDNN_BUILD_DIR = "/linux-x86_64-onednn/";

    private OneDnnProbe() {
    }

    static OneDnnStatus run() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build())
                .setInputType(InputType.convolutional(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        String ext = System.getProperty(CpuBackend.PLATFORM_EXTENSION_KEY, "");
        String wait = System.getenv("OMP_WAIT_POLICY");
        String lib = Loader.getLoadedLibraries().getOrDefault(NATIVE_LIBRARY, OneDnnStatus.NONE);
        return new OneDnnStatus(
                Boolean.parseBoolean(System.getProperty(CpuBackend.HELPERS_DISABLE_KEY, "true")),
                ext,
                lib,
                lib.contains(ONEDNN_BUILD_DIR) && libnd4jOneDnnFlag(),
                BaseMKLDNNHelper.mklDnnEnabled(),
                helperName(net.getLayer(0)),
                helperName(net.getLayer(1)),
                Nd4j.getEnvironment().maxThreads(),
                wait == null ? "unset" : wait);
    }

    /** Reports libnd4j's flag, which reads {@code true} in the plain build too; hence the library path check. */
    private static boolean libnd4jOneDnnFlag() {
        try {
            return org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
        } catch (LinkageError notCpuBackend) {
            return false;
        }
    }

    private static String helperName(Layer layer) {
        LayerHelper helper = layer.getHelper();
        return helper == null ? OneDnnStatus.NONE : helper.getClass().getName();
    }
}
