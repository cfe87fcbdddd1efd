package io.augflow.augment.transform.geometric;

import java.io.Serializable;

/**
 * The size of the images a network takes: {@code width} x {@code height} pixels with {@code channels} (1 grey,
 * 3 colour) channels.
 */
public record InputSize(int width, int height, int channels) implements Serializable {

    public InputSize {
        if (width < 1 || width > Checks.MAX_SIDE || height < 1 || height > Checks.MAX_SIDE) {
            throw new IllegalArgumentException("an input size needs sides in [1, " + Checks.MAX_SIDE + "], got "
                    + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("an input size needs 1 (grey) or 3 (colour) channels, got " + channels);
        }
    }

    /** {@code WIDTHxHEIGHTxCHANNELS}, the form {@code model.input-size} accepts too. */
    @Override
    public String toString() {
        return width + "x" + height + "x" + channels;
    }
}
