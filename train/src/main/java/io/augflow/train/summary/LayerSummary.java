package io.augflow.train.summary;

import java.util.List;
import java.util.Objects;

/**
 * One layer (or graph vertex) of a {@link ModelSummary}.
 *
 * @param name            layer or vertex name
 * @param type            DL4J class name, e.g. {@code ConvolutionLayer}, {@code ElementWiseVertex(Add)}
 * @param inputs          names of the layers feeding it ({@code "input"} for the network input)
 * @param outputShape     per-example output shape: {@code [C, H, W]} for feature maps, {@code [N]} for vectors
 * @param parameters      trainable and state parameters (batch norm counts its running mean and variance, as DL4J does)
 * @param macs            multiply-accumulates per example, forward pass
 * @param activationBytes bytes of the output for one example in float32
 * @param rfHeight        receptive field height in input pixels
 * @param rfWidth         receptive field width in input pixels
 * @param jumpHeight      input pixels between vertically adjacent outputs (cumulative stride)
 * @param jumpWidth       input pixels between horizontally adjacent outputs
 */
public record LayerSummary(String name, String type, List<String> inputs, List<Long> outputShape, long parameters,
                           long macs, long activationBytes, long rfHeight, long rfWidth, long jumpHeight,
                           long jumpWidth) {
    public LayerSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        inputs = List.copyOf(inputs);
        outputShape = List.copyOf(outputShape);
    }

    /** The output shape as {@code CxHxW} or {@code N}. */
    public String shapeText() {
        return String.join("x", outputShape.stream().map(String::valueOf).toList());
    }
}
