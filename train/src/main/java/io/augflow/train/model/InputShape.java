package io.augflow.train.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The shape of one input image, channels first (NCHW without the minibatch), as the dataset metadata gives it.
 *
 * @param channels 1 (grey) or more, >= 1
 * @param height   pixels, >= 1
 * @param width    pixels, >= 1
 */
public record InputShape(int channels, int height, int width) implements java.io.Serializable {

    public InputShape {
        check(channels >= 1, "channels", channels);
        check(height >= 1, "height", height);
        check(width >= 1, "width", width);
    }

    /** DL4J's input type for this shape, NCHW. */
    public InputType inputType() {
        return InputType.convolutional(height, width, channels, CNN2DFormat.NCHW);
    }

    /** Shape of a minibatch of this input: {@code [batch, channels, height, width]}. */
    public long[] batchShape(int batch) {
        return new long[] {batch, channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }

    private static void check(boolean ok, String what, int value) {
        if (!ok) {
            throw new IllegalArgumentException("input " + what + " must be >= 1, got " + value);
        }
    }
}
