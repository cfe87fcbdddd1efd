package io.augflow.train.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.train.model.ModelSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a network costs, layer by layer: parameters, multiply-accumulates (MACs) per example, float32 activation
 * memory per example and receptive field, with totals. Computed from the configuration and the input type, so
 * it works before (or without) allocating weights.
 *
 * <p>MACs per example, with output {@code Ho x Wo x Co}, input channels {@code Ci}, kernel {@code kh x kw}:
 * convolution {@code Ho Wo Co kh kw Ci}; depthwise convolution (multiplier m, {@code Co = m Ci})
 * {@code Ho Wo Co kh kw}; separable convolution the depthwise part plus {@code Ho Wo m Ci Co}; transposed
 * convolution {@code Hi Wi Ci Co kh kw}; dense and output layers {@code nIn nOut}; batch normalisation one per
 * output value (scale and shift, foldable into the convolution at inference); pooling, activations and
 * element-wise vertices none. Receptive fields follow {@link ReceptiveField}.
 *
 * @param input  the input shape, e.g. {@code 1x28x28}
 * @param layers layers in forward order (a topological order for graphs)
 */
public record ModelSummary(String input, List<LayerSummary> layers) {
    private static final long FLOAT_BYTES = 4;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelSummary {
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(layers);
    }

    /** The summary of a built model specification. */
    public static ModelSummary of(ModelSpec spec) {
        InputType in = spec.input().inputType();
        return spec.isGraph() ? of(spec.graph(), in) : of(spec.multiLayer(), in);
    }

    public static ModelSummary of(MultiLayerNetwork net, InputType input) {
        return of(net.getLayerWiseConfigurations(), input);
    }

    public static ModelSummary of(ComputationGraph net, InputType input) {
        return of(net.getConfiguration(), input);
    }

