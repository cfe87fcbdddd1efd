package io.augflow.train.backend;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Counts how often a network's layer helpers really computed (returned a result) and how often they declined
 * (returned null, which makes DL4J use its built-in path), by wrapping each helper in a counting delegate.
 * A helper being attached proves nothing on its own: the oneDNN convolution helper declines every non-FLOAT call.
 */
final class HelperCalls {

    final AtomicInteger convComputed = new AtomicInteger();
    final AtomicInteger convDeclined = new AtomicInteger();
    final AtomicInteger poolComputed = new AtomicInteger();
    final AtomicInteger poolDeclined = new AtomicInteger();

    /** Wraps every helper of {@code net}'s layers; layers without a helper are left alone. */
    static HelperCalls instrument(MultiLayerNetwork net) {
        HelperCalls calls = new HelperCalls();
        for (Layer layer : net.getLayers()) {
            Object helper = layer.getHelper();
            if (helper instanceof ConvolutionHelper c) {
                setHelper(layer, new CountingConvolutionHelper(c, calls));
            } else if (helper instanceof SubsamplingHelper s) {
                setHelper(layer, new CountingSubsamplingHelper(s, calls));
            }
        }
        return calls;
    }

    private static void setHelper(Layer layer, Object helper) {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("helper");
                f.setAccessible(true);
                f.set(layer, helper);
                return;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set helper of " + layer.getClass().getName(), e);
            }
        }
        throw new IllegalStateException("no helper field in " + layer.getClass().getName());
    }

    static void count(Object result, AtomicInteger computed, AtomicInteger declined) {
        (result == null ? declined : computed).incrementAndGet();
    }

    @Override
    public String toString() {
        return "conv computed=" + convComputed + " declined=" + convDeclined
                + ", pool computed=" + poolComputed + " declined=" + poolDeclined;
    }
}