    /** Summary of a layer stack for the given input type. */
    public static ModelSummary of(MultiLayerConfiguration conf, InputType input) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        List<LayerSummary> rows = new ArrayList<>();
        InputType in = input;
        ReceptiveField rf = ReceptiveField.INPUT;
        String previous = "input";
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            String name = layer.getLayerName() != null ? layer.getLayerName() : "layer" + i;
            InputType out = outputs.get(i);
            rf = receptiveField(layer, in, rf);
            rows.add(row(name, layer.getClass().getSimpleName(), List.of(previous), layer, in, out, rf));
            in = out;
            previous = name;
        }
        return new ModelSummary(shapeText(input), rows);
    }

    /** Summary of a graph with one input, vertices in topological order. */
    public static ModelSummary of(ComputationGraphConfiguration conf, InputType input) {
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("ModelSummary supports graphs with one input, got "
                    + conf.getNetworkInputs());
        }
        String inputName = conf.getNetworkInputs().get(0);
        Map<String, InputType> types = new HashMap<>(conf.getLayerActivationTypes(input));
        types.put(inputName, input);
        Map<String, ReceptiveField> fields = new HashMap<>();
        fields.put(inputName, ReceptiveField.INPUT);
        List<LayerSummary> rows = new ArrayList<>();
        for (String name : topologicalOrder(conf)) {
            if (name.equals(inputName)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(name);
            List<String> inputs = conf.getVertexInputs().get(name);
            InputType in = types.get(inputs.get(0));
            ReceptiveField rf = inputs.stream().map(fields::get).reduce(ReceptiveField::max).orElseThrow();
            Layer layer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            String type = layer != null ? layer.getClass().getSimpleName()
                    : vertex instanceof ElementWiseVertex e ? "ElementWiseVertex(" + e.getOp() + ")"
                    : vertex.getClass().getSimpleName();
            rf = receptiveField(layer, in, rf);
            fields.put(name, rf);
            rows.add(row(name, type, inputs, layer, in, types.get(name), rf));
        }
        return new ModelSummary(shapeText(input), rows);
    }

    public long totalParameters() {
        return layers.stream().mapToLong(LayerSummary::parameters).sum();
    }

    public long totalMacs() {
        return layers.stream().mapToLong(LayerSummary::macs).sum();
    }

    /** Bytes of all layer outputs for one example (float32): what a forward pass keeps for backprop. */
    public long totalActivationBytes() {
        return layers.stream().mapToLong(LayerSummary::activationBytes).sum();
    }

    /** The row of the named layer. */
    public LayerSummary layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer named " + name + " in the summary"));
    }

    /** JSON with the layers and the totals. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("input", input);
        doc.put("layers", layers);
        doc.put("totalParameters", totalParameters());
        doc.put("totalMacs", totalMacs());
        doc.put("totalActivationBytes", totalActivationBytes());
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model summary as JSON", e);
        }
    }

    /** A plain-text table, one row per layer, and the totals. */
    @Override
    public String toString() {
        String fmt = "%-22s %-26s %-12s %12s %15s %12s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append("input ").append(input).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, fmt, "layer", "type", "output", "params", "MACs", "act. bytes",
                "receptive field (jump)"));
        for (LayerSummary l : layers) {
            String rf = l.rfHeight() + "x" + l.rfWidth() + " ("
                    + (l.jumpHeight() == l.jumpWidth() ? l.jumpHeight() : l.jumpHeight() + "x" + l.jumpWidth()) + ")";
            sb.append(String.format(Locale.ROOT, fmt, l.name(), l.type(), l.shapeText(), group(l.parameters()),
                    group(l.macs()), group(l.activationBytes()), rf));
        }
        sb.append(String.format(Locale.ROOT, fmt, "total", "", "", group(totalParameters()), group(totalMacs()),
                group(totalActivationBytes()), ""));
        return sb.toString();
    }

    private static LayerSummary row(String name, String type, List<String> inputs, Layer layer, InputType in,
                                    InputType out, ReceptiveField rf) {
        long params = layer == null ? 0 : layer.initializer().numParams(layer);
        long macs = layer == null ? 0 : macs(layer, in, out);
        List<Long> shape = Arrays.stream(out.getShape(false)).boxed().toList();
        return new LayerSummary(name, type, inputs, shape, params, macs, out.arrayElementsPerExample() * FLOAT_BYTES,
                rf.height(), rf.width(), rf.jumpH(), rf.jumpW());
    }

    private static long macs(Layer layer, InputType in, InputType out) {
        if (layer instanceof ConvolutionLayer conv && out instanceof InputType.InputTypeConvolutional o
                && in instanceof InputType.InputTypeConvolutional i) {
            long kernel = (long) conv.getKernelSize()[0] * conv.getKernelSize()[1];
            long outPositions = o.getHeight() * o.getWidth();
            if (layer instanceof SeparableConvolution2D sep) {
                long mid = i.getChannels() * sep.getDepthMultiplier();
                return outPositions * (mid * kernel + mid * o.getChannels());
            }
            if (layer instanceof DepthwiseConvolution2D) {
                return outPositions * o.getChannels() * kernel;
            }
            if (layer instanceof Deconvolution2D) {
                return i.getHeight() * i.getWidth() * i.getChannels() * o.getChannels() * kernel;
            }
            return outPositions * o.getChannels() * kernel * i.getChannels();
        }
        if ((layer instanceof DenseLayer || layer instanceof BaseOutputLayer) && layer instanceof FeedForwardLayer ff) {
            return ff.getNIn() * ff.getNOut();
        }
        if (layer instanceof BatchNormalization) {
            return out.arrayElementsPerExample();
        }
        return 0;
    }

    private static ReceptiveField receptiveField(Layer layer, InputType in, ReceptiveField rf) {
        if (layer instanceof ConvolutionLayer c) {
            return rf.window(c.getKernelSize(), c.getStride(), dilation(c.getDilation()));
        }
        if (layer instanceof SubsamplingLayer p) {
            return rf.window(p.getKernelSize(), p.getStride(), dilation(p.getDilation()));
        }
        boolean seesWholeMap = layer instanceof GlobalPoolingLayer || layer instanceof DenseLayer
                || layer instanceof BaseOutputLayer;
        if (seesWholeMap && in instanceof InputType.InputTypeConvolutional c) {
            return rf.whole(c.getHeight(), c.getWidth());
        }
        return rf;
    }

    private static int[] dilation(int[] d) {
        return d == null ? new int[] {1, 1} : d;
    }

    /** Kahn's algorithm over the vertex inputs; ties keep the order the vertices were added in. */
    private static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String in : conf.getNetworkInputs()) {
            pending.put(in, 0);
        }
        for (String v : conf.getVertices().keySet()) {
            List<String> ins = inputsOf.getOrDefault(v, List.of());
            pending.put(v, ins.size());
            for (String in : ins) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(v);
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((v, n) -> {
            if (n == 0) {
                ready.add(v);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = ready.poll();
            order.add(v);
            for (String c : consumers.getOrDefault(v, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() != pending.size()) {
            throw new IllegalArgumentException("graph has a cycle or a dangling input; ordered " + order);
        }
        return order;
    }

    private static String shapeText(InputType t) {
        return String.join("x", Arrays.stream(t.getShape(false)).mapToObj(String::valueOf).toList());
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
